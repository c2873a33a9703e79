"""Project and site pages. Views stay thin: visibility from services, changes through the workflow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.errors import InputError
from fourpermille.web.assessment import workflow
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.forms import FormUserMixin
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.monitoring.services import (
    import_measurements,
    site_stocks,
    template_columns,
    template_csv,
)
from fourpermille.web.projects.forms import ProjectForm, SiteForm, TransitionForm, UploadForm
from fourpermille.web.projects.geometry import checked_geometry, geometry_text, read_uploaded_geometry
from fourpermille.web.projects.lists import EXPORT_COLUMNS, SORT_FIELDS, ProjectFilter
from fourpermille.web.projects.models import Project, Site
from fourpermille.web.projects.services import site_features, visible_site_outlines


class ProjectList(ListPageMixin, ListView):
    model = Project
    filterset_class = ProjectFilter
    sort_fields = SORT_FIELDS
    default_sort = "title"
    export_name = "projects"
    export_columns = EXPORT_COLUMNS

    def get_base_queryset(self):
        return Project.objects.select_related("organisation").visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("projects.add_project")
        return context


class ProjectDetail(RulesMixin, DetailView):
    model = Project
    permission_required = "projects.view_project"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, project = self.request.user, self.object
        sites = list(project.sites.select_related("project"))
        assessment = getattr(project, "assessment", None) if hasattr(project, "assessment") else None
        context.update(
            sites=sites,
            sites_geojson=site_features(sites),
            transitions=workflow.available_transitions(project, user),
            transition_form=TransitionForm(),
            events=project.events.select_related("actor"),
            history=project.history.select_related("history_user")[:30],
            assessment=assessment,
            can_view_assessment=assessment is not None
            and user.has_perm("assessment.view_assessment", assessment),
            can_change=user.has_perm("projects.change_project", project),
            can_delete=user.has_perm("projects.delete_project", project),
            can_add_site=user.has_perm("projects.change_site", Site(project=project)),
            eligibility=workflow.eligibility_checks(project),
        )
        return context


class ProjectCreate(RulesMixin, FormUserMixin, CreateView):
    model = Project
    form_class = ProjectForm
    permission_required = "projects.add_project"
    template_name = "form.html"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        messages.success(self.request, _("Project created as a draft."))
        return super().form_valid(form)


class ProjectUpdate(RulesMixin, FormUserMixin, UpdateView):
    model = Project
    form_class = ProjectForm
    permission_required = "projects.change_project"
    template_name = "form.html"


class ProjectDelete(RulesMixin, DeleteView):
    model = Project
    permission_required = "projects.delete_project"
    template_name = "confirm_delete.html"
    success_url = reverse_lazy("projects:list")


@require_POST
def project_transition(request, pk, action):
    project = get_object_or_404(Project, pk=pk)
    if not request.user.has_perm("projects.view_project", project) or not request.user.is_authenticated:
        return deny(request)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        project = workflow.transition(project, action, request.user, note)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Done: the project is now “%(status)s”.") % {"status": project.get_status_display()}
        )
    return redirect("projects:detail", pk=pk)


class SiteDetail(RulesMixin, DetailView):
    model = Site
    permission_required = "projects.view_site"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            site_geojson=site_features([self.object]),
            uploads=self.object.uploads.latest_campaign_first().select_related("uploaded_by"),
            measurements=self.object.measurements.select_related("upload").order_by("upload", "row")[:500],
            template_columns=template_columns(),
            upload_form=UploadForm(),
            stocks=site_stocks(self.object),
            can_change=user.has_perm("projects.change_site", self.object),
            can_delete=user.has_perm("projects.delete_site", self.object),
        )
        return context


class SiteFormContext:
    """The site form's page: the project's other sites drawn beside the one edited."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object.project if self.object and self.object.pk else self.get_project()
        others = project.sites.select_related("project").exclude(pk=getattr(self.object, "pk", None))
        context.update(project=project, other_sites_geojson=site_features(others))
        return context


class SiteCreate(SiteFormContext, RulesMixin, CreateView):
    model = Site
    form_class = SiteForm
    permission_required = "projects.change_site"
    template_name = "projects/site_form.html"

    def get_project(self):
        return get_object_or_404(Project, pk=self.kwargs["project_pk"])

    def get_permission_object(self):
        return Site(project=self.get_project())

    def form_valid(self, form):
        form.instance.project = self.get_project()
        messages.success(self.request, _("Site added."))
        return super().form_valid(form)


class SiteUpdate(SiteFormContext, RulesMixin, UpdateView):
    model = Site
    form_class = SiteForm
    permission_required = "projects.change_site"
    template_name = "projects/site_form.html"


class SiteDelete(RulesMixin, DeleteView):
    model = Site
    permission_required = "projects.delete_site"
    template_name = "confirm_delete.html"

    def get_success_url(self):
        return self.object.project.get_absolute_url()


@require_POST
def site_upload(request, pk):
    site = get_object_or_404(Site, pk=pk)
    if not request.user.has_perm("projects.change_site", site):
        return deny(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(site)
    try:
        data = form.cleaned_data
        result = import_measurements(
            site,
            data["file"],
            request.user,
            data["note"],
            sampled_on=data["sampled_on"],
            campaign=data["campaign"],
        )
    except InputError as error:
        messages.error(request, _("Nothing was imported. %(error)s") % {"error": error})
    else:
        messages.success(
            request,
            _("%(rows)d rows from %(profiles)d profiles imported.")
            % {"rows": result.rows, "profiles": result.profiles},
        )
    return redirect(site)


def measurement_template(request):
    """The template CSV of the upload form: the columns the reader accepts and one example row."""
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="soil-measurements-template.csv"'
    return response


@login_required
@require_POST
def geometry_check(request):
    """Check a drawn geometry (``geometry``, GeoJSON text) or read an uploaded file (``file``) for the site
    form's map: the geometry as stored, its type and geodesic area [ha], or the problem in the user's
    language (HTTP 400). Nothing is saved."""
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            site = read_uploaded_geometry(upload)
        else:
            site = checked_geometry(request.POST.get("geometry", ""))
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "geometry": geometry_text(site),
            "geometry_type": site.geometry_type,
            "area_ha": site.area_ha if site.geometry_type != "Point" else None,
            "longitude": site.longitude,
            "latitude": site.latitude,
        }
    )


def site_outlines(request):
    """The polygon sites the user may see, as GeoJSON, for the monitoring maps."""
    return JsonResponse(visible_site_outlines(request.user))
