"""Public registry pages: the list of issuances (filters, CSV), a page per issuance and per retirement.
Every figure comes from ``services`` (which reads the core's rules); nothing is computed here."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from fourpermille.web.registry import services
from fourpermille.web.registry.models import Issuance, Retirement


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in ("country", "vintage", "practice", "status")}


def issuance_list(request):
    filters = _filters(request)
    rows = services.public_issuances(**filters)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="fourpermille-registry.csv"'
        writer = csv.DictWriter(response, fieldnames=services.CSV_FIELDS)
        writer.writeheader()
        for issuance in rows:
            writer.writerow(services.csv_row(issuance))
        return response
    if request.GET.get("format") == "cadt":
        units = services.cadt_units(rows, lambda i: request.build_absolute_uri(i.get_absolute_url()))
        response = JsonResponse({"units": units}, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="fourpermille-registry-cadt.json"'
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    everything = Issuance.objects.select_related("project")
    context = {
        "page_obj": page,
        "object_list": [(i, services.summary(i)) for i in page.object_list],
        "filters": filters,
        "countries": sorted({i.project.country for i in everything}),
        "vintages": sorted({i.vintage for i in everything}, reverse=True),
        "practices": sorted(
            {
                (p.code, p.name)
                for i in everything.prefetch_related("project__practices")
                for p in i.project.practices.all()
            },
            key=lambda p: p[1],
        ),
        "statuses": [
            ("active", _("with units held")),
            ("retired", _("with units retired")),
            ("cancelled", _("with units cancelled")),
        ],
        "retirements": Retirement.objects.select_related("account__organisation")[:10],
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "registry/issuance_list.html", context)


def issuance_detail(request, pk: int):
    issuance = get_object_or_404(Issuance.objects.select_related("project__organisation", "account"), pk=pk)
    decision = services.label(issuance)
    context = {
        "obj": issuance,
        "label_reasons": services.label_reasons(decision),
        "summary": services.summary(issuance),
        "label": decision,
        "comparison": services.rule_set_comparison(issuance),
        "serials": services.serials(issuance),
        "blocks": issuance.blocks.exclude(state="split").select_related(
            "account__organisation", "retirement"
        ),
        "external": issuance.project.external_credits.all(),
        "entries": services.entries_for("issuance", "issuance", issuance.pk),
        "retirements": Retirement.objects.filter(blocks__issuance=issuance).distinct(),
    }
    return render(request, "registry/issuance_detail.html", context)


def retirement_detail(request, pk: int):
    retirement = get_object_or_404(Retirement.objects.select_related("account__organisation"), pk=pk)
    blocks = retirement.blocks.select_related("issuance__project")
    context = {
        "obj": retirement,
        "blocks": blocks,
        "issuances": sorted({b.issuance for b in blocks}, key=lambda i: i.pk),
        "entries": services.entries_for("retirement", "retirement", retirement.pk),
    }
    return render(request, "registry/retirement_detail.html", context)
