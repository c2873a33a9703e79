"""Permission matrix of the working groups: (anonymous, member, non-member, coordinator, secretariat) x
(read a public / a private group, its thread and document, post, edit a member's post, hide it, manage the
members). A private group answers 404 to whoever may not see it (it does not exist for them).

"login" = sent to the login page, "ok" = allowed (200, or a redirect elsewhere after an action)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import page_client
from tests.web.groups.conftest import PEOPLE, who
from tests.web.test_permissions import check_page

pytestmark = pytest.mark.django_db

ROLES = list(PEOPLE)


def matrix(expected: dict[str, object]):
    return pytest.mark.parametrize("role,status", [(r, expected[r]) for r in ROLES])


PRIVATE_READ = {"anon": 404, "member": "ok", "non-member": 404, "coordinator": "ok", "secretariat": "ok"}


@pytest.mark.parametrize("role", ROLES)
def test_read_public_group_thread_and_document(client, public_group, role):
    c = page_client(client, who(role))
    assert c.get(public_group.get_absolute_url()).status_code == 200
    assert c.get(public_group.threads.get().get_absolute_url()).status_code == 200
    response = c.get(public_group.documents.get().get_absolute_url())
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


@matrix(PRIVATE_READ)
def test_read_private_group(client, private_group, role, status):
    check_page(page_client(client, who(role)).get(private_group.get_absolute_url()), status)


@matrix(PRIVATE_READ)
def test_read_private_thread(client, private_group, role, status):
    check_page(page_client(client, who(role)).get(private_group.threads.get().get_absolute_url()), status)


@matrix(PRIVATE_READ)
def test_download_private_document(client, private_group, role, status):
    check_page(page_client(client, who(role)).get(private_group.documents.get().get_absolute_url()), status)


@matrix({"anon": False, "member": True, "non-member": False, "coordinator": True, "secretariat": True})
def test_private_group_in_the_list_only_for_those_who_see_it(
    client, public_group, private_group, role, status
):
    page = page_client(client, who(role)).get(reverse("groups:list")).content.decode()
    assert public_group.name in page
    assert (private_group.name in page) is status
    csv = page_client(client, who(role)).get(reverse("groups:list") + "?format=csv").content.decode()
    assert (private_group.name in csv) is status


@matrix({"anon": "login", "member": "ok", "non-member": 403, "coordinator": "ok", "secretariat": "ok"})
def test_post_thread_in_public_group(client, public_group, role, status):
    url = reverse("groups:thread-create", args=[public_group.pk])
    response = page_client(client, who(role)).post(url, {"title": "New", "body": "Text"})
    check_page(response, status)
    assert public_group.threads.filter(title="New").exists() is (status == "ok")


@matrix({"anon": 404, "member": "ok", "non-member": 404, "coordinator": "ok", "secretariat": "ok"})
def test_post_reply_in_private_group(client, private_group, role, status):
    thread = private_group.threads.get()
    response = page_client(client, who(role)).post(thread.get_absolute_url(), {"body": "A reply"})
    check_page(response, status)
    assert thread.replies.filter(body="A reply").exists() is (status == "ok")


@matrix({"anon": "login", "member": "ok", "non-member": 403, "coordinator": 403, "secretariat": 403})
def test_edit_a_members_thread(client, public_group, role, status):
    thread = public_group.threads.get()  # by editor-a, the member
    url = reverse("groups:thread-edit", args=[thread.pk])
    response = page_client(client, who(role)).post(url, {"title": "Changed", "body": "Changed"})
    check_page(response, status)
    thread.refresh_from_db()
    assert (thread.title == "Changed") is (status == "ok")


@matrix({"anon": "login", "member": 403, "non-member": 403, "coordinator": "ok", "secretariat": "ok"})
def test_hide_a_thread(client, public_group, role, status):
    thread = public_group.threads.get()
    url = reverse("groups:hide", args=["thread", thread.pk])
    response = page_client(client, who(role)).post(url, {"hidden": "1"})
    check_page(response, status)
    thread.refresh_from_db()
    assert thread.hidden is (status == "ok")


@matrix({"anon": "login", "member": 403, "non-member": 403, "coordinator": "ok", "secretariat": "ok"})
def test_manage_members(client, public_group, users, role, status):
    url = reverse("groups:members", args=[public_group.pk])
    c = page_client(client, who(role))
    check_page(c.get(url), status)
    response = c.post(url, {"user": users["editor-b"].pk, "role": "member"})
    check_page(response, status)
    assert public_group.memberships.filter(user=users["editor-b"]).exists() is (status == "ok")


@matrix({"anon": 404, "member": 403, "non-member": 404, "coordinator": "ok", "secretariat": "ok"})
def test_remove_a_member_of_a_private_group(client, private_group, users, role, status):
    url = reverse("groups:member-remove", args=[private_group.pk, users["editor-a"].pk])
    check_page(page_client(client, who(role)).post(url), status)
    assert private_group.memberships.filter(user=users["editor-a"]).exists() is (status != "ok")


@matrix({"anon": "login", "member": 403, "non-member": 403, "coordinator": "ok", "secretariat": "ok"})
def test_edit_the_group(client, public_group, role, status):
    url = reverse("groups:update", args=[public_group.pk])
    data = {"name": "Renamed", "kind": "thematic", "region": "", "description": ""}
    check_page(page_client(client, who(role)).post(url, data), status)
    public_group.refresh_from_db()
    assert (public_group.name == "Renamed") is (status == "ok")


@matrix({"anon": "login", "member": 403, "non-member": 403, "coordinator": 403, "secretariat": "ok"})
def test_create_a_group(client, role, status):
    data = {"name": "Brand new group", "kind": "regional", "region": "africa", "description": "d"}
    check_page(page_client(client, who(role)).post(reverse("groups:create"), data), status)
    from fourpermille.web.groups.models import WorkingGroup

    created = WorkingGroup.objects.filter(name="Brand new group").first()
    assert (created is not None) is (status == "ok")
    if created is not None:  # the creator coordinates it
        assert created.role_of(created.memberships.get().user) == "coordinator"
