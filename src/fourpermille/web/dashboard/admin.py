from django.contrib import admin

from fourpermille.web.dashboard.models import SiteSoc, StockObservation


@admin.register(StockObservation)
class StockObservationAdmin(admin.ModelAdmin):
    """The secretariat corrects ``sampled_on`` here (the rest is computed from the measurements)."""

    list_display = [
        "site",
        "sampled_on",
        "soc_stock_t_ha",
        "ci95_low_t_ha",
        "ci95_high_t_ha",
        "profile_count",
    ]
    list_filter = ["sampled_on"]
    search_fields = ["site__name", "site__project__title"]
    date_hierarchy = "sampled_on"
    fields = [
        "upload",
        "site",
        "sampled_on",
        "depth_cm",
        "soc_stock_t_ha",
        "soc_stock_sd_t_ha",
        "ci95_low_t_ha",
        "ci95_high_t_ha",
        "profile_count",
    ]
    readonly_fields = [
        "upload",
        "site",
        "depth_cm",
        "soc_stock_t_ha",
        "soc_stock_sd_t_ha",
        "ci95_low_t_ha",
        "ci95_high_t_ha",
        "profile_count",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(SiteSoc)
class SiteSocAdmin(admin.ModelAdmin):
    list_display = [
        "site",
        "observation_count",
        "latest_sampled_on",
        "latest_stock_t_ha",
        "change_t_ha_yr",
        "target_change_t_ha_yr",
    ]
    search_fields = ["site__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
