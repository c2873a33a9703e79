from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from fourpermille.web.groups.models import Document, Membership, Reply, Thread, WorkingGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "kind", "region", "private", "is_demo"]
    list_filter = ["kind", "region", "private", "is_demo"]
    search_fields = ["name", "description"]
    inlines = [MembershipInline]


@admin.register(Thread)
class ThreadAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "working_group", "author", "created_at", "hidden", "is_demo"]
    list_filter = ["hidden", "is_demo", "working_group"]
    search_fields = ["title", "body"]


@admin.register(Reply)
class ReplyAdmin(ObjectPermissionsModelAdmin):
    list_display = ["thread", "author", "created_at", "hidden", "is_demo"]
    list_filter = ["hidden", "is_demo"]
    search_fields = ["body"]


@admin.register(Document)
class DocumentAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "working_group", "file_name", "size", "uploaded_by", "created_at", "is_demo"]
    search_fields = ["title", "file_name"]
