"""Public registry pages: the list of issuances (filters, CSV, CADT exports), a page per issuance, retirement
and account, the label's verification page and seal, the rule sets compared. Every figure comes from
``services`` (which reads the core's rules); nothing is computed here. Actions (retire, transfer, cancel,
award or withdraw a label) are sent twice: the first post shows what will happen, the second does it."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _

from fourpermille.web.core.views import deny
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.registry import seal, services
from fourpermille.web.registry.forms import (
    CancelForm,
    IssuanceFilterForm,
    RetireForm,
    TransferForm,
    WithdrawLabelForm,
)
from fourpermille.web.registry.models import Account, Block, Issuance, Retirement, Transfer


def _confirm(request, form, title: str, lines: list[str], back: str):
    """The confirmation page of a valid form sent once: what will happen, and the same values to send
    again with ``confirmed`` set."""
    return render(
        request,
        "registry/confirm.html",
        {"form": form, "title": title, "lines": lines, "back": back},
    )


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
    if request.GET.get("format") == "cadt-projects":
        projects = services.cadt_projects(rows, lambda o: request.build_absolute_uri(o.get_absolute_url()))
        response = JsonResponse({"projects": projects}, json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="fourpermille-registry-cadt-projects.json"'
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    everything = Issuance.objects.select_related("project")
    context = {
        "page_obj": page,
        "object_list": [(i, services.summary(i)) for i in page.object_list],
        "filters": filters,
        "filter_form": IssuanceFilterForm(
            {k: v for k, v in filters.items() if v},
            countries=sorted({i.project.country for i in everything}),
            vintages=sorted({i.vintage for i in everything}, reverse=True),
            practices=sorted(
                {
                    (p.code, p.name)
                    for i in everything.prefetch_related("project__practices")
                    for p in i.project.practices.all()
                },
                key=lambda p: p[1],
            ),
            statuses=[
                ("active", _("with units held")),
                ("retired", _("with units retired")),
                ("cancelled", _("with units cancelled")),
            ],
        ),
        "retirements": Retirement.objects.select_related("account__organisation")[:10],
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "registry/issuance_list.html", context)


def issuance_detail(request, pk: int):
    issuance = get_object_or_404(Issuance.objects.select_related("project__organisation", "account"), pk=pk)
    may_cancel = request.user.has_perm("registry.add_cancellation")
    cancel_form = CancelForm(prefix="cancel")
    if request.method == "POST":
        if not may_cancel:
            return deny(request)
        cancel_form = CancelForm(request.POST, prefix="cancel")
        if cancel_form.is_valid():
            data = cancel_form.cleaned_data
            if not data["confirmed"]:
                return _confirm(
                    request,
                    cancel_form,
                    _("Cancel units"),
                    [
                        _(
                            "Cancel %(quantity)d t CO2e of %(project)s, from the buffer account first, then "
                            "from its holders' units. This cannot be undone."
                        )
                        % {"quantity": data["quantity"], "project": issuance.project},
                        _("Reason: %(reason)s") % {"reason": data["reason"]},
                    ],
                    issuance.get_absolute_url(),
                )
            try:
                services.cancel(issuance.project, data["quantity"], data["reason"], request.user)
                messages.success(request, _("Cancelled."))
                return redirect(issuance)
            except services.RegistryRefused as error:
                cancel_form.add_error(None, str(error))
    decision = services.label(issuance)
    context = {
        "may_cancel": may_cancel,
        "cancel_form": cancel_form,
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
    if request.method == "POST" and not may_move:
        return deny(request)
    if request.method == "POST":
        if "retire-quantity" in request.POST:
            retire_form = RetireForm(request.POST, prefix="retire")
            if retire_form.is_valid() and not retire_form.cleaned_data["confirmed"]:
                data = retire_form.cleaned_data
                return _confirm(
                    request,
                    retire_form,
                    _("Retire units"),
                    [
                        _(
                            "Retire %(quantity)d t CO2e from %(account)s for %(beneficiary)s. Retired units "
                            "never move again."
                        )
                        % {
                            "quantity": data["quantity"],
                            "account": account,
                            "beneficiary": data["beneficiary"],
                        },
                        _("Reason: %(reason)s") % {"reason": data["reason"]},
                        _("Location: %(location)s") % {"location": data["location"]},
                    ],
                    account.get_absolute_url(),
                )
            if retire_form.is_valid():
                retire_form.cleaned_data.pop("confirmed")
                try:
                    row = services.retire(
                        account, services.RetirementRequest(**retire_form.cleaned_data), request.user
                    )
                    return redirect(row.get_absolute_url())
                except services.RegistryRefused as error:
                    retire_form.add_error(None, str(error))
        else:
            transfer_form = TransferForm(request.POST, prefix="transfer")
            if transfer_form.is_valid() and not transfer_form.cleaned_data["confirmed"]:
                data = transfer_form.cleaned_data
                return _confirm(
                    request,
                    transfer_form,
                    _("Transfer units"),
                    [
                        _("Transfer %(quantity)d t CO2e from %(account)s to %(target)s.")
                        % {
                            "quantity": data["quantity"],
                            "account": account,
                            "target": data["to_organisation"],
                        }
                    ],
                    account.get_absolute_url(),
                )
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


def _record(project: int, period: str) -> MrvRecord:
    return get_object_or_404(
        MrvRecord.objects.select_related("project__organisation"), project=project, period=period
    )


def label_detail(request, project: int, period: str):
    """The label's public verification page for a project and monitoring period; the secretariat awards a
    label the rules grant, and withdraws one (cause, reason), here."""
    record = _record(project, period)
    page = services.label_page(record)
    if page.state == "refused" and page.label is None and not record.verified:
        raise Http404  # an unverified result of a project without a label is not public
    may_award = request.user.has_perm("registry.add_label")
    may_withdraw = request.user.has_perm("registry.withdraw_label")
    withdraw_form = WithdrawLabelForm(prefix="withdraw")
    if request.method == "POST":
        if "award" in request.POST:
            if not may_award:
                return deny(request)
            try:
                services.award_label(record, request.user)
                messages.success(request, _("Label awarded."))
                return redirect("registry:label", project=project, period=period)
            except services.RegistryRefused as error:
                messages.error(request, str(error))
                return redirect("registry:label", project=project, period=period)
        if not may_withdraw or page.label is None:
            return deny(request)
        withdraw_form = WithdrawLabelForm(request.POST, prefix="withdraw")
        if withdraw_form.is_valid():
            data = withdraw_form.cleaned_data
            if not data["confirmed"]:
                cause = dict(withdraw_form.fields["cause"].choices)[data["cause"]]
                return _confirm(
                    request,
                    withdraw_form,
                    _("Withdraw the label"),
                    [
                        _(
                            "Withdraw the 4 per 1000 label of %(project)s for %(period)s. "
                            "This cannot be undone."
                        )
                        % {"project": record.project, "period": period},
                        _("Cause: %(cause)s") % {"cause": cause},
                        _("Reason: %(reason)s") % {"reason": data["reason"]},
                    ],
                    request.path,
                )
            try:
                services.withdraw_label(page.label, data["cause"], data["reason"], request.user)
                messages.success(request, _("Label withdrawn."))
                return redirect("registry:label", project=project, period=period)
            except services.RegistryRefused as error:
                withdraw_form.add_error(None, str(error))
    context = {
        "obj": record,
        "page": page,
        "may_award": may_award and page.state == "eligible",
        "may_withdraw": may_withdraw and page.state == "granted",
        "withdraw_form": withdraw_form,
        "absolute_url": request.build_absolute_uri(request.path),
    }
    return render(request, "registry/label_detail.html", context)


def label_seal(request, project: int, period: str, fmt: str):
    """The seal of a granted label (SVG or PNG), its QR code holding the label page's absolute URL (in the
    language the seal is asked in)."""
    if fmt not in ("svg", "png"):
        raise Http404
    record = _record(project, period)
    page = services.label_page(record)
    if page.state != "granted":
        raise Http404
    url = request.build_absolute_uri(page.label.get_absolute_url())
    text = seal.SealText(
        heading=_("4 per 1000"),
        subheading=_("label"),
        title=record.project.title,
        period=_("Monitoring period %(period)s") % {"period": period},
        granted=_("Granted %(date)s") % {"date": formats.date_format(page.label.granted_at, "Y-m-d")},
        scan=_("Scan to verify"),
        url=url,
    )
    name = f"fourpermille-label-{record.project_id}-{period}.{fmt}"
    if fmt == "svg":
        response = HttpResponse(seal.svg(text), content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(seal.png(text), content_type="image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def compare(request, pk: int):
    """What each crediting rule set gives for the same verified campaign (MRV result)."""
    record = services.comparable_record(pk)
    if record is None:
        raise Http404
    outcomes = services.rule_set_comparison(record)
    rows = [(o, services.UNCERTAINTY_TREATMENT[o.method]) for o in (outcomes or [])]
    context = {
        "obj": record,
        "rows": rows,
        "readable": outcomes is not None,
        "issuance": Issuance.objects.filter(mrv_record=record).first(),
        "credits": record.credits,
    }
    return render(request, "registry/compare.html", context)
