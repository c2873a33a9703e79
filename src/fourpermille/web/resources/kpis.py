"""The roadmap KPIs this app counts from its records (``roadmap.kpi_types.KpiCount``).

A3 "studies and success stories": :func:`studies_per_year`, the case studies the secretariat published in a
calendar year.

B2 "regions with the good-practice database delivered": :func:`regions_with_database`. A region counts when
at least :data:`MIN_PRACTICES_PER_REGION` catalogue practices have local evidence there: a project of the
region applying the practice with a computed ex-ante estimate or a verified MRV result, or a published case
study of the region naming it (``services.with_local_evidence``, the same definition as the practice list's
region filter). Regions are those of ``community.Region``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from fourpermille.web.community.models import Region
from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus, Practice
from fourpermille.web.resources.services import with_local_evidence
from fourpermille.web.roadmap.kpi_types import KpiCount

#: Catalogue practices with local evidence a region needs to count as having the database (B2).
MIN_PRACTICES_PER_REGION = 5


def _path(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def studies_per_year(year: int) -> KpiCount:
    """Case studies published in ``year`` (A3), linked to the case-study list filtered on that year."""
    studies = CaseStudy.objects.filter(status=CaseStudyStatus.PUBLISHED, decided_at__year=year)
    count = studies.count()
    url = f"{_path('resources:case-study-list')}?{urlencode({'published_year': year})}"
    return KpiCount(float(count), count, studies.filter(is_demo=True).exists(), url)


def _demo_evidence(practice_ids, region: str) -> bool:
    """Whether any record giving these practices local evidence in ``region`` is demo data."""
    from django.db.models import Q

    return (
        Practice.objects.filter(pk__in=practice_ids)
        .filter(
            Q(projects__region=region, projects__is_demo=True)
            | Q(case_studies__region=region, case_studies__is_demo=True)
        )
        .exists()
    )


def regions_with_database() -> KpiCount:
    """Regions where at least ``MIN_PRACTICES_PER_REGION`` practices have local evidence (B2); ``records``:
    the (practice, region) pairs counted; the link lists the practices with local evidence in those
    regions."""
    regions, pairs, demo = [], 0, False
    for region in Region.values:
        ids = list(with_local_evidence(Practice.objects.all(), region).values_list("pk", flat=True))
        if len(ids) >= MIN_PRACTICES_PER_REGION:
            regions.append(region)
            pairs += len(ids)
            demo = demo or _demo_evidence(ids, region)
    url = _path("resources:practice-list")
    if regions:
        url += "?" + urlencode([("region", region) for region in regions])
    return KpiCount(float(len(regions)), pairs, demo, url)
