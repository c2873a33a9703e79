from django.contrib import admin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.projects.models import Project, Site, WorkflowEvent


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    """Status is read-only here: it changes only through the workflow (pages or API)."""

    list_display = ["title", "organisation", "country", "modality", "status", "area_ha", "is_demo"]
    list_filter = ["status", "modality", "region", "is_demo"]
    search_fields = ["title", "organisation__name", "country"]
    readonly_fields = ["status"]
    filter_horizontal = ["practices", "objectives"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = [
        "name",
        "project",
        "climate_zone",
        "soil_class",
        "wrb_group",
        "clay_pct",
        "baseline_soc_t_ha",
    ]
    list_filter = ["climate_zone"]
    search_fields = ["name", "project__title"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = ["project", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action", "to_status"]
    readonly_fields = ["project", "action", "from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return (
            request.user.has_perm("projects.view_workflowevent", obj.project if obj else None)
            if obj
            else request.user.is_staff
        )
