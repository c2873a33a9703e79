from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "fourpermille.web.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboards")

    def ready(self):
        from fourpermille.web.dashboard import signals  # noqa: F401  (connects the upload handlers)
