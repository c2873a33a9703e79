from django.contrib import admin

from fourpermille.web.community.models import SECRETARIAT_FIELDS, Organisation, Person
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
