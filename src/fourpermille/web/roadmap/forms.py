from django import forms
from django.utils.translation import gettext_lazy as _

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
    """A KPI value for a year. A year that has a value is only replaced when ``replace`` is ticked (no
    silent overwrite); for a KPI the platform counts, the source must say why the records are incomplete."""

    replace = forms.BooleanField(
        label=_("Replace the value already entered for this year"), required=False, initial=False
    )

    class Meta:
        model = KpiValue
        fields = ["year", "value", "note"]

    def __init__(self, *args, objective=None, counted=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective
        self.counted = counted
        if counted:
            self.fields["note"].required = True
            self.fields["note"].help_text = _(
                "This KPI is counted from the platform's records. Enter a value only where they are "
                "incomplete, and say why and where the value comes from: it applies for its year instead of "
                "the count."
            )

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if self.objective is not None and year is not None and not cleaned.get("replace"):
            existing = self.objective.values.filter(year=year).first()
            if existing is not None:
                raise forms.ValidationError(
                    _(
                        "%(year)s already has a value (%(value)s, source: %(source)s). Tick “Replace the "
                        "value already entered for this year” to overwrite it."
                    )
                    % {"year": year, "value": f"{existing.value:g}", "source": existing.note or "—"}
                )
        return cleaned
