from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from fourpermille.web.core.admin import AuditedAdmin
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective


class KpiValueInline(admin.TabularInline):
    model = KpiValue
    extra = 1


@admin.register(RoadmapObjective)
class RoadmapObjectiveAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["code", "goal", "kpi", "kpi_baseline_2020", "kpi_target_2030", "kpi_target_2050"]
    list_filter = ["goal"]
    search_fields = ["code", "text", "kpi"]
    inlines = [KpiValueInline]


@admin.register(KpiValue)
class KpiValueAdmin(AuditedAdmin):
    list_display = ["objective", "year", "value", "note"]
    list_filter = ["objective__goal", "year"]
