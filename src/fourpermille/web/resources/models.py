"""The good-practice catalogue and documents (toolbox)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.core.models import TimeStamped


class PracticeCategory(models.TextChoices):
    CROPLAND = "cropland", _("Cropland")
    GRASSLAND = "grassland", _("Grassland and grazing")
    AGROFORESTRY = "agroforestry", _("Agroforestry and trees")
    RESTORATION = "restoration", _("Land restoration")
    WATER = "water", _("Water and erosion")
    PEATLAND = "peatland", _("Peatlands and wetlands")


class Practice(TimeStamped):
    """A type of action that can build or keep soil organic carbon (the catalogue commitments use)."""

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
        return self.name

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
