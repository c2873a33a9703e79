"""The online toolbox: an index, one page per calculator (anyone may run them) and the usage counts.

A calculator page posts its form to itself; the result (summary, chart, table, download, command line) is
rendered on the same page and nothing of the input is kept: only the anonymous usage count grows.
"""

from __future__ import annotations

import base64

from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from fourpermille.errors import InputError
from fourpermille.web.toolbox import forms, services
from fourpermille.web.toolbox.models import SHORT_LABELS, Calculator

#: Example input files offered for download: name -> (path, what the file is for).
EXAMPLES = {
    "sample_profiles.csv": services.EXAMPLE_PROFILES,
    "tier1_units.csv": services.EXAMPLE_UNITS,
    "rothc_climate.csv": services.EXAMPLE_CLIMATE,
}


class CalculatorView(FormView):
    """One calculator: its form, and after a successful run its outcome."""

    template_name = "toolbox/calculator.html"
    calculator: str = ""
    example: str | None = None
    upload_field: str | None = None

    def run(self, data: dict, form) -> services.Outcome:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calculator"] = Calculator(self.calculator)
        context["calculators"] = CALCULATORS
        if self.example:
            context["example_url"] = reverse("toolbox:example", args=[self.example])
            context["example_name"] = self.example
        return context

    def form_valid(self, form):
        try:
            outcome = self.run(form.cleaned_data, form)
        except InputError as exc:
            form.add_error(self.upload_field, str(exc))
            return self.form_invalid(form)
        services.count_use(
            self.calculator, services.country_of(self.request.user, form.cleaned_data["country"])
        )
        downloads = [(outcome.csv_name, _data_url("text/csv", outcome.csv_text))]
        if outcome.extra_download:
            name, mime, text = outcome.extra_download
            downloads.append((name, _data_url(mime, text)))
        downloads += [(name, _data_url("text/csv", text)) for name, text in outcome.inputs]
        return self.render_to_response(
            self.get_context_data(form=form, outcome=outcome, downloads=downloads, chart=outcome.chart)
        )


def _data_url(mime: str, text: str) -> str:
    """The file inside the link itself: the download needs no second request and nothing is stored."""
    return f"data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


class StocksView(CalculatorView):
    calculator = Calculator.STOCKS
    form_class = forms.StocksForm
    example = "sample_profiles.csv"
    upload_field = "profiles"

    def run(self, data, form):
        return services.run_stocks(
            data["profiles"],
            depth_cm=data["depth_cm"],
            method=data["method"],
            esm_method=data["esm_method"],
            ref_mass_t_ha=data["ref_mass_t_ha"],
            cumulative=data["cumulative"],
            max_extrapolation=data["max_extrapolation"],
        )


class TargetView(CalculatorView):
    calculator = Calculator.TARGET
    form_class = forms.TargetForm

    def run(self, data, form):
        return services.run_target(
            soc0=data["soc0"],
            years=data["years"],
            rate=data["rate"],
            growth=data["growth"],
            baseline_rate=data["baseline_rate"],
        )


class Tier1View(CalculatorView):
    calculator = Calculator.TIER1
    form_class = forms.Tier1Form
    example = "tier1_units.csv"
    upload_field = "units"

    def run(self, data, form):
        return services.run_tier1(
            data["units"],
            approach=data["approach"],
            d_years=data["d_years"],
            factors=data["factors"],
            uncertainty=data["uncertainty"],
            seed=data["seed"],
            per_unit=data["per_unit"],
        )


class RothCView(CalculatorView):
    calculator = Calculator.ROTHC
    form_class = forms.RothCForm
    example = "rothc_climate.csv"
    upload_field = "climate"

    def run(self, data, form):
        return services.run_rothc(
            data["climate"], years=data["years"], rate=data["rate"], growth=data["growth"], **form.site()
        )


class MrvView(CalculatorView):
    calculator = Calculator.MRV
    form_class = forms.MrvForm

    def run(self, data, form):
        return services.run_mrv(
            cv=data["cv"],
            years=data["years"],
            rate=data["rate"],
            growth=data["growth"],
            alpha=data["alpha"],
            power=data["power"],
            design=data["design"],
            correlation=data["correlation"],
        )


#: (calculator, url name) in the order the index lists them.
CALCULATORS = [
    (Calculator.STOCKS, "toolbox:stocks"),
    (Calculator.TARGET, "toolbox:target"),
    (Calculator.TIER1, "toolbox:tier1"),
    (Calculator.ROTHC, "toolbox:rothc"),
    (Calculator.MRV, "toolbox:mrv"),
]


class ToolboxIndex(TemplateView):
    template_name = "toolbox/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calculators"] = CALCULATORS
        return context


def example(request, name: str):
    """An example input file, as the command line's examples have it."""
    if name not in EXAMPLES:
        raise Http404
    return FileResponse(
        open(EXAMPLES[name], "rb"), as_attachment=True, filename=name, content_type="text/csv"
    )


class UsageView(TemplateView):
    """Runs per country and calculator (anonymous counts), optionally for one year."""

    template_name = "toolbox/usage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.UsageFilterForm(self.request.GET or None)
        year = form.cleaned_data["year"] if form.is_valid() else None
        rows = services.usage_rows(year)
        context.update(form=form, year=year, calculators=[SHORT_LABELS[c] for c in Calculator.values], **rows)
        return context
