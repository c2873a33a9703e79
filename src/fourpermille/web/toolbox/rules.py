"""The calculators and the usage counts are public; counts are kept by the platform, the secretariat may
correct them in the admin."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_secretariat

rules.add_perm("toolbox.view_toolboxusage", always)
for action in ("add", "change", "delete"):
    rules.add_perm(f"toolbox.{action}_toolboxusage", is_secretariat)

add_module_perm("toolbox")
