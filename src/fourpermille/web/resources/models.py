"""The good-practice catalogue and documents (toolbox)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille import practices
from fourpermille.web.core.models import TimeStamped


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


class DocumentKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    TOOL = "tool", _("Tool")
    DATASET = "dataset", _("Data set")
    POLICY = "policy", _("Policy")


class Document(TimeStamped):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    url = models.URLField(_("address"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    summary = models.TextField(_("summary"), blank=True)
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="documents", verbose_name=_("practices")
    )
    history = HistoricalRecords(m2m_fields=[practices])

    class Meta:
        ordering = ["title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
