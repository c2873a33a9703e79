"""The secretariat opens and deactivates accounts from its pages (no superuser); Django's password reset,
with our templates, works for every active account, also one that has no password yet."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fourpermille.web.community import services
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from tests.web.community.helpers import link_in
from tests.web.conftest import PASSWORD, page_client

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.mark.parametrize("who", [None, "editor-a", "reviewer-assigned"])
def test_only_the_secretariat_manages_accounts(client, who):
    client = page_client(client, who)
    expected = 302 if who is None else 403
    assert client.get("/accounts/manage/").status_code == expected
    assert client.get("/accounts/manage/new/").status_code == expected
    target = User.objects.get(username="editor-b")
    assert client.post(f"/accounts/manage/{target.pk}/active/", {"active": "0"}).status_code == expected
    target.refresh_from_db()
    assert target.is_active


def test_the_secretariat_opens_an_account_and_its_owner_chooses_a_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    secretariat = page_client(client, "secretariat")
    assert "editor-a" in secretariat.get("/accounts/manage/").content.decode()
    form = {
        "username": "new-reviewer",
        "first_name": "Nora",
        "last_name": "Reviewer",
        "email": "nora@example.org",
        "organisation": "",
        "role_names": [roles.REVIEWER],
        "language": "fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post("/accounts/manage/new/", form)
    assert response.status_code == 302
    nora = User.objects.get(username="new-reviewer")
    assert roles.is_reviewer(nora) and not nora.has_usable_password() and nora.person.language == "fr"
    (message,) = mailoutbox
    assert message.to == ["nora@example.org"] and "compte" in message.subject  # French, as chosen

    client.logout()
    link = link_in(message, "/accounts/password/reset/")
    page = client.get(link, follow=True)  # Django redirects to the same page with the token in the session
    assert page.status_code == 200 and page.context["validlink"]
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "peat-and-loam-99", "new_password2": "peat-and-loam-99"}
    )
    assert response.status_code == 302
    assert client.login(username="new-reviewer", password="peat-and-loam-99")


def test_an_editor_account_needs_an_organisation(client):
    response = page_client(client, "secretariat").post(
        "/accounts/manage/new/",
        {"username": "x", "email": "x@example.org", "role_names": [roles.EDITOR], "language": "en"},
    )
    assert response.status_code == 400
    assert "needs an organisation" in response.content.decode()


def test_a_taken_user_name_or_address_is_refused(client, users):
    users["editor-a"].email = "a@example.org"
    users["editor-a"].save()
    response = page_client(client, "secretariat").post(
        "/accounts/manage/new/", {"username": "EDITOR-A", "email": "A@example.org", "language": "en"}
    )
    text = response.content.decode()
    assert response.status_code == 400 and "taken" in text and "exists already" in text


def test_a_deactivated_account_cannot_log_in_and_can_be_reactivated(client, users):
    target = users["editor-b"]
    secretariat = page_client(client, "secretariat")
    secretariat.post(f"/accounts/manage/{target.pk}/active/", {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    client.logout()
    assert not client.login(username="editor-b", password=PASSWORD)
    page_client(client, "secretariat").post(f"/accounts/manage/{target.pk}/active/", {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    assert client.login(username="editor-b", password=PASSWORD)


def test_nobody_deactivates_themself_or_a_superuser(users):
    with pytest.raises(WorkflowError, match="your own"):
        services.set_active(users["secretariat"], False, users["secretariat"])
    root = User.objects.create_superuser("root", "root@example.org", "x")
    with pytest.raises(WorkflowError, match="superuser"):
        services.set_active(root, False, users["secretariat"])
    with pytest.raises(NotAllowed):
        services.set_active(users["editor-b"], False, users["editor-a"])


def test_password_reset_by_e_mail(client, users, mailoutbox):
    users["editor-a"].email = "editor-a@example.org"
    users["editor-a"].save()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and "Reset your password" in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "EDITOR-A@example.org"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert "editor-a" in message.body
    page = client.get(link_in(message, "/accounts/password/reset/"), follow=True)
    assert page.context["validlink"]
    client.post(
        page.redirect_chain[-1][0], {"new_password1": "clay-humus-77", "new_password2": "clay-humus-77"}
    )
    assert client.login(username="editor-a", password="clay-humus-77")
    # the link worked once
    client.logout()
    assert not client.get(link_in(message, "/accounts/password/reset/"), follow=True).context["validlink"]


def test_the_login_page_offers_password_reset_and_joining(client):
    text = client.get("/fr/login/").content.decode()
    assert "/fr/accounts/password/reset/" in text and "/fr/organisations/join/" in text
