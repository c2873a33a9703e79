"""The resource library: documents (guides, reports, policy briefs, data sets, training material, scientific
articles) that members upload and the secretariat publishes.

A document points to its content by a DOI, an uploaded file or an address (at least one). Its title and
summary are translated fields (``title_en``, ``title_fr``, ``title_es`` ...: ``translation.py``); an uploader
may fill one language only, and pages show the reader's language where it exists, else the document's own
language, saying which (``Document.shown``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.community.models import Organisation, Region
from fourpermille.web.core import roles
from fourpermille.web.core.models import DemoFlag, TimeStamped
from fourpermille.web.core.translated import languages
from fourpermille.web.resources.models import Practice

#: A DOI as the DOI Handbook defines it (section 2.2): "10.", a registrant code of digits (dot-separated),
#: "/", then a suffix of printable characters.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")
#: Prefixes people paste in front of a DOI; stored without them.
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
#: Oldest publication year accepted.
FIRST_YEAR = 1900


def normalise_doi(value: str) -> str:
    """``value`` without a resolver prefix or blanks (``https://doi.org/10.1/x`` -> ``10.1/x``)."""
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :].strip()
    return value


def validate_doi(value: str) -> None:
    if value and not DOI_PATTERN.match(normalise_doi(value)):
        raise ValidationError(
            _("“%(value)s” is not a DOI: a DOI reads like 10.1016/j.geoderma.2017.01.002."),
            code="doi",
            params={"value": value},
        )


class DocumentKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    REPORT = "report", _("Report")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    DATASET = "dataset", _("Data set")
    TRAINING = "training", _("Training material")
    ARTICLE = "article", _("Scientific article")


class DocumentLanguage(models.TextChoices):
    """The language the document itself is written in (not the language of its metadata)."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    OTHER = "other", _("Other language")


class DocumentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for the secretariat")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Topic(models.Model):
    """A theme of the library (filter and grouping); its name is translated."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


def document_path(instance, filename: str) -> str:
    """Where an uploaded document is stored: a random name under ``library/`` keeping only the (validated)
    extension; the name the uploader gave is kept in ``file_name``, never in a path."""
    return f"library/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


@dataclass(frozen=True)
class Shown:
    """A translated text as a page shows it, and the language it is in (for the ``lang`` attribute)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


class DocumentQuerySet(models.QuerySet):
    def published(self) -> DocumentQuerySet:
        return self.filter(status=DocumentStatus.PUBLISHED)

    def visible_to(self, user) -> DocumentQuerySet:
        """The documents ``user`` may see (the one definition pages, search and ``library.view_document``
        use): published ones; the secretariat sees all, a member also its organisation's submissions."""
        if roles.is_secretariat(user):
            return self
        condition = models.Q(status=DocumentStatus.PUBLISHED)
        organisation_id = roles.editor_organisation_id(user)
        if organisation_id is not None:
            condition |= models.Q(organisation_id=organisation_id)
        if getattr(user, "is_authenticated", False):
            condition |= models.Q(uploaded_by=user)
        return self.filter(condition)

    def about_practice(self, practice) -> DocumentQuerySet:
        """The documents linked to ``practice``, newest first (the practice page lists them)."""
        return self.filter(practices=practice).order_by("-year", "pk").distinct()


class Document(DemoFlag, TimeStamped):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_("As cited, e.g. “Minasny B., Malone B.P. et al.”"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    language = models.CharField(
        _("language of the document"), max_length=5, choices=DocumentLanguage.choices, default="en"
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("e.g. 10.1016/j.geoderma.2017.01.002"),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="documents", verbose_name=_("topics"))
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="library_documents", verbose_name=_("practices")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.SUBMITTED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("uploaded by"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("organisation"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    #: Where the metadata of a catalogue entry was checked (the public page read); empty for uploads.
    source = models.URLField(_("metadata checked at"), max_length=500, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[topics, practices])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("library document")
        verbose_name_plural = _("library documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DocumentStatus.values), name="library_document_status_valid"
            )
        ]

    def __str__(self) -> str:
        return str(self.shown("title"))

    @property
    def organisation_id_for_permissions(self) -> int | None:
        return self.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("library:document-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def shown(self, field: str) -> Shown:
        """``field`` in the reader's language if filled, else in the document's own language, else the first
        language that has it: with the language it is in."""
        current = (get_language() or "en")[:2]
        order = [current, self.language, *languages()]
        for lang in dict.fromkeys(order):
            text = getattr(self, f"{field}_{lang}", None) if lang in languages() else None
            if text:
                return Shown(text, lang)
        return Shown("", current)

    @property
    def shown_title(self) -> Shown:
        return self.shown("title")

    @property
    def shown_summary(self) -> Shown:
        return self.shown("summary")

    def clean(self):
        super().clean()
        self.doi = normalise_doi(self.doi)
        if not any(getattr(self, f"title_{lang}", None) for lang in languages()):
            raise ValidationError({f"title_{languages()[0]}": _("Give the title in at least one language.")})
        if not (self.doi or self.url or self.file):
            raise ValidationError(_("Give a DOI, an address or a file: readers need a way to the document."))
