"""The practice catalogue and documents are public; the secretariat keeps them."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_secretariat

for model in ("practice", "document"):
    rules.add_perm(f"resources.view_{model}", always)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"resources.{action}_{model}", is_secretariat)

add_module_perm("resources")
