"""The registry is public to read. The secretariat issues and cancels; an organisation's editors transfer
and retire from their own organisation's account (and the secretariat from any). Nothing is changed or
deleted: the registry is append-only (a correction is a new event)."""

import rules

from fourpermille.web.core.predicates import add_module_perm, is_editor, is_org_editor, is_secretariat

for model in (
    "account",
    "issuance",
    "block",
    "retirement",
    "cancellation",
    "transfer",
    "ledgerentry",
):
    rules.add_perm(f"registry.view_{model}", rules.always_allow)
    rules.add_perm(f"registry.change_{model}", rules.always_deny)
    rules.add_perm(f"registry.delete_{model}", rules.always_deny)
rules.add_perm("registry.add_issuance", is_secretariat)
rules.add_perm("registry.add_cancellation", is_secretariat)
rules.add_perm("registry.view_label", rules.always_allow)
rules.add_perm("registry.add_label", is_secretariat)  # award a label the rules grant
rules.add_perm("registry.withdraw_label", is_secretariat)
rules.add_perm("registry.change_label", rules.always_deny)  # a withdrawal is its own action
rules.add_perm("registry.delete_label", rules.always_deny)
rules.add_perm("registry.view_externalcredit", rules.always_allow)
rules.add_perm("registry.add_externalcredit", is_secretariat)
rules.add_perm("registry.delete_externalcredit", is_secretariat)
rules.add_perm("registry.change_externalcredit", is_secretariat)
rules.add_perm("registry.add_transfer", is_secretariat | is_editor)
rules.add_perm("registry.add_retirement", is_secretariat | is_editor)
rules.add_perm("registry.move_units", is_secretariat | is_org_editor)  # obj: the account units leave
add_module_perm("registry")
