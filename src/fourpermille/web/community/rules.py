"""Organisations are public; the secretariat manages them; an editor changes their own organisation."""

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

add_module_perm("community")
