"""Pages of the catalogue of tools and methods: list (filters, downloads), comparison, detail, the
secretariat's entry form, a member's proposal, decisions and retirement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.tools import services
from fourpermille.web.tools.forms import ProposalForm, ToolForm
from fourpermille.web.tools.lists import EXPORT_COLUMNS, SORT_FIELDS, ToolFilter
from fourpermille.web.tools.models import ExternalTool, ToolStatus

#: How many entries the comparison puts side by side.
COMPARE_MIN, COMPARE_MAX = 2, 4


class ToolList(ListPageMixin, ListView):
    model = ExternalTool
    filterset_class = ToolFilter
    sort_fields = SORT_FIELDS
    default_sort = "name"
    export_name = "tools-catalogue"
    export_columns = EXPORT_COLUMNS
    template_name = "tools/tool_list.html"

    def get_base_queryset(self):
        return ExternalTool.objects.filter(status=ToolStatus.PUBLISHED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            can_add=user.has_perm("tools.add_externaltool"),
            can_propose=user.has_perm("tools.propose_externaltool"),
            compare_max=COMPARE_MAX,
            proposals=_proposals_of(user).count() if user.is_authenticated else 0,
        )
        return context


def _proposals_of(user):
    """The proposals ``user`` follows: all awaiting a decision (secretariat), else their own."""
    if user.has_perm("tools.decide_externaltool"):
        return ExternalTool.objects.filter(status=ToolStatus.SUBMITTED)
    return ExternalTool.objects.filter(proposed_by=user).exclude(status=ToolStatus.PUBLISHED)


class ToolDetail(DetailView):
    model = ExternalTool
    slug_field = "slug"
    slug_url_kwarg = "slug"
    template_name = "tools/tool_detail.html"

    def get_object(self, queryset=None):
        tool = super().get_object(queryset)
        if not self.request.user.has_perm("tools.view_externaltool", tool):
            raise Http404
        return tool

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, tool = self.request.user, self.object
        context.update(
            can_change=user.has_perm("tools.change_externaltool", tool),
            can_decide=tool.status == ToolStatus.SUBMITTED
            and user.has_perm("tools.decide_externaltool", tool),
            can_retire=user.has_perm("tools.retire_externaltool", tool),
            missing=services.missing_translations(tool) if tool.status == ToolStatus.SUBMITTED else [],
            history=tool.history.select_related("history_user")[:20],
        )
        return context


def compare(request):
    """2 to 4 published entries side by side (``?t=slug&t=slug``)."""
    slugs = list(dict.fromkeys(request.GET.getlist("t")))[:COMPARE_MAX]
    found = {t.slug: t for t in ExternalTool.objects.filter(status=ToolStatus.PUBLISHED, slug__in=slugs)}
    tools = [found[s] for s in slugs if s in found]
    return render(
        request,
        "tools/tool_compare.html",
        {
            "tools": tools,
            "enough": len(tools) >= COMPARE_MIN,
            "choices": ExternalTool.objects.filter(status=ToolStatus.PUBLISHED).only("slug", "name"),
            "chosen": set(slugs),
            "compare_min": COMPARE_MIN,
            "compare_max": COMPARE_MAX,
        },
    )


class ToolCreate(RulesMixin, CreateView):
    model = ExternalTool
    form_class = ToolForm
    permission_required = "tools.add_externaltool"
    template_name = "tools/tool_form.html"
    extra_context = {"heading_kind": "new"}

    def form_valid(self, form):
        form.instance.status = ToolStatus.PUBLISHED
        response = super().form_valid(form)
        messages.success(self.request, _("Entry published."))
        return response


class ToolPropose(RulesMixin, CreateView):
    model = ExternalTool
    form_class = ProposalForm
    permission_required = "tools.propose_externaltool"
    template_name = "tools/tool_form.html"
    extra_context = {"heading_kind": "propose"}

    def form_valid(self, form):
        tool = form.save(commit=False)
        services.propose(tool, self.request.user)
        self.object = tool
        messages.success(self.request, _("Thank you: the secretariat will review your proposal."))
        return redirect(tool)


class ToolUpdate(RulesMixin, UpdateView):
    model = ExternalTool
    form_class = ToolForm
    slug_field = "slug"
    slug_url_kwarg = "slug"
    permission_required = "tools.change_externaltool"
    template_name = "tools/tool_form.html"
    extra_context = {"heading_kind": "edit"}

    def get_form_class(self):
        return ProposalForm if self.object.status == ToolStatus.SUBMITTED else ToolForm

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Entry saved."))
        return response


def proposals(request):
    """The proposals awaiting the secretariat (secretariat), or one's own proposals (a member)."""
    if not request.user.is_authenticated:
        return deny(request)
    if not (
        request.user.has_perm("tools.propose_externaltool")
        or request.user.has_perm("tools.decide_externaltool")
    ):
        raise PermissionDenied
    rows = _proposals_of(request.user).select_related("proposed_by").order_by("-created_at")
    return render(
        request,
        "tools/tool_proposals.html",
        {"rows": rows, "deciding": request.user.has_perm("tools.decide_externaltool")},
    )


@require_POST
def decide(request, slug):
    tool = get_object_or_404(ExternalTool, slug=slug)
    if not request.user.has_perm("tools.decide_externaltool", tool):
        return deny(request)
    accept = request.POST.get("outcome") == "publish"
    try:
        services.decide(tool, accept, request.user)
    except services.CannotPublish:
        messages.error(
            request,
            _("Complete the entry first: every text in English, French and Spanish is needed to publish."),
        )
        return redirect(tool)
    messages.success(request, _("Entry published.") if accept else _("Proposal rejected."))
    return redirect(tool)


@require_POST
def retire(request, slug):
    tool = get_object_or_404(ExternalTool, slug=slug)
    if not request.user.has_perm("tools.retire_externaltool", tool):
        return deny(request)
    retired = request.POST.get("action") != "reinstate"
    try:
        services.set_retired(tool, retired)
    except services.CannotPublish:
        messages.error(request, _("This entry cannot change that way."))
        return redirect(tool)
    messages.success(request, _("Entry retired.") if retired else _("Entry reinstated."))
    return redirect(tool)
