from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from fourpermille.web.core import roles
from fourpermille.web.core.forms import FormUserMixin
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.library.models import Document
from fourpermille.web.resources import services
from fourpermille.web.resources.forms import CaseStudyForm
from fourpermille.web.resources.lists import (
    CASE_STUDY_COLUMNS,
    CASE_STUDY_SORT_FIELDS,
    EXPORT_COLUMNS,
    SORT_FIELDS,
    CaseStudyFilter,
    PracticeFilter,
)
from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus, Practice, PracticeCategory
from fourpermille.web.resources.services import practice_sheet, practice_sheets


class PracticeList(ListPageMixin, ListView):
    """The catalogue by category: each practice's headline effect, or that none is quantified yet."""

    model = Practice
    filterset_class = PracticeFilter
    sort_fields = SORT_FIELDS
    default_sort = "category"
    export_name = "practices"
    export_columns = EXPORT_COLUMNS

    def export_rows(self, rows):
        return super().export_rows(practice_sheets(rows))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sheets = practice_sheets(context["object_list"])
        if self.sort.lstrip("-") == "category":
            context["categories"] = [
                (label, [s for s in sheets if s.record.category == value])
                for value, label in PracticeCategory.choices
                if any(s.record.category == value for s in sheets)
            ]
            if self.sort.startswith("-"):
                context["categories"].reverse()
        else:
            context["categories"] = [("", sheets)]
        context["case_study_count"] = CaseStudy.objects.filter(status=CaseStudyStatus.PUBLISHED).count()
        return context


class PracticeDetail(DetailView):
    model = Practice
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sheet = practice_sheet(self.object)
        context["sheet"] = sheet
        context["projects"] = self.object.projects.visible_to(self.request.user).order_by("title")
        context["evidence"] = services.local_evidence(self.object, published=len(sheet.effects))
        context["documents"] = Document.objects.visible_to(self.request.user).about_practice(self.object)
        context["case_studies"] = (
            self.object.case_studies.filter(status=CaseStudyStatus.PUBLISHED)
            .select_related("organisation")
            .order_by("-year", "title")
        )
        return context


def resources_moved(request, code=None):
    """The catalogue was at /resources/ before it became the good-practice database at /practices/."""
    if code is None:
        target = reverse("resources:practice-list")
    else:
        target = reverse("resources:practice-detail", args=[code])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


# --- case studies -----------------------------------------------------------------------------------------


class CaseStudyList(ListPageMixin, ListView):
    """Published case studies for everyone; the author's own in every status; all for the secretariat."""

    model = CaseStudy
    filterset_class = CaseStudyFilter
    sort_fields = CASE_STUDY_SORT_FIELDS
    default_sort = "-year"
    export_name = "case-studies"
    export_columns = CASE_STUDY_COLUMNS

    def get_base_queryset(self):
        return (
            CaseStudy.objects.visible_to(self.request.user)
            .select_related("organisation", "project")
            .prefetch_related("practices")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm("resources.add_casestudy")
        context["is_secretariat"] = roles.is_secretariat(user)
        context["waiting"] = (
            CaseStudy.objects.filter(status=CaseStudyStatus.SUBMITTED).count()
            if roles.is_secretariat(user)
            else 0
        )
        return context


class CaseStudyDetail(RulesMixin, DetailView):
    model = CaseStudy
    permission_required = "resources.view_casestudy"

    def get_queryset(self):
        return CaseStudy.objects.select_related("organisation", "project", "submitted_by", "decided_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, study = self.request.user, self.object
        context["can_change"] = user.has_perm("resources.change_casestudy", study)
        context["can_decide"] = user.has_perm("resources.decide_casestudy", study)
        context["can_submit"] = context["can_change"] and study.status in (
            CaseStudyStatus.DRAFT,
            CaseStudyStatus.REJECTED,
        )
        context["practices"] = study.practices.order_by("category", "name")
        context["project_visible"] = study.project is not None and user.has_perm(
            "projects.view_project", study.project
        )
        return context


class CaseStudySave(FormUserMixin):
    model = CaseStudy
    form_class = CaseStudyForm
    template_name = "resources/casestudy_form.html"

    def form_valid(self, form):
        if form.instance.pk is None:
            form.instance.submitted_by = self.request.user
            if "organisation" not in form.fields:  # a member writes for their own organisation
                form.instance.organisation_id = roles.editor_organisation_id(self.request.user)
        response = super().form_valid(form)
        if "submit" in self.request.POST and self.object.status in (
            CaseStudyStatus.DRAFT,
            CaseStudyStatus.REJECTED,
        ):
            services.submit_case_study(self.object, self.request.user)
            messages.success(
                self.request, _("Case study submitted: the secretariat will publish or reject it.")
            )
        else:
            messages.success(self.request, _("Case study saved."))
        return response


class CaseStudyCreate(RulesMixin, CaseStudySave, CreateView):
    permission_required = "resources.add_casestudy"

    def get_permission_object(self):
        return None


class CaseStudyUpdate(RulesMixin, CaseStudySave, UpdateView):
    permission_required = "resources.change_casestudy"


@require_POST
def case_study_submit(request, pk):
    study = get_object_or_404(CaseStudy, pk=pk)
    if not request.user.has_perm("resources.change_casestudy", study):
        return deny(request)
    try:
        services.submit_case_study(study, request.user)
    except services.CaseStudyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Case study submitted: the secretariat will publish or reject it."))
    return redirect(study)


@require_POST
def case_study_decide(request, pk):
    study = get_object_or_404(CaseStudy, pk=pk)
    if not request.user.has_perm("resources.decide_casestudy", study):
        if not request.user.is_authenticated:
            return deny(request)
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("publish", "reject"):
        messages.error(request, _("Choose to publish or to reject."))
        return redirect(study)
    services.decide_case_study(study, request.user, publish=decision == "publish")
    messages.success(
        request, _("Case study published.") if decision == "publish" else _("Case study rejected.")
    )
    return redirect(study)
