from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, UpdateView

from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.roadmap.forms import KpiValueForm, ObjectiveForm
from fourpermille.web.roadmap.lists import EXPORT_COLUMNS, SORT_FIELDS, ObjectiveFilter, ObjectiveRow
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
from fourpermille.web.roadmap.services import is_computed, kpi_figure, kpi_figures


class ObjectiveList(ListPageMixin, ListView):
    model = RoadmapObjective
    filterset_class = ObjectiveFilter
    sort_fields = SORT_FIELDS
    default_sort = "code"
    export_name = "roadmap-objectives"
    export_columns = EXPORT_COLUMNS

    def export_rows(self, rows):
        rows = list(rows)
        figures = kpi_figures(rows)
        return super().export_rows([ObjectiveRow(o, figures[o.code]) for o in rows])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = kpi_figures(context["object_list"])
        context["rows"] = [(o, figures[o.code]) for o in context["object_list"]]
        return context


class ObjectiveDetail(DetailView):
    model = RoadmapObjective
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("roadmap.change_roadmapobjective", self.object)
        context["figure"] = kpi_figure(self.object)
        context["counted"] = is_computed(self.object.code)
        context["value_form"] = KpiValueForm(objective=self.object, counted=is_computed(self.object.code))
        context["history"] = self.object.history.select_related("history_user")[:20]
        return context


class ObjectiveUpdate(RulesMixin, UpdateView):
    model = RoadmapObjective
    form_class = ObjectiveForm
    slug_field = "code"
    slug_url_kwarg = "code"
    permission_required = "roadmap.change_roadmapobjective"
    template_name = "form.html"


@require_POST
def add_value(request, code):
    objective = get_object_or_404(RoadmapObjective, code=code)
    if not request.user.has_perm("roadmap.add_kpivalue", objective):
        return deny(request)
    form = KpiValueForm(request.POST, objective=objective, counted=is_computed(objective.code))
    if form.is_valid():
        year = form.cleaned_data["year"]
        KpiValue.objects.update_or_create(
            objective=objective,
            year=year,
            defaults={"value": form.cleaned_data["value"], "note": form.cleaned_data["note"]},
        )
        messages.success(request, _("KPI value saved."))
    else:
        messages.error(
            request,
            "; ".join(
                " ".join(v) if k == "__all__" else f"{form.fields[k].label}: {' '.join(v)}"
                for k, v in form.errors.items()
            ),
        )
    return redirect(objective)


@require_POST
def delete_value(request, pk):
    value = get_object_or_404(KpiValue, pk=pk)
    if not request.user.has_perm("roadmap.delete_kpivalue", value):
        if request.user.is_authenticated:
            raise PermissionDenied
        return deny(request)
    value.delete()
    messages.success(request, _("KPI value deleted."))
    return redirect(value.objective)
