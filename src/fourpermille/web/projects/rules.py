"""Projects: public once published; before that seen by their organisation's editors, the secretariat and
the STC reviewers assigned to them. Editors change a project only while it is a draft (its content is
what the STC assesses); sites and measurements stay editable (monitoring goes on after publication).
The workflow's own transitions are checked in ``assessment.workflow``.
"""

import rules

from fourpermille.web.core.predicates import (
    add_module_perm,
    is_assigned_reviewer,
    is_editor,
    is_org_editor,
    is_published,
    is_secretariat,
)


@rules.predicate
def is_draft(user, obj) -> bool:
    from fourpermille.web.projects.models import ProjectStatus

    return obj is not None and obj.status == ProjectStatus.DRAFT


can_view = is_published | is_secretariat | is_org_editor | is_assigned_reviewer

rules.add_perm("projects.view_project", can_view)
rules.add_perm("projects.add_project", is_secretariat | is_editor)
rules.add_perm("projects.change_project", is_secretariat | (is_org_editor & is_draft))
rules.add_perm("projects.delete_project", is_secretariat | (is_org_editor & is_draft))

rules.add_perm("projects.view_site", can_view)
rules.add_perm("projects.add_site", is_secretariat | is_editor)
rules.add_perm("projects.change_site", is_secretariat | is_org_editor)
rules.add_perm("projects.delete_site", is_secretariat | is_org_editor)

rules.add_perm("projects.view_workflowevent", can_view)

add_module_perm("projects")
