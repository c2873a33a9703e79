from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.tools.models import ExternalTool


@admin.register(ExternalTool)
class ExternalToolAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["name", "category", "status", "monitoring", "last_checked"]
    list_filter = ["category", "status", "monitoring", "cost"]
    search_fields = ["name", "developer", "slug"]
