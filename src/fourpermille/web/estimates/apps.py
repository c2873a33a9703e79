from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatesConfig(AppConfig):
    name = "fourpermille.web.estimates"
    label = "estimates"
    verbose_name = _("Ex-ante estimates and MRV results")

    def ready(self) -> None:
        from fourpermille.web.dashboard import providers
        from fourpermille.web.estimates import services, signals  # noqa: F401 (connects the receivers)

        providers.register_ex_ante(services.ex_ante_provider)
        providers.register_ex_ante_by_region(services.ex_ante_by_region)
        providers.register_mrv(services.mrv_provider)
