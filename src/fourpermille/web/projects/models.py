"""Projects and their sites. A project's ``status`` is its place in the STC assessment workflow
(``fourpermille.web.assessment.workflow`` is the only code that changes it after creation).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.commitments.models import currency_code
from fourpermille.web.community.models import Organisation, Region
from fourpermille.web.core import roles
from fourpermille.web.core.models import DemoFlag, TimeStamped
from fourpermille.web.resources.models import Practice
from fourpermille.web.roadmap.models import RoadmapObjective


class Modality(models.IntegerChoices):
    """The two modalities of the STC's formative assessment."""

    NEW = 1, _("New project seeking funds")
    ONGOING = 2, _("Ongoing project seeking recognition")


class ProjectStatus(models.TextChoices):
    """Workflow states, in order. ``ineligible`` and ``safeguard_failed`` end the workflow."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBILITY = "eligibility", _("Eligibility check")
    INELIGIBLE = "ineligible", _("Not eligible")
    IN_REVIEW = "in_review", _("In review")
    SAFEGUARD_FAILED = "safeguard_failed", _("Review ended: safeguard not met")
    COMPLETED = "completed", _("Assessment completed")
    PUBLISHED = "published", _("Published as investment opportunity")


#: Projects the STC has selected (objective A2's KPI, "projects selected"): assessment completed or published.
SELECTED_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.PUBLISHED)


class PrimaryAim(models.TextChoices):
    """Eligibility: the primary objective must be a quantifiable SOC increase or, at least, reduced losses."""

    SOC_INCREASE = "soc_increase", _("Quantifiable increase of SOC stocks")
    SOC_LOSS_REDUCTION = "soc_loss_reduction", _("Reduction of SOC losses")
    OTHER = "other", _("Other primary aim")


REQUEST_LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        """The projects ``user`` may see: the one definition pages, API, dashboards and the
        ``projects.view_project`` permission use.

        Published projects for everyone; plus, for the secretariat all, for an editor their organisation's,
        for a reviewer the projects assigned to them (and no others).
        """
        if roles.is_secretariat(user):
            return self
        condition = models.Q(status=ProjectStatus.PUBLISHED)
        if roles.is_editor(user):
            condition |= models.Q(organisation_id=roles.editor_organisation_id(user))
        if roles.is_reviewer(user):
            condition |= models.Q(assessment__assignments__reviewer=user)
        return self.filter(condition).distinct()


class Project(TimeStamped, DemoFlag):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="projects", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    country = models.CharField(_("country"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    modality = models.PositiveSmallIntegerField(_("modality"), choices=Modality.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    language = models.CharField(
        _("language of the request"),
        max_length=2,
        choices=REQUEST_LANGUAGES,
        default="en",
        help_text=_("The FASP registry takes requests in English, French or Spanish."),
    )
    primary_aim = models.CharField(_("primary aim"), max_length=30, choices=PrimaryAim.choices)
    area_ha = models.DecimalField(
        _("area [ha]"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_code])
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="projects", verbose_name=_("practices")
    )
    objectives = models.ManyToManyField(
        RoadmapObjective,
        blank=True,
        related_name="projects",
        verbose_name=_("strategy objectives"),
        help_text=_("Objectives of the initiative's strategy the project contributes to."),
    )
    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[practices, objectives])

    class Meta:
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not be before the start.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the budget.")
        if errors:
            raise ValidationError(errors)

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.organisation_id

    @property
    def is_published(self) -> bool:
        return self.status == ProjectStatus.PUBLISHED


class ClimateZone(models.TextChoices):
    """IPCC (2006/2019) default climate zones, as used for Tier 1 stock change factors."""

    TROPICAL_MONTANE = "tropical_montane", _("Tropical montane")
    TROPICAL_WET = "tropical_wet", _("Tropical wet")
    TROPICAL_MOIST = "tropical_moist", _("Tropical moist")
    TROPICAL_DRY = "tropical_dry", _("Tropical dry")
    WARM_TEMPERATE_MOIST = "warm_temperate_moist", _("Warm temperate moist")
    WARM_TEMPERATE_DRY = "warm_temperate_dry", _("Warm temperate dry")
    COOL_TEMPERATE_MOIST = "cool_temperate_moist", _("Cool temperate moist")
    COOL_TEMPERATE_DRY = "cool_temperate_dry", _("Cool temperate dry")
    BOREAL_MOIST = "boreal_moist", _("Boreal moist")
    BOREAL_DRY = "boreal_dry", _("Boreal dry")
    POLAR_MOIST = "polar_moist", _("Polar moist")
    POLAR_DRY = "polar_dry", _("Polar dry")


class SoilClass(models.TextChoices):
    """IPCC default soil classes (2019 Refinement, Vol 4, Ch 2, Table 2.3; the codes of fourpermille.ipcc)."""

    HAC = "HAC", _("High activity clay mineral soils")
    LAC = "LAC", _("Low activity clay mineral soils")
    SAN = "SAN", _("Sandy soils")
    POD = "POD", _("Spodic soils")
    VOL = "VOL", _("Volcanic soils")
    WET = "WET", _("Wetland soils")


# Physical bounds of the site descriptors (a value outside is a typing error, not a rare soil).
CLAY_PCT_RANGE = (0, 100)  # [%] mass fraction of the fine earth


def validate_geometry(text: str) -> None:
    """A GeoJSON Point, Polygon or MultiPolygon in longitude/latitude (WGS 84) that the core's checks pass
    (``fourpermille.geometry.check_site_geometry``), with the problem worded in the user's language."""
    from fourpermille.web.projects.geometry import checked_geometry

    checked_geometry(text)


class Site(TimeStamped, DemoFlag):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sites", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    geometry = models.TextField(
        _("geometry (GeoJSON)"),
        validators=[validate_geometry],
        help_text=_(
            "A GeoJSON Point, Polygon or MultiPolygon in longitude, latitude, e.g. "
            '{"type": "Point", "coordinates": [2.35, 48.85]}'
        ),
    )
    geometry_type = models.CharField(_("geometry type"), max_length=20, editable=False, blank=True)
    area_ha = models.FloatField(
        _("area [ha]"),
        editable=False,
        null=True,
        help_text=_("Geodesic area on the WGS 84 ellipsoid; none for a point."),
    )
    geometry_source = models.CharField(
        _("geometry source"),
        max_length=255,
        editable=False,
        blank=True,
        help_text=_("The file the geometry was read from; empty when drawn on the map or typed."),
    )
    longitude = models.FloatField(_("longitude"), editable=False, null=True)
    latitude = models.FloatField(_("latitude"), editable=False, null=True)
    climate_zone = models.CharField(_("climate zone"), max_length=30, choices=ClimateZone.choices)
    soil_class = models.CharField(
        _("soil class (IPCC)"),
        max_length=3,
        choices=SoilClass.choices,
        blank=True,
        help_text=_("IPCC default soil class, as the Tier 1 reference stocks use it."),
    )
    wrb_group = models.CharField(_("soil group (WRB)"), max_length=60, blank=True)
    clay_pct = models.FloatField(
        _("clay [%]"),
        null=True,
        blank=True,
        validators=[MinValueValidator(CLAY_PCT_RANGE[0]), MaxValueValidator(CLAY_PCT_RANGE[1])],
    )
    baseline_soc_t_ha = models.FloatField(
        _("baseline SOC stock [t C/ha]"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    baseline_depth_cm = models.FloatField(
        _("baseline depth [cm]"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:site-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.measure()
        super().save(*args, **kwargs)

    def measure(self) -> None:
        """Centroid [degrees], type and geodesic area [ha] from the geometry, by the core's one check
        (all None when the text is not a usable geometry; the form and the API refuse those first)."""
        from fourpermille.web.projects.geometry import measure

        checked = measure(self.geometry)
        if checked is None:
            self.longitude = self.latitude = self.area_ha = None
            self.geometry_type = ""
        else:
            self.longitude, self.latitude = checked.longitude, checked.latitude
            self.geometry_type = checked.geometry_type
            self.area_ha = checked.area_ha if checked.geometry_type != "Point" else None

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.project.organisation_id


class WorkflowEvent(models.Model):
    """One transition of a project's workflow: who, when, from, to, why."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project")
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self) -> str:
        return f"{self.project}: {self.from_status} -> {self.to_status}"
