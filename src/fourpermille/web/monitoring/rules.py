"""Measurements follow their site's project: seen by whoever sees the project, uploaded by its editors."""

import rules

from fourpermille.web.core.predicates import (
    add_module_perm,
    is_assigned_reviewer,
    is_editor,
    is_org_editor,
    is_published,
    is_secretariat,
)

can_view = is_published | is_secretariat | is_org_editor | is_assigned_reviewer

for model in ("measurementupload", "soilmeasurement"):
    rules.add_perm(f"monitoring.view_{model}", can_view)
    rules.add_perm(f"monitoring.add_{model}", is_secretariat | is_editor)
    rules.add_perm(f"monitoring.change_{model}", is_secretariat)
    rules.add_perm(f"monitoring.delete_{model}", is_secretariat | is_org_editor)

# profile stocks are derived data: written only by the upload service, seen and deleted with their upload
rules.add_perm("monitoring.view_profilestock", can_view)
rules.add_perm("monitoring.add_profilestock", rules.always_deny)
rules.add_perm("monitoring.change_profilestock", rules.always_deny)
rules.add_perm("monitoring.delete_profilestock", is_secretariat | is_org_editor)

add_module_perm("monitoring")
