"""What the practice pages show, read from the science catalogue (``fourpermille.practices``): effects with
their ranges, the land uses and climates a practice applies to, and its references (DOI links). The platform's
``Practice`` records only say which catalogue practice a project or commitment names."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fourpermille import practices
from fourpermille.web.projects.models import ClimateZone
from fourpermille.web.resources.models import Practice, catalogue_id

#: IPCC land uses of the catalogue (``fourpermille.ipcc.tables.LAND_USES``) as users read them.
LAND_USE_LABELS = {
    "long_term_cultivated": _("Cropland (long-term cultivated)"),
    "paddy_rice": _("Paddy rice"),
    "perennial_tree_crop": _("Perennial tree crops"),
    "set_aside": _("Set-aside"),
    "grassland": _("Grassland"),
    "native": _("Native (unmanaged) land"),
}
DOI_URL = "https://doi.org/"


@dataclass(frozen=True)
class Effect:
    """One published number: what it measures (with its unit), value and range, and its reference key."""

    measure: str
    value: float | None
    low: float | None
    high: float | None
    range: str
    reference: str


@dataclass(frozen=True)
class PracticeSheet:
    record: Practice
    name: str
    description: str
    category: str
    land_uses: list[str]
    climates: list[str]
    quantified: bool
    no_effect_note: str = ""
    no_effect_reference: str = ""
    ipcc_level: str = ""
    ipcc_note: str = ""
    ipcc_reference: str = ""
    effects: list[Effect] = field(default_factory=list)
    rothc_note: str = ""
    #: Whether the catalogue gives a default RothC extra input (a published carbon input) for the practice.
    has_rothc_input: bool = False
    co_benefits: list[dict] = field(default_factory=list)
    trade_offs: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)

    @property
    def headline(self) -> Effect | None:
        """The number the list shows: the first published rate, else the first other number."""
        return self.effects[0] if self.effects else None


def _effects(entry: practices.Practice) -> list[Effect]:
    effects = []

    def add(measure, item):
        effects.append(
            Effect(
                str(measure),
                item.get("value"),
                item.get("low"),
                item.get("high"),
                item.get("range", ""),
                item["reference"],
            )
        )

    for item in entry.sequestration:
        add(_("SOC sequestration rate [t C/ha/yr]"), item)
    for item in entry.extra.get("relative_change_pct", []):
        add(_("Relative change of the SOC stock [%]"), item)
    for item in entry.extra.get("factor_change", []):
        source = LAND_USE_LABELS.get(item.get("from_land_use"), item.get("from_land_use", ""))
        add(_("Stock change factor from %(land_use)s [-]") % {"land_use": source}, item)
    if "soc_stock_gain_t_c_ha" in entry.extra:
        add(_("SOC stock gain [t C/ha]"), entry.extra["soc_stock_gain_t_c_ha"])
    if "manure_c_retention_pct" in entry.extra:
        add(_("Manure carbon retained in the soil [%]"), entry.extra["manure_c_retention_pct"])
    if entry.rothc_extra_input:
        add(_("Extra carbon input for RothC [t C/ha/yr]"), entry.rothc_extra_input)
    return effects


def _climates(entry: practices.Practice) -> list[str]:
    if practices.ALL_CLIMATES in entry.climates:
        return [str(_("all climate zones"))]
    labels = dict(ClimateZone.choices)
    return [str(labels.get(zone, zone)) for zone in entry.climates]


def practice_sheet(record: Practice) -> PracticeSheet:
    """The catalogue's content for ``record``, in the active language where the catalogue translates it."""
    db = practices.load()
    entry = db.practices.get(catalogue_id(record.code))
    if entry is None:  # a record the secretariat added outside the catalogue: name and description only
        return PracticeSheet(
            record, record.name, record.description, record.get_category_display(), [], [], quantified=False
        )
    language = get_language()
    ipcc = entry.ipcc or {}
    levels = ", ".join(
        f"{k.replace('_', ' ')}: {v}" for k, v in ipcc.items() if k in ("land_use", "management", "input")
    )
    marker = entry.no_quantified_effect or {}
    keys = entry.references()
    for extra_key in (marker.get("reference"),):
        if extra_key and extra_key not in keys:
            keys.append(extra_key)
    references = []
    for key in keys:
        ref = db.references[key]
        references.append(
            {
                "key": key,
                "citation": " ".join(ref["citation"].split()),
                "doi": ref.get("doi", ""),
                "doi_url": DOI_URL + ref["doi"] if ref.get("doi") else "",
                "url": ref.get("url", ""),
            }
        )
    return PracticeSheet(
        record=record,
        name=entry.name_in(language),
        description=entry.description_in(language),
        category=record.get_category_display(),
        land_uses=[str(LAND_USE_LABELS.get(use, use)) for use in entry.land_uses],
        climates=_climates(entry),
        quantified=entry.has_quantified_effect,
        no_effect_note=marker.get("text", ""),
        no_effect_reference=marker.get("reference", ""),
        ipcc_level=levels,
        ipcc_note=ipcc.get("note", "") or entry.extra.get("ipcc_note", ""),
        ipcc_reference=ipcc.get("reference", ""),
        effects=_effects(entry),
        rothc_note=" ".join(str(entry.extra.get("rothc_note", "")).split()),
        has_rothc_input=entry.rothc_extra_input is not None,
        co_benefits=list(entry.co_benefits),
        trade_offs=list(entry.trade_offs),
        references=references,
    )


def practice_sheets(records) -> list[PracticeSheet]:
    return [practice_sheet(record) for record in records]


# --- local evidence: the projects that apply a practice ------------------------------------------------


def with_local_evidence(queryset, regions):
    """The practices of ``queryset`` with local evidence in any of ``regions`` (keys of community.Region):
    a project of the region applying the practice with a computed ex-ante estimate or a verified MRV result,
    or a published case study of the region naming the practice."""
    from django.db.models import Q

    from fourpermille.web.estimates.models import ExAnteStatus
    from fourpermille.web.resources.models import CaseStudyStatus

    regions = [regions] if isinstance(regions, str) else list(regions)
    return queryset.filter(
        Q(
            projects__region__in=regions,
            projects__ex_ante__status=ExAnteStatus.OK,
            projects__ex_ante__change_t_ha_yr__isnull=False,
        )
        | Q(projects__region__in=regions, projects__mrv_records__verified=True)
        | Q(case_studies__region__in=regions, case_studies__status=CaseStudyStatus.PUBLISHED)
    ).distinct()


@dataclass(frozen=True)
class LocalEvidence:
    """What the platform's own records say of a practice: (region label, ``evidence.RegionEvidence``) per
    region, and the local records among all the figures the page shows (``evidence.local_share``)."""

    regions: list
    local: int
    total: int

    @property
    def has_local(self) -> bool:
        return self.local > 0


def local_evidence(record: Practice, published: int) -> LocalEvidence:
    """The local evidence of ``record``: every computed ex-ante estimate and every readable verified MRV
    result of the projects applying it (all projects: the page shows only counts and rates, never which
    project), summarised per region by ``fourpermille.practices.evidence``. ``published``: the number of
    catalogue figures the page shows beside them."""
    from fourpermille.practices import evidence
    from fourpermille.web.estimates.models import ExAnteRecord, ExAnteStatus, MrvRecord
    from fourpermille.web.estimates.services import readable_results

    rows = [
        evidence.EvidenceRow(region, project_id, "ex_ante", rate)
        for region, project_id, rate in ExAnteRecord.objects.filter(
            project__practices=record, status=ExAnteStatus.OK, change_t_ha_yr__isnull=False
        ).values_list("project__region", "project_id", "change_t_ha_yr")
    ]
    verified = (
        MrvRecord.objects.filter(project__practices=record, verified=True)
        .select_related("project")
        .defer("report_html", "report_pdf")
    )
    for mrv, result, _why in readable_results(verified):
        if result is not None:
            rows.append(
                evidence.EvidenceRow(mrv.project.region, mrv.project_id, "measured", result.change_t_ha_yr)
            )
    from fourpermille.web.community.models import Region

    regions = evidence.summarise(rows)
    local, total = evidence.local_share(regions, published)
    labels = dict(Region.choices)
    return LocalEvidence([(labels.get(r.region, r.region), r) for r in regions], local, total)


# --- case studies: submit, decide (the one place their status changes) ---------------------------------


class CaseStudyError(Exception):
    """A workflow step not allowed in the case study's status (the message says why)."""


def submit_case_study(study, user):
    """The author sends a draft (or a rejected study, changed) to the secretariat."""
    from django.db import transaction

    from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus
    from fourpermille.web.resources.signals import case_study_submitted

    with transaction.atomic():
        study = CaseStudy.objects.select_for_update().get(pk=study.pk)
        if study.status not in (CaseStudyStatus.DRAFT, CaseStudyStatus.REJECTED):
            raise CaseStudyError(_("Only a draft or a rejected case study can be submitted."))
        study.status = CaseStudyStatus.SUBMITTED
        study.decided_by, study.decided_at = None, None
        study.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        case_study_submitted.send(sender=CaseStudy, study=study, by=user)
    return study


def decide_case_study(study, user, publish: bool):
    """The secretariat publishes or rejects a submitted case study."""
    from django.db import transaction
    from django.utils import timezone

    from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus
    from fourpermille.web.resources.signals import case_study_decided

    with transaction.atomic():
        study = CaseStudy.objects.select_for_update().get(pk=study.pk)
        if study.status != CaseStudyStatus.SUBMITTED:
            raise CaseStudyError(_("Only a submitted case study can be published or rejected."))
        study.status = CaseStudyStatus.PUBLISHED if publish else CaseStudyStatus.REJECTED
        study.decided_by, study.decided_at = user, timezone.now()
        study.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        case_study_decided.send(sender=CaseStudy, study=study, by=user)
    return study
