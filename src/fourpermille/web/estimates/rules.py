"""MRV results: seen by whoever sees the project; uploaded and deleted by the project organisation's editors
and the secretariat (as its sites and measurements); marked verified by the secretariat only."""

import rules

from fourpermille.web.core.predicates import add_module_perm, is_org_editor, is_secretariat
from fourpermille.web.projects.rules import can_view

rules.add_perm("estimates.view_mrvrecord", can_view)
rules.add_perm("estimates.add_mrvrecord", is_secretariat | is_org_editor)
rules.add_perm("estimates.delete_mrvrecord", is_secretariat | is_org_editor)
rules.add_perm("estimates.change_mrvrecord", is_secretariat)
rules.add_perm("estimates.verify_mrvrecord", is_secretariat)
rules.add_perm("estimates.view_exanterecord", can_view)
# The assessment's inputs (a site's climate, the project's scenarios): as the project's sites.
for model in ("siteclimate", "scenario", "estimateoptions"):
    rules.add_perm(f"estimates.view_{model}", can_view)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"estimates.{action}_{model}", is_secretariat | is_org_editor)

add_module_perm("estimates")
