"""Commitments are public statements; an organisation's editors (and the secretariat) keep them."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_editor, is_org_editor, is_secretariat

for model in ("commitment", "milestone"):
    rules.add_perm(f"commitments.view_{model}", always)
    rules.add_perm(f"commitments.add_{model}", is_secretariat | is_editor)
    rules.add_perm(f"commitments.change_{model}", is_secretariat | is_org_editor)
    rules.add_perm(f"commitments.delete_{model}", is_secretariat | is_org_editor)

add_module_perm("commitments")
