from django.contrib import admin

from fourpermille.web.community.models import (
    SECRETARIAT_FIELDS,
    Invitation,
    JoinRequest,
    Organisation,
    Person,
)
from fourpermille.web.core import roles
from fourpermille.web.core.admin import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "type", "country", "region", "body", "declaration_signed", "status", "is_demo"]
    list_filter = ["type", "region", "body", "status", "is_demo"]
    search_fields = ["name", "acronym", "country"]

    def get_readonly_fields(self, request, obj=None):
        """The secretariat's fields (and the demo flag) are read-only to an editor who is staff."""
        readonly = list(super().get_readonly_fields(request, obj))
        if not roles.is_secretariat(request.user):
            readonly += [*SECRETARIAT_FIELDS, "is_demo"]
        return readonly


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "position"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(JoinRequest)
class JoinRequestAdmin(AuditedAdmin):
    """Decided on its own page (community:join-detail), which creates the organisation and the invitation;
    here the record is read-only."""

    list_display = ["name", "type", "country", "body", "status", "created_at", "decided_at"]
    list_filter = ["status", "type", "body"]
    search_fields = ["name", "contact_name", "contact_email"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in JoinRequest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked",
    ]
    list_filter = ["revoked"]
    search_fields = ["email", "organisation__name"]
    fields = ["email", "organisation", "invited_by", "expires_at", "accepted_at", "revoked", "user"]
    readonly_fields = ["email", "organisation", "invited_by", "accepted_at", "user"]

    def has_add_permission(self, request):
        return False  # an invitation is sent from the organisation's page: the link is only in the e-mail
