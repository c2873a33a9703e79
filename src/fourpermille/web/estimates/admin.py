from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fourpermille.web.estimates.models import ExAnteRecord, MrvRecord


@admin.register(ExAnteRecord)
class ExAnteRecordAdmin(admin.ModelAdmin):
    list_display = ["project", "method", "computed_at"]
    readonly_fields = ["project", "method", "inputs", "result", "missing", "computed_at"]


@admin.register(MrvRecord)
class MrvRecordAdmin(SimpleHistoryAdmin):
    list_display = ["project", "period", "verified", "is_demo", "uploaded_by", "uploaded_at"]
    list_filter = ["verified", "is_demo"]
    fields = ["project", "period", "verified", "is_demo", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = ["project", "period", "is_demo", "uploaded_by", "uploaded_at"]
