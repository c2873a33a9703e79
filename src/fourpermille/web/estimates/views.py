"""Downloads of the ex-ante estimate and the MRV reports; the MRV upload page."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fourpermille.web.core.views import deny
from fourpermille.web.estimates import services
from fourpermille.web.estimates.forms import MrvUploadForm
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.projects.models import Project


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


def mrv_report(request, pk, fmt):
    record = get_object_or_404(MrvRecord.objects.select_related("project"), pk=pk)
    if not request.user.has_perm("estimates.view_mrvrecord", record):
        raise Http404
    if fmt == "html":
        return HttpResponse(record.report_html, content_type="text/html; charset=utf-8")
    if fmt == "pdf" and record.report_pdf:
        response = HttpResponse(bytes(record.report_pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="mrv-{record.project_id}-{record.period}.pdf"'
        )
        return response
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
