"""Demo case studies: four invented stories by the demo editors' organisations, in their regions, one in each
status (two published, one waiting for the secretariat, one draft). Flagged ``is_demo`` and named "(demo)"."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus, Practice

#: (author, title, practices (codes), year, status, published on, summary, body)
STUDIES = [
    (
        "demo-editor-1",
        "Winter cover crops on smallholder maize fields (demo)",
        ["cover-crops", "no-till"],
        2019,
        CaseStudyStatus.PUBLISHED,
        dt.date(2025, 3, 14),
        "Forty farms replaced bare winter fallow with a vetch and oat mixture sown into the stubble.",
        "Invented for the demonstration. The cooperative lent a direct seeder and the farmers sowed the "
        "mixture after the maize harvest.\n\nAfter five years the topsoil was darker and less crusted; the "
        "sampled "
        "fields held more carbon than their neighbours without cover.",
    ),
    (
        "demo-editor-2",
        "Trees back in the pastures (demo)",
        ["agroforestry", "improved-grazing"],
        2017,
        CaseStudyStatus.PUBLISHED,
        dt.date(2026, 2, 2),
        "Ranchers planted native trees in rows across their pastures and moved the herds more often.",
        "Invented for the demonstration. Shade reduced heat stress of the cattle, and rotational grazing let "
        "the grass recover between passages.\n\nThe group now trains neighbouring ranches.",
    ),
    (
        "demo-editor-3",
        "Compost from the town market (demo)",
        ["compost", "manure"],
        2021,
        CaseStudyStatus.SUBMITTED,
        None,
        "Market waste composted with manure and spread on vegetable plots around the town.",
        "Invented for the demonstration. The municipality collects the market waste; a women's group runs "
        "the compost site and sells the compost to growers.",
    ),
    (
        "demo-editor-4",
        "Ending overgrazing on communal rangeland (demo)",
        ["improved-grazing", "degraded-land-restoration"],
        2022,
        CaseStudyStatus.DRAFT,
        None,
        "Herders agreed grazing periods and rested a third of the rangeland each year.",
        "Invented for the demonstration. A draft its author is still writing.",
    ),
]


def load_app_demo() -> None:
    """Create the demo case studies once (idempotent: an existing title is left as it is)."""
    User = get_user_model()
    secretariat = User.objects.filter(username="demo-secretariat").first()
    for username, title, codes, year, status, published, summary, body in STUDIES:
        if CaseStudy.objects.filter(title=title).exists():
            continue
        author = User.objects.filter(username=username).select_related("person__organisation").first()
        organisation = getattr(getattr(author, "person", None), "organisation", None)
        if organisation is None:
            continue
        practices = list(Practice.objects.filter(code__in=codes))
        project = organisation.projects.filter(is_demo=True, practices__in=practices).order_by("pk").first()
        decided = timezone.make_aware(dt.datetime.combine(published, dt.time(10, 0))) if published else None
        study = CaseStudy.objects.create(
            title=title,
            summary=summary,
            body=body,
            region=organisation.region,
            country=organisation.country,
            year=year,
            project=project,
            organisation=organisation,
            submitted_by=author,
            is_demo=True,
        )
        # the status is not editable in forms: set it as the workflow would have, without notifications
        CaseStudy.objects.filter(pk=study.pk).update(
            status=status,
            decided_by=secretariat if published else None,
            decided_at=decided,
        )
        study.practices.set(practices)
