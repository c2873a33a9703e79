from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from fourpermille.web.events.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "kind", "region", "format", "start", "end", "capacity", "cancelled", "is_demo"]
    list_filter = ["kind", "region", "format", "cancelled", "is_demo"]
    search_fields = ["title", "location", "agenda"]
    date_hierarchy = "start"
    filter_horizontal = ["organisers"]
    inlines = [RegistrationInline]
