"""Roadmap objectives and KPI values are public; the secretariat edits them."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_secretariat

for model in ("roadmapobjective", "kpivalue"):
    rules.add_perm(f"roadmap.view_{model}", always)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"roadmap.{action}_{model}", is_secretariat)

add_module_perm("roadmap")
