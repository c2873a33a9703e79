from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.web.community.forms import OrganisationForm
from fourpermille.web.community.lists import EXPORT_COLUMNS, SORT_FIELDS, OrganisationFilter
from fourpermille.web.community.models import Organisation
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin
from fourpermille.web.projects.models import Project


class OrganisationList(ListPageMixin, ListView):
    model = Organisation
    filterset_class = OrganisationFilter
    sort_fields = SORT_FIELDS
    default_sort = "name"
    export_name = "organisations"
    export_columns = EXPORT_COLUMNS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("community.add_organisation")
        return context


class OrganisationDetail(DetailView):
    model = Organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["projects"] = Project.objects.visible_to(user).filter(organisation=self.object)
        context["commitments"] = self.object.commitments.all()
        context["can_change"] = user.has_perm("community.change_organisation", self.object)
        context["can_delete"] = user.has_perm("community.delete_organisation", self.object)
        context["history"] = self.object.history.all()[:20]
        return context


class OrganisationFormMixin:
    """The form knows who edits: the secretariat's fields are read-only to everyone else."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OrganisationCreate(RulesMixin, OrganisationFormMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "community.add_organisation"
    template_name = "form.html"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        messages.success(self.request, _("Organisation created."))
        return super().form_valid(form)


class OrganisationUpdate(RulesMixin, OrganisationFormMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "community.change_organisation"
    template_name = "form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Organisation saved."))
        return super().form_valid(form)


class OrganisationDelete(RulesMixin, DeleteView):
    model = Organisation
    permission_required = "community.delete_organisation"
    template_name = "confirm_delete.html"
    success_url = reverse_lazy("community:organisation-list")

    def form_valid(self, form):
        messages.success(self.request, _("Organisation deleted."))
        return super().form_valid(form)
