"""Assessment pages: the reviewer's work (results safeguards first, report), the secretariat's (eligibility,
assignments), and the criteria framework versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
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
from fourpermille.web.assessment.lists import EXPORT_COLUMNS, SORT_FIELDS, AssessmentFilter, with_stage_since
from fourpermille.web.assessment.models import Assessment, Criterion, Framework, Outcome
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
        queryset = with_stage_since(queryset)
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


@login_required
def assess(request, pk):
    """The reviewer's one page: every criterion (safeguards first) with its indicators, the project's sites,
    estimate and measurements beside them, and the report. What is typed is kept as the reviewer's draft as
    they go (the page saves it on each change; "Save draft" too), nothing is recorded; "Preview report"
    shows the report from the draft; "Submit assessment" records the draft through the workflow (safeguards
    first, a safeguard not met ends the review), a row it refuses keeping its text and its reason."""
    assessment = _assessment_for(request, pk)
    project = assessment.project
    if not (
        roles.is_reviewer(request.user)
        and assessment.is_assigned(request.user)
        and project.status == ProjectStatus.IN_REVIEW
    ):
        messages.info(
            request, _("The one-page assessment is open to the assigned reviewers during the review.")
        )
        return redirect(assessment)
    draft = services.draft_for(assessment, request.user)
    shown = Assessment.objects.get(pk=pk)  # the report fields shown: the draft's over the stored ones
    if draft is not None:
        for name in workflow.REVIEWER_FIELDS:
            setattr(shown, name, getattr(draft, name))
    status = 200
    if request.method == "POST":
        then = request.POST.get("then", "stay")
        rows = services.page_rows(assessment, request.POST)
        report_form = ReportForm(request.POST, instance=shown, prefix="report")
        if not report_form.is_valid():
            if then == "autosave":
                return JsonResponse({"saved": False, "errors": report_form.errors}, status=400)
            messages.error(request, _("Some entries were not saved: see the reasons beside them."))
        else:
            report = {k: report_form.cleaned_data[k] for k in ReportForm.Meta.fields}
            try:
                draft = services.save_draft(assessment, request.user, rows, report)
            except NotAllowed as error:
                raise PermissionDenied(str(error)) from None
            except WorkflowError as error:
                messages.error(request, str(error))
                return redirect(assessment)
            if then == "autosave":
                return JsonResponse({"saved": True, "at": timezone.localtime(draft.updated_at).isoformat()})
            if then == "preview":
                return redirect("assessment:preview", pk=pk)
            if then != "submit":
                messages.success(request, _("Draft saved."))
                return redirect("assessment:assess", pk=pk)
            saved, rows = services.submit_draft(assessment, request.user, draft)
            if saved.ended_on_safeguard:
                messages.warning(request, _("A safeguard is not met: the review has ended."))
                return redirect(assessment)
            if not saved.errors:
                messages.success(request, _("Assessment submitted: its results are recorded."))
                return redirect(assessment)
            messages.error(request, _("Nothing was recorded: see the reasons beside the entries."))
    else:
        rows = services.page_rows(assessment, draft=draft)
        report_form = ReportForm(instance=shown, prefix="report")
    context = {
        "object": assessment,
        "project": project,
        "rows": rows,
        "draft": draft,
        "outcomes": Outcome.choices,
        "report_form": report_form,
        "evidence": services.project_evidence(project),
        "review_checks": workflow.review_checks(Assessment.objects.get(pk=pk)),
        "transitions": workflow.available_transitions(project, request.user),
    }
    return render(request, "assessment/assess.html", context, status=status)


@login_required
def preview(request, pk):
    """The report as submitting the reader's draft would make it (an assigned reviewer with a draft), else
    the report as recorded so far: the same document as the report, marked as a draft."""
    assessment = _assessment_for(request, pk)
    draft = services.draft_for(assessment, request.user)
    return HttpResponse(services.document_html(assessment, "report", request, draft=draft))


@login_required
def report(request, pk, fmt, kind="report"):
    """The assessment report (or the letter of support) as HTML, the preview, or as PDF: one document."""
    assessment = _assessment_for(request, pk)
    if fmt not in ("html", "pdf") or kind not in services.DOCUMENT_KINDS:
        raise Http404
    if kind == "letter" and not assessment.letter_of_support.strip():
        raise Http404
    if fmt == "html":
        return HttpResponse(services.document_html(assessment, kind, request))
    response = HttpResponse(services.document_pdf(assessment, kind), content_type="application/pdf")
    name = f"{kind}-{slugify(assessment.project.title)[:60] or assessment.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


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
