from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: the cache table, request and error logs, backup and restore."""

    name = "fourpermille.web.ops"
    label = "ops"
    verbose_name = _("Operations")
