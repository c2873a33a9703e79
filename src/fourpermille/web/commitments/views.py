from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.web.commitments.forms import CommitmentForm, MilestoneForm
from fourpermille.web.commitments.lists import EXPORT_COLUMNS, SORT_FIELDS, CommitmentFilter
from fourpermille.web.commitments.models import Commitment
from fourpermille.web.core.forms import FormUserMixin
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin


class CommitmentList(ListPageMixin, ListView):
    model = Commitment
    filterset_class = CommitmentFilter
    sort_fields = SORT_FIELDS
    default_sort = "organisation"
    export_name = "commitments"
    export_columns = EXPORT_COLUMNS

    def get_base_queryset(self):
        return Commitment.objects.select_related("organisation").prefetch_related("actions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("commitments.add_commitment")
        return context


class CommitmentDetail(DetailView):
    model = Commitment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["revisions"] = self.object.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        context["can_change"] = user.has_perm("commitments.change_commitment", self.object)
        context["can_delete"] = user.has_perm("commitments.delete_commitment", self.object)
        context["milestone_form"] = MilestoneForm()
        return context


class CommitmentSave(FormUserMixin):
    form_class = CommitmentForm
    model = Commitment
    template_name = "form.html"

    def form_valid(self, form):
        form.instance._change_reason = form.cleaned_data.get("change_reason") or None
        messages.success(self.request, _("Commitment saved (revision kept)."))
        return super().form_valid(form)


class CommitmentCreate(RulesMixin, CommitmentSave, CreateView):
    permission_required = "commitments.add_commitment"

    def get_permission_object(self):
        return None


class CommitmentUpdate(RulesMixin, CommitmentSave, UpdateView):
    permission_required = "commitments.change_commitment"


class CommitmentDelete(RulesMixin, DeleteView):
    model = Commitment
    permission_required = "commitments.delete_commitment"
    template_name = "confirm_delete.html"
    success_url = reverse_lazy("commitments:list")


@require_POST
def add_milestone(request, pk):
    commitment = get_object_or_404(Commitment, pk=pk)
    if not request.user.has_perm("commitments.change_commitment", commitment):
        raise PermissionDenied
    form = MilestoneForm(request.POST)
    if form.is_valid():
        form.instance.commitment = commitment
        form.save()
        messages.success(request, _("Milestone added."))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    return redirect(commitment)
