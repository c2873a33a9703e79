"""The good-practice catalogue and documents (toolbox)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille import practices
from fourpermille.web.community.models import Organisation, Region
from fourpermille.web.core.models import DemoFlag, TimeStamped


class PracticeCategory(models.TextChoices):
    """The categories of the practice catalogue (``fourpermille.practices.CATEGORIES``)."""

    TILLAGE = "tillage", _("Tillage")
    SOIL_COVER = "soil_cover", _("Soil cover")
    ORGANIC_INPUTS = "organic_inputs", _("Organic inputs")
    NUTRIENT_MANAGEMENT = "nutrient_management", _("Nutrient management")
    CROP_DIVERSIFICATION = "crop_diversification", _("Crop diversification")
    AGROFORESTRY = "agroforestry", _("Agroforestry and trees")
    GRASSLAND_MANAGEMENT = "grassland_management", _("Grassland and grazing")
    RESTORATION = "restoration", _("Land restoration")
    WATER_MANAGEMENT = "water_management", _("Water management")
    RICE = "rice", _("Rice")
    PEATLAND = "peatland", _("Peatlands and wetlands")


def catalogue_id(code: str) -> str:
    """The practice id in ``fourpermille.practices`` of a platform code (the id with hyphens: a URL slug)."""
    return code.replace("-", "_")


def platform_code(practice_id: str) -> str:
    """The platform code of a catalogue practice id (inverse of :func:`catalogue_id`)."""
    return practice_id.replace("_", "-")


class Practice(TimeStamped):
    """A practice of the catalogue (``fourpermille.practices``), seeded from it; commitments and projects
    refer to it. Its effects, ranges and references are read from the catalogue, never copied here."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PracticeCategory.choices)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self) -> str:
        return self.display_name

    def catalogue_entry(self):
        """The catalogue's practice (``fourpermille.practices.Practice``), or None for a code it lacks."""
        db = practices.load()
        return db.practices.get(catalogue_id(self.code))

    @property
    def display_name(self) -> str:
        """The name in the active language (the catalogue's translation; else the stored English name)."""
        entry = self.catalogue_entry()
        return entry.name_in(get_language()) if entry is not None else self.name

    @property
    def display_description(self) -> str:
        entry = self.catalogue_entry()
        return entry.description_in(get_language()) if entry is not None else self.description

    def get_absolute_url(self) -> str:
        return reverse("resources:practice-detail", args=[self.code])


# --- Case studies and success stories (roadmap objective A3) ---------------------------------------------


class CaseStudyStatus(models.TextChoices):
    """A member writes a draft and submits it; the secretariat publishes or rejects it."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class CaseStudyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published case studies for everyone; plus a user's own; all of them for the secretariat."""
        from fourpermille.web.core import roles

        if roles.is_secretariat(user):
            return self
        condition = models.Q(status=CaseStudyStatus.PUBLISHED)
        if getattr(user, "is_authenticated", False):
            condition |= models.Q(submitted_by=user)
        return self.filter(condition)


#: Years a case study may describe (first year of the practice on the ground).
CASE_STUDY_YEARS = (1900, 2100)


class CaseStudy(TimeStamped, DemoFlag):
    """A case study or success story of practices on the ground, written by a member organisation and
    published by the secretariat. Its text stays in the language its author wrote it in."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences shown in lists."))
    body = models.TextField(
        _("story"), help_text=_("What was done, where, with what result and what was learnt.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language you write the case study in (it is shown as written)."),
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    country = models.CharField(_("country"), max_length=100)
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(CASE_STUDY_YEARS[0]), MaxValueValidator(CASE_STUDY_YEARS[1])],
        help_text=_("Year the practices started on the ground."),
    )
    practices = models.ManyToManyField(
        Practice,
        related_name="case_studies",
        verbose_name=_("practices"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_studies",
        verbose_name=_("project"),
        help_text=_("The project on this platform the story comes from, if any."),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_studies", verbose_name=_("organisation")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_studies",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CaseStudyStatus.choices,
        default=CaseStudyStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    objects = CaseStudyQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[practices])

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:case-study-detail", args=[self.pk])

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.organisation_id
