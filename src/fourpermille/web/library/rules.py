"""Who may do what in the library.

| action | who |
|---|---|
| read | published: anyone; a submission: its organisation's members, its uploader, the secretariat |
| upload (add) | members (a user with an organisation) and the secretariat |
| change, delete | the secretariat; the uploading organisation's members while it waits for the secretariat |
| moderate (publish / reject) | the secretariat |
"""

import rules

from fourpermille.web.core import roles
from fourpermille.web.core.predicates import add_module_perm, always, is_secretariat


@rules.predicate
def is_member(user) -> bool:
    """A logged-in user who belongs to an organisation (community.Person.organisation)."""
    return roles.editor_organisation_id(user) is not None


@rules.predicate
def is_published(user, document) -> bool:
    return document is not None and document.is_published


@rules.predicate
def is_submitted(user, document) -> bool:
    from fourpermille.web.library.models import DocumentStatus

    return document is not None and document.status == DocumentStatus.SUBMITTED


@rules.predicate
def is_uploader(user, document) -> bool:
    if document is None or not getattr(user, "is_authenticated", False):
        return False
    if document.uploaded_by_id == user.pk:
        return True
    organisation_id = roles.editor_organisation_id(user)
    return organisation_id is not None and document.organisation_id == organisation_id


rules.add_perm("library.view_document", is_published | is_uploader | is_secretariat)
rules.add_perm("library.add_document", is_member | is_secretariat)
rules.add_perm("library.change_document", is_secretariat | (is_uploader & is_submitted))
rules.add_perm("library.delete_document", is_secretariat | (is_uploader & is_submitted))
rules.add_perm("library.moderate_document", is_secretariat)
rules.add_perm("library.view_topic", always)
for action in ("add", "change", "delete"):
    rules.add_perm(f"library.{action}_topic", is_secretariat)

add_module_perm("library")
