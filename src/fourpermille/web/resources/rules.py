"""The practice catalogue and documents are public; the secretariat keeps them.

Case studies: published ones are public; a member (a logged-in user with an organisation) writes them and
sees and edits their own while a draft or rejected; the secretariat sees all, edits all, may write one for a
member organisation, and decides the submitted ones (publish or reject)."""

import rules

from fourpermille.web.core import roles
from fourpermille.web.core.predicates import add_module_perm, always, is_secretariat

for model in ("practice", "document"):
    rules.add_perm(f"resources.view_{model}", always)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"resources.{action}_{model}", is_secretariat)


@rules.predicate
def is_member(user) -> bool:
    """A logged-in user with an organisation (community.Person.organisation)."""
    return roles.editor_organisation_id(user) is not None


@rules.predicate
def is_author(user, study) -> bool:
    return study is not None and user.is_authenticated and study.submitted_by_id == user.pk


@rules.predicate
def is_published_study(user, study) -> bool:
    return study is None or study.status == "published"


@rules.predicate
def is_open_for_author(user, study) -> bool:
    """Draft or rejected: the author may still change it (and submit it again)."""
    return study is not None and study.status in ("draft", "rejected")


@rules.predicate
def is_submitted(user, study) -> bool:
    return study is not None and study.status == "submitted"


rules.add_perm("resources.view_casestudy", is_published_study | is_author | is_secretariat)
rules.add_perm("resources.add_casestudy", is_member | is_secretariat)
rules.add_perm("resources.change_casestudy", (is_author & is_open_for_author) | is_secretariat)
rules.add_perm("resources.delete_casestudy", (is_author & is_open_for_author) | is_secretariat)
rules.add_perm("resources.decide_casestudy", is_secretariat & is_submitted)

add_module_perm("resources")
