from django.contrib import admin

from fourpermille.web.community.models import Organisation, Person
from fourpermille.web.core.admin import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "type", "country", "region", "body", "declaration_signed", "status", "is_demo"]
    list_filter = ["type", "region", "body", "status", "is_demo"]
    search_fields = ["name", "acronym", "country"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["user", "organisation", "position"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
