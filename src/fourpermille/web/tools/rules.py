"""Who may do what with the catalogue of tools.

Published and retired entries are public; a proposal is seen by its proposer and the secretariat.
Members (organisation editors) propose entries; the secretariat adds, edits, decides, retires.
"""

import rules

from fourpermille.web.core.predicates import add_module_perm, is_editor, is_secretariat


@rules.predicate
def is_public_entry(user, tool) -> bool:
    return tool is None or tool.status in ("published", "retired")


@rules.predicate
def proposed_it(user, tool) -> bool:
    return tool is not None and user.is_authenticated and tool.proposed_by_id == user.pk


rules.add_perm("tools.view_externaltool", is_public_entry | is_secretariat | proposed_it)
rules.add_perm("tools.add_externaltool", is_secretariat)
rules.add_perm("tools.propose_externaltool", is_editor | is_secretariat)
rules.add_perm("tools.change_externaltool", is_secretariat)
rules.add_perm("tools.decide_externaltool", is_secretariat)
rules.add_perm("tools.retire_externaltool", is_secretariat)
rules.add_perm("tools.delete_externaltool", is_secretariat)

add_module_perm("tools")
