"""The catalogue of external tools and methods for soil organic carbon (roadmap B4 and E1): models,
calculators, databases, maps, spectroscopy, remote sensing, field protocols and crediting methodologies,
each described from its public documentation (``sources``). Seeded from ``data/tools.yaml``
(``tools.catalogue``); the secretariat adds, edits and retires entries; members propose new ones.

``monitoring`` marks a tool or method that measures, maps or models soil organic carbon stocks or their
change (what KPI E1 counts: ``tools.kpis``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.core.models import DemoFlag, TimeStamped


class ToolCategory(models.TextChoices):
    MODEL = "model", _("Simulation model")
    CALCULATOR = "calculator", _("Calculator")
    DATABASE = "database", _("Database")
    MAP = "map", _("Map")
    SPECTROSCOPY = "spectroscopy", _("Spectroscopy")
    REMOTE_SENSING = "remote_sensing", _("Remote sensing")
    FIELD_PROTOCOL = "field_protocol", _("Field and MRV protocol")
    METHODOLOGY = "methodology", _("Crediting methodology")


class Scale(models.TextChoices):
    PLOT = "plot", _("Plot")
    FARM = "farm", _("Farm")
    LANDSCAPE = "landscape", _("Landscape")
    NATIONAL = "national", _("National")
    GLOBAL = "global", _("Global")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    FREE_NON_COMMERCIAL = "free_non_commercial", _("Free for non-commercial use")
    FREEMIUM = "freemium", _("Free with paid options")
    PAID = "paid", _("Paid")
    NOT_STATED = "not_stated", _("Not stated")


class LicenceKind(models.TextChoices):
    OPEN_SOURCE = "open_source", _("Open source")
    OPEN_DATA = "open_data", _("Open data licence")
    OWN_TERMS = "own_terms", _("Publisher's own terms")
    PROPRIETARY = "proprietary", _("Proprietary")
    NOT_STATED = "not_stated", _("Not stated")


#: Languages a tool's interface or documentation may come in (ISO 639-1 code -> name).
TOOL_LANGUAGES = {
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "zh": _("Chinese"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "de": _("German"),
}


class ToolStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Proposed, awaiting the secretariat")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    RETIRED = "retired", _("Retired")


def split_codes(text: str) -> list[str]:
    """The codes of a space-separated field (``scales``, ``languages``)."""
    return [code for code in (text or "").split() if code]


class ExternalTool(TimeStamped, DemoFlag):
    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    developer = models.CharField(_("developer"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=ToolCategory.choices)
    purpose = models.TextField(_("purpose"))
    inputs = models.TextField(_("inputs"))
    outputs = models.TextField(_("outputs"))
    scales = models.CharField(
        _("scales"),
        max_length=100,
        help_text=_("Codes separated by spaces: plot farm landscape national global."),
    )
    cost = models.CharField(_("cost"), max_length=20, choices=Cost.choices, default=Cost.NOT_STATED)
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by spaces; empty: not stated."),
    )
    licence_kind = models.CharField(
        _("kind of licence"), max_length=20, choices=LicenceKind.choices, default=LicenceKind.NOT_STATED
    )
    licence = models.CharField(_("licence as stated"), max_length=300, blank=True)
    validation = models.TextField(_("validation"))
    validation_reference = models.CharField(_("validation reference"), max_length=500, blank=True)
    link = models.URLField(_("address"), max_length=500)
    sources = models.TextField(_("documentation read"), help_text=_("One address per line."))
    monitoring = models.BooleanField(
        _("monitors soil organic carbon"),
        default=False,
        help_text=_("It measures, maps or models soil organic carbon stocks or their change."),
    )
    last_checked = models.DateField(_("last checked"))
    status = models.CharField(
        _("status"), max_length=20, choices=ToolStatus.choices, default=ToolStatus.PUBLISHED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_tools",
        verbose_name=_("proposed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("external tool")
        verbose_name_plural = _("external tools")

    def __str__(self) -> str:
        return f"{self.name} (demo)" if self.is_demo else self.name

    def get_absolute_url(self) -> str:
        return reverse("tools:tool-detail", args=[self.slug])

    @property
    def scale_list(self) -> list[str]:
        return split_codes(self.scales)

    @property
    def scale_labels(self) -> list[str]:
        labels = dict(Scale.choices)
        return [str(labels.get(code, code)) for code in self.scale_list]

    @property
    def language_list(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def language_labels(self) -> list[str]:
        return [str(TOOL_LANGUAGES.get(code, code)) for code in self.language_list]

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in (self.sources or "").splitlines() if line.strip()]

    @property
    def is_published(self) -> bool:
        return self.status == ToolStatus.PUBLISHED
