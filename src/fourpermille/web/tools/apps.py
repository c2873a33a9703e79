from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    name = "fourpermille.web.tools"
    label = "tools"
    verbose_name = _("Catalogue of tools and methods")
