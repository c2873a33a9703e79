"""Public registry pages: the list of issuances (filters, CSV), a page per issuance and per retirement.
Every figure comes from ``services`` (which reads the core's rules); nothing is computed here."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fourpermille.web.registry import services
from fourpermille.web.registry.forms import RetireForm, TransferForm
from fourpermille.web.registry.models import Account, Block, Issuance, Retirement, Transfer


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


def account_detail(request, pk: int):
    """An account: what it holds, its transfers and retirements (public); the organisation's editors and the
    secretariat transfer and retire from it here (through ``services``, which refuse an overdraft)."""
    account = get_object_or_404(Account.objects.select_related("organisation"), pk=pk)
    may_move = request.user.has_perm("registry.move_units", account) and account.kind == "holding"
    retire_form = RetireForm(prefix="retire")
    transfer_form = TransferForm(prefix="transfer")
    if request.method == "POST" and may_move:
        if "retire-quantity" in request.POST:
            retire_form = RetireForm(request.POST, prefix="retire")
            if retire_form.is_valid():
                try:
                    row = services.retire(
                        account, services.RetirementRequest(**retire_form.cleaned_data), request.user
                    )
                    return redirect(row.get_absolute_url())
                except services.RegistryRefused as error:
                    retire_form.add_error(None, str(error))
        else:
            transfer_form = TransferForm(request.POST, prefix="transfer")
            if transfer_form.is_valid():
                try:
                    target = services.account_for(transfer_form.cleaned_data["to_organisation"])
                    services.transfer(account, target, transfer_form.cleaned_data["quantity"], request.user)
                    messages.success(request, _("Transferred."))
                    return redirect("registry:account", pk=account.pk)
                except services.RegistryRefused as error:
                    transfer_form.add_error(None, str(error))
    context = {
        "obj": account,
        "balance": services.balance(account),
        "blocks": Block.objects.filter(account=account, state="active").select_related("issuance__project"),
        "transfers": Transfer.objects.filter(source=account) | Transfer.objects.filter(target=account),
        "retirements": account.retirements.all(),
        "may_move": may_move,
        "retire_form": retire_form,
        "transfer_form": transfer_form,
    }
    return render(request, "registry/account_detail.html", context)
