"""Downloads of the ex-ante estimate and the MRV reports; the MRV upload page."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fourpermille.errors import InputError
from fourpermille.web.core.views import deny
from fourpermille.web.estimates import services
from fourpermille.web.estimates.forms import (
    ClimateTypedForm,
    ClimateUploadForm,
    EstimateOptionsForm,
    MrvUploadForm,
    MrvVerifyForm,
    ScenarioForm,
    ScenarioPracticeFormSet,
)
from fourpermille.web.estimates.models import EstimateOptions, MrvRecord, Scenario, SiteClimate
from fourpermille.web.projects.models import Project, Site


def _visible_project(request, pk) -> Project:
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    return project


def ex_ante_json(request, pk):
    """The stored estimate: input and ``fourpermille estimate`` JSON of each site, project figures."""
    project = _visible_project(request, pk)
    record = services.ex_ante_record(project)
    if record is None:
        raise Http404  # not computed yet (it is, once the change that created the project commits)
    data = {
        "project": project.title,
        "method": record.method,
        "status": record.status,
        "computed_at": record.computed_at.isoformat(),
        "missing": [services.reason_text(r) for r in record.missing],
        "result": record.result,
    }
    response = JsonResponse(data, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="ex-ante-project-{project.pk}.json"'
    return response


def ex_ante_png(request, pk, index):
    project = _visible_project(request, pk)
    record = services.ex_ante_record(project)
    if record is None or not record.result or not 0 <= index < len(record.result["sites"]):
        raise Http404
    return HttpResponse(services.ex_ante_png(record, index), content_type="image/png")


def _english(request) -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


def _pdf_response(content: bytes, record: MrvRecord, suffix: str = "") -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="mrv-{record.project_id}-{record.period}{suffix}.pdf"'
    )
    return response


def _visible_record(request, pk) -> MrvRecord:
    record = get_object_or_404(MrvRecord.objects.select_related("project"), pk=pk)
    if not request.user.has_perm("estimates.view_mrvrecord", record):
        raise Http404
    return record


def mrv_report(request, pk, fmt):
    """The verification report in the reader's language: in English the stored report itself; in French or
    Spanish the same layout rendered from the stored data (the PDF printed from that HTML), with a link to
    the stored English original (``mrv_original``), the evidence the registry hashes."""
    from fourpermille.reports.pdf import html_to_pdf

    record = _visible_record(request, pk)
    if fmt in ("html", "pdf") and not _english(request):
        original = {
            "text": _("Translated view. The original English report, as verified:"),
            "html": reverse("estimates:mrv-original", args=[record.pk, "html"]),
            "pdf": reverse("estimates:mrv-original", args=[record.pk, "pdf"]) if record.report_pdf else None,
        }
        html = services.translated_report_html(record, original)
        if html is not None:
            if fmt == "html":
                return HttpResponse(html, content_type="text/html; charset=utf-8")
            # absolute links in the PDF to the original (the page's are relative to the site)
            pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
            return _pdf_response(pdf, record, f"-{translation.get_language()}")
    if fmt == "html":
        return HttpResponse(record.report_html, content_type="text/html; charset=utf-8")
    if fmt == "pdf" and record.report_pdf:
        return _pdf_response(bytes(record.report_pdf), record)
    if fmt == "json":
        data = {
            "period": record.period,
            "is_demo": record.is_demo,
            "note": record.note,
            "verified": record.verified,
            "change": record.change,
            "credits": record.credits,
        }
        return HttpResponse(json.dumps(data, indent=1), content_type="application/json")
    raise Http404


def mrv_original(request, pk, fmt):
    """The stored English report as uploaded and verified (HTML or PDF), byte for byte, in any language."""
    record = _visible_record(request, pk)
    if fmt == "html":
        return HttpResponse(record.report_html, content_type="text/html; charset=utf-8")
    if fmt == "pdf" and record.report_pdf:
        return _pdf_response(bytes(record.report_pdf), record, "-original")
    raise Http404


def mrv_upload(request, pk):
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("estimates.add_mrvrecord", MrvRecord(project=project)):
        return deny(request)
    can_verify = request.user.has_perm("estimates.verify_mrvrecord", MrvRecord(project=project))
    form = MrvUploadForm(request.POST or None, request.FILES or None, can_verify=can_verify)
    if request.method == "POST" and form.is_valid():
        upload = services.MrvUpload(
            period=form.cleaned_data["period"],
            change=form.cleaned_data["change"],
            credits=form.cleaned_data.get("credits"),
            note=form.cleaned_data["note"],
            verified=bool(form.cleaned_data.get("verified")),
        )
        try:
            services.store_mrv(project, upload, request.user)
        except services.MrvInputError as error:
            form.add_error(None, _("Nothing was stored. %(error)s") % {"error": error})
        else:
            messages.success(request, _("MRV result for %(period)s stored.") % {"period": upload.period})
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "estimates/mrv_upload.html", {"form": form, "project": project}, status=status)


# --- The complete ex-ante assessment: its page, a site's climate, the scenarios, the downloads ----------


def project_estimate(request, pk):
    """The project's estimate page: read from the stored record (never computed here)."""
    project = _visible_project(request, pk)
    return render(request, "estimates/project_estimate.html", services.estimate_page(project, request.user))


def site_climate(request, pk):
    """A site's monthly climate: upload a CSV or type a typical year (all or nothing)."""
    site = get_object_or_404(Site.objects.select_related("project"), pk=pk)
    if not request.user.has_perm("estimates.change_siteclimate", SiteClimate(site=site)):
        return deny(request)
    initial = services.climate_initial(site)
    mode = request.POST.get("mode") if request.method == "POST" else None
    upload_form = ClimateUploadForm(
        request.POST if mode == "upload" else None,
        request.FILES if mode == "upload" else None,
        initial=initial,
        prefix="upload",
    )
    typed_form = ClimateTypedForm(request.POST if mode == "typed" else None, initial=initial, prefix="typed")
    form = {"upload": upload_form, "typed": typed_form}.get(mode)
    if form is not None and form.is_valid():
        try:
            services.save_climate(site, mode, form.cleaned_data, form.values() if mode == "typed" else None)
        except InputError as error:
            form.add_error(None, _("Nothing was stored. %(error)s") % {"error": error})
        else:
            messages.success(request, _("Climate of %(site)s stored.") % {"site": site.name})
            return redirect(reverse("estimates:project", args=[site.project_id]) + "#climate")
    context = {
        "site": site,
        "upload_form": upload_form,
        "typed_form": typed_form,
        **services.climate_context(site),
    }
    return render(request, "estimates/site_climate.html", context, status=400 if form is not None else 200)


def _scenario_form(request, project, scenario):
    form = ScenarioForm(request.POST or None, instance=scenario)
    formset = ScenarioPracticeFormSet(request.POST or None, instance=scenario, prefix="practices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_scenario(project, form, formset)
        except services.ScenarioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Scenario “%(name)s” stored.") % {"name": form.instance.name})
            return redirect(reverse("estimates:project", args=[project.pk]) + "#scenarios")
    context = {"project": project, "form": form, "formset": formset, "scenario": scenario}
    status = 400 if request.method == "POST" else 200
    return render(request, "estimates/scenario_form.html", context, status=status)


def scenario_create(request, pk):
    project = get_object_or_404(Project, pk=pk)
    scenario = Scenario(project=project)
    if not request.user.has_perm("estimates.add_scenario", scenario):
        return deny(request)
    return _scenario_form(request, project, scenario)


def scenario_update(request, pk):
    scenario = get_object_or_404(Scenario.objects.select_related("project"), pk=pk)
    if not request.user.has_perm("estimates.change_scenario", scenario):
        return deny(request)
    return _scenario_form(request, scenario.project, scenario)


def scenario_delete(request, pk):
    scenario = get_object_or_404(Scenario.objects.select_related("project"), pk=pk)
    if not request.user.has_perm("estimates.delete_scenario", scenario):
        return deny(request)
    if request.method == "POST":
        project_id = scenario.project_id
        scenario.delete()
        messages.success(request, _("Scenario deleted."))
        return redirect(reverse("estimates:project", args=[project_id]) + "#scenarios")
    return render(request, "confirm_delete.html", {"object": scenario})


def project_file(request, pk, index):
    """The project file of one site (YAML) that ``fourpermille estimate`` reads: the record's own input."""
    project = _visible_project(request, pk)
    record = services.ex_ante_record(project)
    text = services.project_file_yaml(record, index) if record is not None else None
    if text is None:
        raise Http404
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="project-{project.pk}-site-{index + 1}.yaml"'
    return response


def scenarios_png(request, pk, index):
    """The per-gas stacked bars of one site's scenarios, drawn by the CLI's plot function."""
    project = _visible_project(request, pk)
    record = services.ex_ante_record(project)
    png = services.scenarios_png(record, index) if record is not None else None
    if png is None:
        raise Http404
    return HttpResponse(png, content_type="image/png")


@require_POST
def estimate_options(request, pk):
    """The project's GWP set and N2O factors (a form on the estimate page)."""
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("estimates.change_estimateoptions", EstimateOptions(project=project)):
        return deny(request)
    form = EstimateOptionsForm(request.POST)
    if form.is_valid():
        services.save_estimate_options(project, form)
        messages.success(request, _("Options stored; the estimate is recomputed."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("estimates:project", args=[project.pk]) + "#balance-options")


def mrv_verify(request, pk):
    """The secretariat verifies a stored MRV result from the project page (a confirmation form)."""
    import datetime as dt

    record = get_object_or_404(MrvRecord, pk=pk)
    if not request.user.has_perm("estimates.verify_mrvrecord", record):
        return deny(request)
    form = MrvVerifyForm(
        request.POST or None, initial={"verifier": record.verifier, "verified_on": dt.date.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_mrv(record, form.cleaned_data["verifier"], form.cleaned_data["verified_on"])
        except services.MrvInputError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("MRV result for %(period)s verified.") % {"period": record.period})
            return redirect(record.project)
    status = 400 if request.method == "POST" else 200
    return render(request, "estimates/mrv_verify.html", {"form": form, "record": record}, status=status)
