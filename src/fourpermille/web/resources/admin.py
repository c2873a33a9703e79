from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.resources.models import Document, Practice


@admin.register(Practice)
class PracticeAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["name", "code", "category"]
    list_filter = ["category"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["title", "kind", "language"]
    list_filter = ["kind", "language"]
    search_fields = ["title"]
    filter_horizontal = ["practices"]
