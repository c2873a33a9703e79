"""Commitments: what each signatory of the Declaration of Intent sets itself (target, types of action,
timetable, dedicated resources). Every saved revision is kept (``history``) and numbered (``revision``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.community.models import Organisation
from fourpermille.web.core.models import DemoFlag, TimeStamped
from fourpermille.web.resources.models import Practice

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, e.g. EUR."))


class TargetUnit(models.TextChoices):
    HECTARES = "ha", _("hectares")
    T_C_YR = "t_c_yr", _("t C/yr")
    T_CO2E_YR = "t_co2e_yr", _("t CO2e/yr")
    FARMERS = "farmers", _("farmers reached")
    PROJECTS = "projects", _("projects")
    COUNTRIES = "countries", _("countries")


class ResourceKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    STAFF = "staff", _("Staff time")
    IN_KIND = "in_kind", _("In kind")
    RESEARCH = "research", _("Research programme")


class Commitment(TimeStamped, DemoFlag):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    target_text = models.TextField(_("target"), help_text=_("The target in the signatory's own words."))
    target_value = models.DecimalField(
        _("target value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    target_unit = models.CharField(_("target unit"), max_length=20, choices=TargetUnit.choices, blank=True)
    actions = models.ManyToManyField(
        Practice, blank=True, related_name="commitments", verbose_name=_("types of action")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    resources_amount = models.DecimalField(
        _("dedicated resources"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    resources_currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_code])
    resources_kind = models.CharField(
        _("kind of resources"), max_length=20, choices=ResourceKind.choices, blank=True
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["organisation__name", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not be before the start.")
        if (self.target_value is None) != (not self.target_unit):
            errors["target_unit"] = _("Give the target value and its unit together.")
        if self.resources_amount is not None and not self.resources_currency:
            errors["resources_currency"] = _("Give the currency of the dedicated resources.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self.revision = (
                type(self).objects.filter(pk=self.pk).values_list("revision", flat=True).first() or 0
            ) + 1
        super().save(*args, **kwargs)

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.organisation_id


class Milestone(TimeStamped):
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("commitment")
    )
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    achieved = models.BooleanField(_("achieved"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.date}: {self.description}"

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.commitment.organisation_id
