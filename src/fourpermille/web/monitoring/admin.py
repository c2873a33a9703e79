from django.contrib import admin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.monitoring.models import MeasurementUpload


@admin.register(MeasurementUpload)
class MeasurementUploadAdmin(AuditedAdmin):
    """Uploads are made on the site page (validated, all-or-nothing); here they can be reviewed or deleted."""

    list_display = ["file_name", "site", "row_count", "profile_count", "uploaded_by", "uploaded_at"]
    readonly_fields = ["site", "file_name", "sha256", "row_count", "profile_count", "uploaded_by"]

    def has_add_permission(self, request):
        return False
