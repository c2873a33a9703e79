from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from fourpermille.web.toolbox.models import ToolboxUsage


@admin.register(ToolboxUsage)
class ToolboxUsageAdmin(ObjectPermissionsModelAdmin):
    list_display = ["month", "calculator", "country", "count", "is_demo"]
    list_filter = ["calculator", "is_demo"]
    search_fields = ["country"]
