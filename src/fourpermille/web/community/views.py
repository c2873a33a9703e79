from django.contrib import messages
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.web.community.forms import OrganisationForm
from fourpermille.web.community.models import Body, Organisation, OrganisationType, Region
from fourpermille.web.core.views import RulesMixin
from fourpermille.web.projects.models import Project


class OrganisationList(ListView):
    model = Organisation
    paginate_by = 50

    def get_queryset(self):
        queryset = Organisation.objects.all()
        for field, choices in (("type", OrganisationType), ("region", Region), ("body", Body)):
            value = self.request.GET.get(field)
            if value in choices.values:
                queryset = queryset.filter(**{field: value})
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            queryset = queryset.filter(name__icontains=query)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            types=OrganisationType.choices,
            regions=Region.choices,
            bodies=Body.choices,
            can_add=self.request.user.has_perm("community.add_organisation"),
        )
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
