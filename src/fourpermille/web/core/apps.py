from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fourpermille.web.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self):
        from fourpermille.web.core import throttle  # noqa: F401  (connects the login-failure signal)
