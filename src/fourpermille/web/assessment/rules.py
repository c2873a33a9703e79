"""Frameworks: public, edited by the secretariat while a draft. Assessments: the secretariat and the
assigned reviewers; the project's editors once it is completed; everyone once published.
"""

import rules

from fourpermille.web.core.predicates import (
    add_module_perm,
    always,
    is_assigned_reviewer,
    is_org_editor,
    is_published,
    is_secretariat,
)


@rules.predicate
def framework_is_draft(user, obj) -> bool:
    if obj is None:
        return True  # model-level question (admin lists): the object check decides
    framework = (
        getattr(obj, "framework", None)
        or getattr(getattr(obj, "step", None), "framework", None)
        or getattr(getattr(getattr(obj, "criterion", None), "step", None), "framework", None)
    )
    if framework is None:
        framework = obj
    return framework.is_editable


@rules.predicate
def assessment_completed(user, obj) -> bool:
    from fourpermille.web.projects.models import ProjectStatus

    project = getattr(obj, "project", None) or getattr(getattr(obj, "assessment", None), "project", None)
    return project is not None and project.status in (
        ProjectStatus.COMPLETED,
        ProjectStatus.SAFEGUARD_FAILED,
        ProjectStatus.INELIGIBLE,
        ProjectStatus.PUBLISHED,
    )


for model in ("framework", "step", "criterion", "indicator"):
    rules.add_perm(f"assessment.view_{model}", always)
    rules.add_perm(f"assessment.add_{model}", is_secretariat)
    rules.add_perm(f"assessment.change_{model}", is_secretariat & framework_is_draft)
    rules.add_perm(f"assessment.delete_{model}", is_secretariat & framework_is_draft)

can_view_assessment = (
    is_secretariat | is_assigned_reviewer | (is_org_editor & assessment_completed) | is_published
)
for model in ("assessment", "criterionresult", "reviewerassignment"):
    rules.add_perm(f"assessment.view_{model}", can_view_assessment)
rules.add_perm("assessment.change_assessment", is_secretariat | is_assigned_reviewer)
rules.add_perm("assessment.add_reviewerassignment", is_secretariat)
rules.add_perm("assessment.delete_reviewerassignment", is_secretariat)
rules.add_perm("assessment.add_criterionresult", is_assigned_reviewer)
rules.add_perm("assessment.change_criterionresult", is_assigned_reviewer)

# The workflow's moves (``assessment.workflow``), asked with ``user.has_perm(name, project_or_assessment)``.
can_submit = is_secretariat | is_org_editor
rules.add_perm("assessment.submit_project", can_submit)
rules.add_perm("assessment.withdraw_project", can_submit)
for action in ("start_eligibility", "declare_eligible", "declare_ineligible", "check_eligibility"):
    rules.add_perm(f"assessment.{action}", is_secretariat)
rules.add_perm("assessment.publish_project", is_secretariat)
rules.add_perm("assessment.complete_assessment", is_assigned_reviewer)
rules.add_perm("assessment.write_report", is_assigned_reviewer)

add_module_perm("assessment")
