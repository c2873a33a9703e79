from django.contrib import admin

from fourpermille.web.notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = ["recipient", "kind", "params", "url", "created_at", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "email"]
    list_filter = ["kind"]
