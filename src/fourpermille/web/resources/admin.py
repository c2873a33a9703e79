from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.resources.models import CaseStudy, Practice


@admin.register(Practice)
class PracticeAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["name", "code", "category"]
    list_filter = ["category"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(CaseStudy)
class CaseStudyAdmin(AuditedAdmin):
    list_display = ["title", "region", "year", "organisation", "status"]
    list_filter = ["status", "region"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["practices"]
    readonly_fields = ["status", "decided_by", "decided_at"]
