"""Members and partners of the initiative: organisations, and the people who act for them."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.core.models import DemoFlag, TimeStamped


class OrganisationType(models.TextChoices):
    """The initiative's organisation types (members_2017.csv, assessment_framework.md)."""

    STATE = "state", _("State or local authority")
    INTERNATIONAL = "international", _("International organisation")
    DONOR = "donor", _("Donor or foundation")
    BANK = "bank", _("Development bank or fund")
    FARMERS = "farmers", _("Farmers' organisation")
    RESEARCH = "research", _("Research or education")
    NGO = "ngo", _("NGO or civil society")
    COMPANY = "company", _("Company")


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia and Pacific")
    EUROPE = "europe", _("Europe")
    LATIN_AMERICA = "latin_america", _("Latin America and Caribbean")
    NORTH_AMERICA = "north_america", _("North America")
    MIDDLE_EAST = "middle_east", _("Middle East and North Africa")


class Body(models.TextChoices):
    """Consortium (decision body, non-profit members) or Partners Forum (all signatories)."""

    CONSORTIUM = "consortium", _("Consortium member")
    FORUM = "forum", _("Forum partner")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Fields only the secretariat sets: membership and standing, which the eligibility check and the
#: progress dashboards read. Forms, API serializers and the admin show them read-only to everyone else.
SECRETARIAT_FIELDS = ("status", "body", "declaration_signed")


class Organisation(TimeStamped, DemoFlag):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    body = models.CharField(_("membership"), max_length=20, choices=Body.choices, default=Body.FORUM)
    declaration_signed = models.DateField(
        _("Declaration of Intent signed"),
        null=True,
        blank=True,
        help_text=_("Date the organisation signed the Declaration of Intent."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:organisation-detail", args=[self.pk])

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.pk


class Person(TimeStamped):
    """A user's place in the initiative: the organisation they edit for (organisation editors)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    expertise = models.CharField(
        _("expertise"), max_length=200, blank=True, help_text=_("For STC reviewers: fields of expertise.")
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Language of the platform's e-mails to you (empty: the site's default)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def document_path(instance, filename: str) -> str:
    """Where an uploaded document is stored: a random name under ``join-requests/``, keeping only the
    (already validated) extension; the name the applicant gave is kept in the record, never in a path."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"join-requests/{uuid.uuid4().hex}{suffix}"


class JoinRequestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    PENDING = "pending", _("Waiting for the secretariat")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class JoinRequest(TimeStamped):
    """An organisation's application to join the initiative, as the initiative takes them: who it is, its
    contact, the signed Declaration of Intent and, for a Consortium member, proof of non-profit status.

    The contact confirms the e-mail address first; then the secretariat approves (the organisation is
    created, and its contact invited to open the first account) or rejects with a reason
    (``community.services``)."""

    name = models.CharField(_("organisation name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    body = models.CharField(
        _("applies as"),
        max_length=20,
        choices=Body.choices,
        default=Body.FORUM,
        help_text=_("Consortium members are non-profit; every signatory joins the Forum."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("what the organisation does for soils"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_position = models.CharField(_("position in the organisation"), max_length=200, blank=True)
    declaration_signed = models.DateField(_("Declaration of Intent signed on"))
    declaration = models.FileField(_("signed Declaration of Intent"), upload_to=document_path)
    declaration_name = models.CharField(_("file name"), max_length=255, editable=False)
    non_profit_proof = models.FileField(_("proof of non-profit status"), upload_to=document_path, blank=True)
    non_profit_proof_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=JoinRequestStatus.choices, default=JoinRequestStatus.UNCONFIRMED
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests",
        verbose_name=_("organisation"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:join-detail", args=[self.pk])


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(accepted_at__isnull=True, revoked=False, expires_at__gt=timezone.now())


class Invitation(TimeStamped):
    """A one-time link to open an account for an organisation (as its editor). Only the token's SHA-256
    is stored: the link in the e-mail is the only copy of the token. It expires, and works once."""

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    join_request = models.ForeignKey(
        JoinRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.organisation})"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        """(token for the link, digest to store)."""
        token = secrets.token_urlsafe(32)
        return token, _token_digest(token)

    @classmethod
    def find(cls, token: str):
        """The invitation of ``token`` (whatever its state), or None."""
        return cls.objects.filter(token_sha256=_token_digest(token)).select_related("organisation").first()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and not self.revoked and self.expires_at > timezone.now()

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.organisation_id
