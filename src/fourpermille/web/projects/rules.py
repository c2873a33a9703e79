"""Projects: public once published; before that seen by their organisation's editors, the secretariat and
the STC reviewers assigned to them. Editors change a project only while it is a draft (its content is
what the STC assesses); sites and measurements stay editable (monitoring goes on after publication).
The workflow's own transitions are checked in ``assessment.workflow``.
"""

import rules

from fourpermille.web.core.predicates import (
    add_module_perm,
    is_editor,
    is_org_editor,
    is_published,
    is_secretariat,
    project_of,
)


@rules.predicate
def is_draft(user, obj) -> bool:
    from fourpermille.web.projects.models import ProjectStatus

    return obj is not None and obj.status == ProjectStatus.DRAFT


@rules.predicate
def in_visible_projects(user, obj) -> bool:
    """``obj``'s project is in ``Project.objects.visible_to(user)``: the one definition of who sees what."""
    from fourpermille.web.projects.models import Project

    project = project_of(obj)
    return project is not None and Project.objects.visible_to(user).filter(pk=project.pk).exists()


# ``is_published`` first: the common case needs no query.
can_view = is_published | in_visible_projects

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
