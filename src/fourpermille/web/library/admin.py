from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.library.models import Document, Topic


@admin.register(Topic)
class TopicAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Document)
class DocumentAdmin(TranslationAdmin, AuditedAdmin):
    """Moderation belongs to the library's pages (it notifies the uploader); here the status is read-only."""

    list_display = ["title", "kind", "year", "language", "status", "organisation", "is_demo"]
    list_filter = ["status", "kind", "language", "region", "topics"]
    search_fields = ["title", "authors", "doi"]
    filter_horizontal = ["topics", "practices"]
    readonly_fields = ["status", "uploaded_by", "organisation", "decided_by", "decided_at", "source"]
