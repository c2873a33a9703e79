from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "fourpermille.web.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from fourpermille.web.notifications import receivers  # noqa: F401  (connects the workflows' signals)
