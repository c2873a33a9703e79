"""Organisations are public; the secretariat manages them; an editor changes their own organisation.

Joining: anyone applies (a page, no permission); the secretariat sees and decides the requests. Invitations:
the secretariat, and an organisation's editors for their own organisation. Accounts: the secretariat."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_org_editor, is_secretariat

rules.add_perm("community.view_organisation", always)
rules.add_perm("community.add_organisation", is_secretariat)
rules.add_perm("community.change_organisation", is_secretariat | is_org_editor)
rules.add_perm("community.delete_organisation", is_secretariat)
rules.add_perm("community.view_person", is_secretariat)
rules.add_perm("community.add_person", is_secretariat)
rules.add_perm("community.change_person", is_secretariat)
rules.add_perm("community.delete_person", is_secretariat)

rules.add_perm("community.view_joinrequest", is_secretariat)
rules.add_perm("community.add_joinrequest", is_secretariat)
rules.add_perm("community.change_joinrequest", is_secretariat)
rules.add_perm("community.delete_joinrequest", is_secretariat)
rules.add_perm("community.decide_joinrequest", is_secretariat)

rules.add_perm("community.view_invitation", is_secretariat | is_org_editor)
rules.add_perm("community.add_invitation", is_secretariat)
rules.add_perm("community.change_invitation", is_secretariat)
rules.add_perm("community.delete_invitation", is_secretariat)
rules.add_perm("community.invite_member", is_secretariat | is_org_editor)

rules.add_perm("community.manage_accounts", is_secretariat)

add_module_perm("community")
