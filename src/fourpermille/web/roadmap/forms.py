from django import forms

from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = RoadmapObjective
        fields = [
            "goal",
            "text",
            "baseline_2020",
            "target_2030",
            "target_2050",
            "kpi",
            "kpi_baseline_2020",
            "kpi_target_2030",
            "kpi_target_2050",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("text", "baseline_2020", "target_2030", "target_2050")
        }


class KpiValueForm(forms.ModelForm):
    class Meta:
        model = KpiValue
        fields = ["year", "value", "note"]
