"""Assessment pages: the reviewer's work (results safeguards first, report), the secretariat's (eligibility,
assignments), and the criteria framework versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from fourpermille.web.assessment import services, workflow
from fourpermille.web.assessment.forms import (
    AssignForm,
    EligibilityForm,
    NewVersionForm,
    ReportForm,
    ResultForm,
)
from fourpermille.web.assessment.lists import EXPORT_COLUMNS, SORT_FIELDS, AssessmentFilter
from fourpermille.web.assessment.models import Assessment, Criterion, Framework
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.projects.models import ProjectStatus


class AssessmentList(ListPageMixin, ListView):
    """The secretariat sees every assessment; a reviewer only their assignments."""

    template_name = "assessment/assessment_list.html"
    filterset_class = AssessmentFilter
    sort_fields = SORT_FIELDS
    default_sort = "stage"
    export_name = "assessments"
    export_columns = EXPORT_COLUMNS

    def dispatch(self, request, *args, **kwargs):
        if not (roles.is_secretariat(request.user) or roles.is_reviewer(request.user)):
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        user = self.request.user
        queryset = Assessment.objects.select_related(
            "project", "project__organisation", "framework"
        ).prefetch_related("assignments__reviewer")
        if roles.is_secretariat(user):
            return queryset
        return queryset.filter(assignments__reviewer=user)


class AssessmentDetail(RulesMixin, DetailView):
    model = Assessment
    permission_required = "assessment.view_assessment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, assessment = self.request.user, self.object
        project = assessment.project
        results = {r.criterion_id: r for r in assessment.results.select_related("reviewer")}
        steps = []
        for step in assessment.framework.steps.prefetch_related("criteria__indicators"):
            steps.append((step, [(c, results.get(c.pk)) for c in step.criteria.all()]))
        assigned = roles.is_reviewer(user) and assessment.is_assigned(user)
        in_review = project.status == ProjectStatus.IN_REVIEW
        context.update(
            project=project,
            steps=steps,
            assignments=assessment.assignments.select_related("reviewer"),
            can_record=assigned and in_review,
            result_form=ResultForm(criteria=assessment.framework.criteria()),
            report_form=ReportForm(instance=assessment),
            can_assign=roles.is_secretariat(user)
            and project.status
            in (ProjectStatus.SUBMITTED, ProjectStatus.ELIGIBILITY, ProjectStatus.IN_REVIEW),
            assign_form=AssignForm(),
            can_check_eligibility=roles.is_secretariat(user)
            and project.status in (ProjectStatus.SUBMITTED, ProjectStatus.ELIGIBILITY),
            eligibility_form=EligibilityForm(instance=assessment),
            eligibility=workflow.eligibility_checks(project),
            review_checks=workflow.review_checks(assessment),
            transitions=workflow.available_transitions(project, user),
            history=assessment.history.select_related("history_user")[:30],
        )
        return context


def _assessment_for(request, pk) -> Assessment:
    assessment = get_object_or_404(Assessment, pk=pk)
    if not request.user.has_perm("assessment.view_assessment", assessment):
        raise PermissionDenied
    return assessment


def _run(request, assessment, action, success):
    try:
        action()
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(assessment)


@login_required
@require_POST
def record_result(request, pk):
    assessment = _assessment_for(request, pk)
    form = ResultForm(request.POST, criteria=assessment.framework.criteria())
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(assessment)
    criterion = get_object_or_404(
        Criterion, pk=form.cleaned_data["criterion"], step__framework=assessment.framework
    )
    return _run(
        request,
        assessment,
        lambda: workflow.record_result(
            assessment, criterion, form.cleaned_data["outcome"], form.cleaned_data["rationale"], request.user
        ),
        _("Result recorded."),
    )


@login_required
@require_POST
def edit_report(request, pk):
    assessment = _assessment_for(request, pk)
    form = ReportForm(request.POST, instance=Assessment.objects.get(pk=pk))
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(assessment)
    return _run(
        request,
        assessment,
        lambda: workflow.edit_assessment(
            assessment, request.user, **{k: form.cleaned_data[k] for k in ReportForm.Meta.fields}
        ),
        _("Report saved."),
    )


@login_required
@require_POST
def edit_eligibility(request, pk):
    assessment = _assessment_for(request, pk)
    form = EligibilityForm(request.POST, instance=Assessment.objects.get(pk=pk))
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(assessment)
    return _run(
        request,
        assessment,
        lambda: workflow.edit_assessment(
            assessment, request.user, **{k: form.cleaned_data[k] for k in EligibilityForm.Meta.fields}
        ),
        _("Eligibility saved."),
    )


@login_required
@require_POST
def assign(request, pk):
    assessment = _assessment_for(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(assessment)
    return _run(
        request,
        assessment,
        lambda: workflow.assign_reviewer(
            assessment, form.cleaned_data["reviewer"], request.user, form.cleaned_data["external"]
        ),
        _("Reviewer assigned."),
    )


class FrameworkList(ListView):
    model = Framework


class FrameworkDetail(DetailView):
    model = Framework

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = self.object.steps.prefetch_related("criteria__indicators")
        context["new_version_form"] = NewVersionForm()
        context["can_edit"] = roles.is_secretariat(self.request.user)
        return context


@login_required
@require_POST
def framework_new_version(request, pk):
    source = get_object_or_404(Framework, pk=pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
        return redirect(source)
    try:
        draft = services.new_framework_draft(source, form.cleaned_data["version"], request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(source)
    messages.success(request, _("Draft version created: edit its criteria, then publish it."))
    return redirect(draft)


@login_required
@require_POST
def framework_publish(request, pk):
    framework = get_object_or_404(Framework, pk=pk)
    try:
        services.publish_framework(framework, request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version published: new assessments use it."))
    return redirect(framework)
