from django.contrib import admin

from fourpermille.web.commitments.models import Commitment, Milestone
from fourpermille.web.core.admin import AuditedAdmin


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "target_value", "target_unit", "start", "end", "revision"]
    list_filter = ["target_unit", "resources_kind", "is_demo"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = ["actions"]
    inlines = [MilestoneInline]
