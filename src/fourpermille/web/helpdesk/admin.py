from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.helpdesk.models import Desk, Message, Question


@admin.register(Desk)
class DeskAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["region", "active"]
    list_filter = ["active"]
    filter_horizontal = ["experts"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["kind", "author", "body", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Question)
class QuestionAdmin(AuditedAdmin):
    """The secretariat's view; status changes go through the question page (``helpdesk.workflow``)."""

    list_display = [
        "title",
        "desk",
        "status",
        "country",
        "allow_publishing",
        "in_faq",
        "is_demo",
        "created_at",
    ]
    list_filter = ["desk", "status", "in_faq", "is_demo"]
    search_fields = ["title", "body", "country"]
    readonly_fields = ["status", "answered_at", "closed_at", "is_demo"]
    filter_horizontal = ["practices"]
    inlines = [MessageInline]
