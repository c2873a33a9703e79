"""Admin: the registry read-only (append-only: every change goes through ``services`` and the ledger); the
secretariat records projects' IDs in other registries here."""

from django.contrib import admin

from fourpermille.web.registry.models import (
    Account,
    Block,
    Cancellation,
    ExternalCredit,
    Issuance,
    Label,
    LedgerEntry,
    Retirement,
    Transfer,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Issuance)
class IssuanceAdmin(ReadOnly):
    list_display = [
        "project",
        "period",
        "vintage",
        "rule_set",
        "units",
        "buffer_units",
        "verifier",
        "issued_at",
    ]
    list_filter = ["vintage", "rule_set", "is_demo"]


@admin.register(Block)
class BlockAdmin(ReadOnly):
    list_display = ["__str__", "account", "state"]
    list_filter = ["state"]


@admin.register(Label)
class LabelAdmin(ReadOnly):
    list_display = ["project", "period", "status", "granted_at", "withdrawn_at", "withdrawal_cause"]
    list_filter = ["status", "is_demo"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ["sequence", "kind", "hash", "recorded_at"]
    list_filter = ["kind"]


for model in (Account, Retirement, Cancellation, Transfer):
    admin.site.register(model, ReadOnly)


@admin.register(ExternalCredit)
class ExternalCreditAdmin(admin.ModelAdmin):
    list_display = ["project", "registry", "external_id", "credited_from", "credited_to"]
    list_filter = ["registry"]
