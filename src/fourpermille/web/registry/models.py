"""The registry (docs/guide/registry.md): accounts, issuances from verified MRV results, serial blocks,
transfers, retirements, cancellations and the append-only hash-chained ledger.

The rules (units from credits, serials, splits, hashes, invariants) are ``fourpermille.registry``'s; these
models store what it returns. Invariants the database can hold are constraints here (positive blocks, a
block's state matches its retirement or cancellation, one issuance per MRV result and per project period);
those across rows (issued = held + retired + cancelled + buffer, serials never overlap, the chain) are checked
by ``registry_verify`` through the same core functions the services use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fourpermille import registry as rules
from fourpermille.web.community.models import Organisation
from fourpermille.web.core.models import DemoFlag, TimeStamped
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.projects.models import Project


class AccountKind(models.TextChoices):
    HOLDING = "holding", _("holding")
    BUFFER = "buffer", _("buffer (non-permanence)")


class Account(TimeStamped, DemoFlag):
    """An organisation's holding account, or the registry's one buffer account."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=AccountKind.choices, default=AccountKind.HOLDING
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registry_account",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["kind", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="holding", organisation__isnull=False)
                | Q(kind="buffer", organisation__isnull=True),
                name="registry_account_holding_has_organisation",
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="buffer"), name="registry_one_buffer"),
        ]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return str(self.organisation) if self.organisation_id else str(_("Buffer account"))

    @property
    def organisation_id_for_permissions(self) -> int | None:
        return self.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("registry:account", args=[self.pk])


class ExternalRegistry(models.TextChoices):
    VERRA = "verra", "Verra (VCS)"
    GOLD_STANDARD = "gold-standard", "Gold Standard"
    NATIONAL = "national", _("national registry")
    OTHER = "other", _("other registry")


class ExternalCredit(models.Model):
    """A project's ID in another registry and the years that registry credited (double-claim check)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="external_credits", verbose_name=_("project")
    )
    registry = models.CharField(_("registry"), max_length=20, choices=ExternalRegistry.choices)
    registry_name = models.CharField(_("registry name"), max_length=100, blank=True)
    external_id = models.CharField(_("ID in that registry"), max_length=100)
    credited_from = models.PositiveIntegerField(_("credited from (year)"), null=True, blank=True)
    credited_to = models.PositiveIntegerField(_("credited to (year)"), null=True, blank=True)

    class Meta:
        ordering = ["project", "registry", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credited_from__isnull=True, credited_to__isnull=True)
                | Q(credited_to__gt=F("credited_from")),
                name="registry_external_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["registry", "external_id", "project"], name="registry_external_once"
            ),
        ]
        verbose_name = _("ID in another registry")
        verbose_name_plural = _("IDs in other registries")

    def __str__(self) -> str:
        return f"{self.get_registry_display()} {self.external_id}"


class Issuance(DemoFlag):
    """Units issued for one project and monitoring period from its verified MRV result."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="issuances", verbose_name=_("project")
    )
    mrv_record = models.OneToOneField(
        MrvRecord, on_delete=models.PROTECT, related_name="issuance", verbose_name=_("MRV result")
    )
    period = models.CharField(_("monitoring period"), max_length=30)
    vintage = models.PositiveIntegerField(_("vintage"))
    rule_set = models.CharField(_("rule set"), max_length=20, choices=[(r, r) for r in rules.RULE_SETS])
    credits_t_co2e = models.FloatField(_("credits [t CO2e]"))
    buffer_t_co2e = models.FloatField(_("buffer deduction [t CO2e]"))
    units = models.PositiveIntegerField(_("units issued [t CO2e]"))
    buffer_units = models.PositiveIntegerField(_("units to the buffer [t CO2e]"))
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("first holder")
    )
    verifier = models.CharField(_("verifier"), max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    evidence_hash = models.CharField(_("evidence hash (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="registry_one_issuance_per_period"),
            models.CheckConstraint(
                condition=Q(units__gte=1) & Q(buffer_units__lte=F("units")), name="registry_issuance_units"
            ),
        ]
        verbose_name = _("issuance")
        verbose_name_plural = _("issuances")

    def __str__(self) -> str:
        return f"{self.project} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("registry:issuance", args=[self.pk])

    @property
    def holder_units(self) -> int:
        return self.units - self.buffer_units


class BlockState(models.TextChoices):
    ACTIVE = rules.ACTIVE, _("active")
    RETIRED = rules.RETIRED, _("retired")
    CANCELLED = rules.CANCELLED, _("cancelled")
    SPLIT = "split", _("split (replaced by its parts)")


class Retirement(DemoFlag):
    """Units retired for good on behalf of a beneficiary: no longer transferable."""

    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="retirements", verbose_name=_("account")
    )
    quantity = models.PositiveIntegerField(_("units [t CO2e]"))
    beneficiary = models.CharField(_("beneficiary"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300)
    location = models.CharField(_("location"), max_length=100, help_text=_("Country or region of the claim."))
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retired by"),
    )
    retired_at = models.DateTimeField(_("retired"), auto_now_add=True)

    class Meta:
        ordering = ["-retired_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="registry_retirement_positive")
        ]
        verbose_name = _("retirement")
        verbose_name_plural = _("retirements")

    def __str__(self) -> str:
        return f"{self.quantity} t CO2e, {self.beneficiary}"

    def get_absolute_url(self) -> str:
        return reverse("registry:retirement", args=[self.pk])


class Cancellation(models.Model):
    """Units cancelled by the secretariat (a loss found at the next verification): the buffer first."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="cancellations", verbose_name=_("project")
    )
    quantity = models.PositiveIntegerField(_("units [t CO2e]"))
    from_buffer = models.PositiveIntegerField(_("of which from the buffer"))
    reason = models.CharField(_("reason"), max_length=300)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), auto_now_add=True)

    class Meta:
        ordering = ["-cancelled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(from_buffer__lte=F("quantity")),
                name="registry_cancellation_units",
            ),
        ]
        verbose_name = _("cancellation")
        verbose_name_plural = _("cancellations")


class Transfer(models.Model):
    source = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to")
    )
    quantity = models.PositiveIntegerField(_("units [t CO2e]"))
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred by"),
    )
    transferred_at = models.DateTimeField(_("transferred"), auto_now_add=True)

    class Meta:
        ordering = ["-transferred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & ~Q(source=F("target")), name="registry_transfer_two_accounts"
            ),
        ]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")


class Block(models.Model):
    """Serials ``first..last`` of an issuance's project and vintage, held by ``account``."""

    issuance = models.ForeignKey(
        Issuance, on_delete=models.PROTECT, related_name="blocks", verbose_name=_("issuance")
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="blocks", verbose_name=_("account")
    )
    first = models.PositiveIntegerField(_("first serial"))
    last = models.PositiveIntegerField(_("last serial"))
    state = models.CharField(_("state"), max_length=10, choices=BlockState.choices, default=BlockState.ACTIVE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("split from"),
    )
    retirement = models.ForeignKey(
        Retirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blocks",
        verbose_name=_("retirement"),
    )
    cancellation = models.ForeignKey(
        Cancellation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blocks",
        verbose_name=_("cancellation"),
    )

    class Meta:
        ordering = ["issuance", "first", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first__gte=1) & Q(last__gte=F("first")), name="registry_block_positive"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in BlockState]), name="registry_block_state_known"
            ),
            models.CheckConstraint(
                condition=(Q(state="retired") & Q(retirement__isnull=False))
                | (~Q(state="retired") & Q(retirement__isnull=True)),
                name="registry_block_retired_has_retirement",
            ),
            models.CheckConstraint(
                condition=(Q(state="cancelled") & Q(cancellation__isnull=False))
                | (~Q(state="cancelled") & Q(cancellation__isnull=True)),
                name="registry_block_cancelled_has_cancellation",
            ),
        ]
        indexes = [models.Index(fields=["account", "state"])]
        verbose_name = _("serial block")
        verbose_name_plural = _("serial blocks")

    def __str__(self) -> str:
        return self.serial

    @property
    def quantity(self) -> int:
        return self.last - self.first + 1

    def as_core(self) -> rules.Block:
        return rules.Block(self.issuance.project_id, self.issuance.vintage, self.first, self.last)

    @property
    def serial(self) -> str:
        return rules.serial(self.issuance.project_id, self.issuance.vintage, self.first, self.last)


class LedgerHead(models.Model):
    """The one row that every append locks (so concurrent events chain one after the other)."""

    sequence = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, default=rules.GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="registry_single_ledger_head")]


class LedgerEntry(models.Model):
    """One event, chained: ``hash`` covers the entry and ``previous_hash`` (``fourpermille.registry``)."""

    sequence = models.PositiveIntegerField(_("sequence"), unique=True)
    kind = models.CharField(_("event"), max_length=20)
    payload = models.JSONField(_("event data"))
    evidence = models.JSONField(_("evidence"), default=dict)
    evidence_hash = models.CharField(_("evidence hash"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"{self.sequence} {self.kind}"

    def as_core(self) -> rules.Entry:
        return rules.Entry(
            self.sequence, self.kind, self.payload, self.evidence_hash, self.previous_hash, self.hash
        )


class LabelStatus(models.TextChoices):
    GRANTED = "granted", _("granted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class WithdrawalCause(models.TextChoices):
    ASSESSMENT = "assessment", _("the STC assessment was withdrawn")
    VERIFICATION = "verification", _("the verification was withdrawn")


class Label(DemoFlag):
    """The "4 per 1000" label of one project and monitoring period (its verified MRV result), awarded by the
    secretariat when ``fourpermille.registry.label_decision`` grants it, and withdrawn, with its date and
    reason, when the assessment or the verification is withdrawn. Never deleted: a withdrawn label stays on
    its public page, saying so."""

    mrv_record = models.OneToOneField(
        MrvRecord, on_delete=models.PROTECT, related_name="label", verbose_name=_("MRV result")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="labels", verbose_name=_("project")
    )
    period = models.CharField(_("monitoring period"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=LabelStatus.choices, default=LabelStatus.GRANTED
    )
    criteria_version = models.CharField(_("criteria framework version"), max_length=30)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    evidence = models.JSONField(_("evidence"), default=dict)
    evidence_hash = models.CharField(_("evidence hash (SHA-256)"), max_length=64)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_cause = models.CharField(
        _("cause of the withdrawal"), max_length=20, choices=WithdrawalCause.choices, blank=True
    )
    withdrawal_reason = models.CharField(_("reason of the withdrawal"), max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="registry_one_label_per_period"),
            models.CheckConstraint(
                condition=(
                    Q(status="granted", withdrawn_at__isnull=True, withdrawal_cause="", withdrawal_reason="")
                )
                | (
                    Q(status="withdrawn", withdrawn_at__isnull=False)
                    & ~Q(withdrawal_cause="")
                    & ~Q(withdrawal_reason="")
                ),
                name="registry_label_withdrawal_has_date_cause_reason",
            ),
        ]
        verbose_name = _("4 per 1000 label")
        verbose_name_plural = _("4 per 1000 labels")

    def __str__(self) -> str:
        return f"{self.project} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("registry:label", args=[self.project_id, self.period])

    @property
    def is_withdrawn(self) -> bool:
        return self.status == LabelStatus.WITHDRAWN
