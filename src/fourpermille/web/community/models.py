"""Members and partners of the initiative: organisations, and the people who act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
