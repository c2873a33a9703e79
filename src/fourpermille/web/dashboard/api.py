"""Chart data: each endpoint returns one ``Table`` as JSON (``columns``, ``rows``, ``meta``) or, with
``?format=csv``, as CSV. Public endpoints show aggregates, or the records of projects the caller may see.
Labels follow ``?lang=`` (en, fr, es) or the request's language. A bad filter is a 400 naming the field.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.http import require_GET

from fourpermille.io.spreadsheet import write_csv
from fourpermille.web.dashboard import providers
from fourpermille.web.dashboard.forms import MonitoringFilterForm, ProgressFilterForm
from fourpermille.web.dashboard.services import monitoring, progress
from fourpermille.web.dashboard.services.cache import cached_many
from fourpermille.web.dashboard.services.project import project_sites
from fourpermille.web.dashboard.services.tables import Table
from fourpermille.web.monitoring.models import NUMERIC_COLUMNS
from fourpermille.web.projects.models import Project, Site

MONITORING_CHARTS = {"site-map": monitoring.site_map, "stocks-by-zone": monitoring.stocks_by_zone}


def progress_filter(data) -> tuple[progress.ProgressFilter | None, ProgressFilterForm]:
    form = ProgressFilterForm(data)
    if not form.is_valid():
        return None, form
    start, end = form.period()
    return (
        progress.ProgressFilter(
            region=form.cleaned_data["region"], org_type=form.cleaned_data["org_type"], start=start, end=end
        ),
        form,
    )


def monitoring_filter(data, user) -> tuple[monitoring.MonitoringFilter | None, MonitoringFilterForm]:
    form = MonitoringFilterForm(data)
    if not form.is_valid():
        return None, form
    return (
        monitoring.MonitoringFilter(
            user=user,
            region=form.cleaned_data["region"],
            land_use=form.cleaned_data["land_use"],
            metric=form.cleaned_data["metric"] or "stock",
        ),
        form,
    )


def progress_table(chart: str, f: progress.ProgressFilter, params: dict) -> Table:
    """One progress chart, cached under the data version (public aggregates: the same for everyone)."""
    return progress_tables([chart], f, params)[chart]


def progress_tables(charts, f: progress.ProgressFilter, params: dict) -> dict[str, Table]:
    """Progress charts by key, read from the cache in one round trip (computed where missing)."""

    def compute(chart):
        if chart == "soc-change":
            return lambda: progress.soc_change(f, providers.ex_ante_by_region(f.projects()))
        return lambda: progress.CHARTS[chart](f)

    found = cached_many({f"progress:{chart}": compute(chart) for chart in charts}, params)
    return {chart: found[f"progress:{chart}"] for chart in charts}


def monitoring_table(chart: str, f: monitoring.MonitoringFilter, params: dict) -> Table:
    """One monitoring chart, cached under the data version per audience (visibility differs)."""
    return monitoring_tables([chart], f, params)[chart]


def monitoring_tables(charts, f: monitoring.MonitoringFilter, params: dict) -> dict[str, Table]:
    """Monitoring charts by key, read from the cache in one round trip (computed where missing)."""
    computes = {f"monitoring:{chart}": (lambda chart=chart: MONITORING_CHARTS[chart](f)) for chart in charts}
    found = cached_many(computes, params, user=f.user)
    return {chart: found[f"monitoring:{chart}"] for chart in charts}


def _language(request):
    code = request.GET.get("lang", "")
    return code if code in dict(settings.LANGUAGES) else translation.get_language_from_request(request)


def respond(request, table: Table, filename: str) -> HttpResponse:
    if request.GET.get("format") == "csv":
        response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = JsonResponse(table.as_json())
    response["Cache-Control"] = "no-store"  # near real time: never a stale figure
    return response


def bad_filter(form) -> JsonResponse:
    return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)


@require_GET
def progress_chart(request, chart: str):
    if chart not in progress.CHARTS:
        raise Http404
    with translation.override(_language(request)):
        f, form = progress_filter(request.GET)
        if f is None:
            return bad_filter(form)
        return respond(request, progress_table(chart, f, form.cleaned_data), chart)


@require_GET
def monitoring_chart(request, chart: str):
    if chart not in MONITORING_CHARTS:
        raise Http404
    with translation.override(_language(request)):
        f, form = monitoring_filter(request.GET, request.user)
        if f is None:
            return bad_filter(form)
        return respond(request, monitoring_table(chart, f, form.cleaned_data), chart)


def _visible(request, obj, permission: str):
    if not request.user.has_perm(permission, obj):
        raise Http404 if not request.user.is_authenticated else PermissionDenied
    return obj


@require_GET
def site_series(request, pk: int):
    site = _visible(
        request, get_object_or_404(Site.objects.select_related("project"), pk=pk), "projects.view_site"
    )
    with translation.override(_language(request)):
        return respond(request, monitoring.site_series(site), f"site-{pk}-soc")


@require_GET
def project_series(request, pk: int):
    project = _visible(request, get_object_or_404(Project, pk=pk), "projects.view_project")
    with translation.override(_language(request)):
        return respond(request, monitoring.project_series(project), f"project-{pk}-soc")


@require_GET
def site_profiles(request, pk: int):
    """The stored stock of every profile of the site (every upload), as the site page shows it."""
    site = _visible(
        request, get_object_or_404(Site.objects.select_related("project"), pk=pk), "projects.view_site"
    )
    with translation.override(_language(request)):
        return respond(request, monitoring.site_profiles(site), f"site-{pk}-profile-stocks")


@require_GET
def project_profiles(request, pk: int):
    project = _visible(request, get_object_or_404(Project, pk=pk), "projects.view_project")
    with translation.override(_language(request)):
        return respond(request, monitoring.project_profiles(project), f"project-{pk}-profile-stocks")


@require_GET
def project_sites_view(request, pk: int):
    project = _visible(request, get_object_or_404(Project, pk=pk), "projects.view_project")
    with translation.override(_language(request)):
        return respond(request, project_sites(project), f"project-{pk}-sites")


@require_GET
def site_measurements(request, pk: int):
    """The site's soil measurements as uploaded (stocks input layout) plus the upload they came from."""
    site = _visible(
        request, get_object_or_404(Site.objects.select_related("project"), pk=pk), "projects.view_site"
    )
    fields = ["upload_id", "upload__file_name", "row", "profile_id", *NUMERIC_COLUMNS]
    rows = site.measurements.order_by("upload_id", "row").values_list(*fields)
    text = write_csv([f.replace("upload__", "") for f in fields], rows)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="site-{pk}-measurements.csv"'
    return response
