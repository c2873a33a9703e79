from django.contrib import admin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.monitoring.models import MeasurementUpload, ProfileStock


class ProfileStockInline(admin.TabularInline):
    """The stock of each profile, computed by fourpermille.stocks when the upload was stored: read-only."""

    model = ProfileStock
    fields = ["profile_id", "depth_cm", "sampled_depth_cm", "status", "soc_stock_t_ha", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MeasurementUpload)
class MeasurementUploadAdmin(AuditedAdmin):
    """Uploads are made on the site page (validated, all-or-nothing); here they can be reviewed or deleted."""

    list_display = ["file_name", "site", "row_count", "profile_count", "uploaded_by", "uploaded_at"]
    readonly_fields = ["site", "file_name", "sha256", "row_count", "profile_count", "uploaded_by"]
    inlines = [ProfileStockInline]

    def has_add_permission(self, request):
        return False
