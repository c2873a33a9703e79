from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "fourpermille.web.community"
    label = "community"
    verbose_name = _("Members and partners")
