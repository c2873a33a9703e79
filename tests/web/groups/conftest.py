"""Two working groups in the test world: a public one and a private one, each with editor-a as a member,
reviewer-assigned as its coordinator and a thread by editor-a; editor-b belongs to neither."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from fourpermille.web.groups.models import Document, MemberRole, Membership, Thread, WorkingGroup

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
#: role in the matrices -> user of the test world (None: anonymous)
PEOPLE = {
    "anon": None,
    "member": "editor-a",
    "non-member": "editor-b",
    "coordinator": "reviewer-assigned",
    "secretariat": "secretariat",
}


def who(role):
    return PEOPLE[role]


def _group(name: str, private: bool) -> WorkingGroup:
    users = get_user_model().objects
    group = WorkingGroup.objects.create(name=name, kind="thematic", private=private)
    Membership.objects.create(group=group, user=users.get(username="editor-a"), role=MemberRole.MEMBER)
    Membership.objects.create(
        group=group, user=users.get(username="reviewer-assigned"), role=MemberRole.COORDINATOR
    )
    Thread.objects.create(
        working_group=group, author=users.get(username="editor-a"), title=f"{name} thread", body="Hello."
    )
    Document.objects.create(
        working_group=group,
        title=f"{name} notes",
        file=ContentFile(PDF, name="notes.pdf"),
        file_name="notes.pdf",
        size=len(PDF),
    )
    return group


@pytest.fixture
def public_group(db):
    return _group("Open soils group", private=False)


@pytest.fixture
def private_group(db):
    return _group("Closed committee", private=True)
