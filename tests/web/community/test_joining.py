"""Joining as the initiative does it: apply with the signed declaration, confirm the e-mail, the secretariat
approves (organisation created, contact invited) or rejects with a reason; the invitation opens an account
once, before it expires; documents are checked and shown to the secretariat only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from fourpermille.web.community import services
from fourpermille.web.community.models import Invitation, JoinRequest, JoinRequestStatus, Organisation
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.notifications.models import Kind, Notification
from tests.web.community.helpers import PDF, application, link_in, pdf
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def apply(client, capture, **overrides):
    with capture(execute=True):
        return client.post("/organisations/join/", application(**overrides))


@pytest.fixture
def pending(client, mailoutbox, django_capture_on_commit_callbacks):
    """An application whose contact confirmed the address."""
    response = apply(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in(mailoutbox[-1], "/join/confirm/"))
    mailoutbox.clear()
    return JoinRequest.objects.get(name="Sols Vivants")


def test_an_application_waits_for_the_contact_to_confirm_the_address(
    client, mailoutbox, users, django_capture_on_commit_callbacks
):
    response = apply(client, django_capture_on_commit_callbacks)
    assert "awa@sols-vivants.example.org" in response.content.decode()
    join_request = JoinRequest.objects.get(name="Sols Vivants")
    assert join_request.status == JoinRequestStatus.UNCONFIRMED
    assert join_request.declaration_name == "declaration.pdf"
    # stored under a random name, never the applicant's
    assert join_request.declaration.name.startswith("join-requests/")
    assert "declaration" not in join_request.declaration.name
    (message,) = mailoutbox
    assert message.to == ["awa@sols-vivants.example.org"]
    assert not Notification.objects.filter(kind=Kind.JOIN_REQUESTED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(link_in(message, "/join/confirm/"))
    assert page.status_code == 200
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING and join_request.email_confirmed_at
    assert Notification.objects.filter(kind=Kind.JOIN_REQUESTED, recipient=users["secretariat"]).exists()


def test_a_bad_confirmation_link_is_refused(client):
    response = client.get("/organisations/join/confirm/not-a-token/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_french_applicant_gets_french_e_mails(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/organisations/join/", application())
    (message,) = mailoutbox
    assert "Confirmez" in message.subject
    assert "/fr/organisations/join/confirm/" in message.body


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (pdf("declaration.exe", b"MZ\x90\x00"), "PDF, PNG or JPEG"),
        (pdf("declaration.pdf", b"MZ\x90\x00 an executable"), "content is not a PDF"),
        (pdf("declaration.png", PDF), "content is not a PNG"),
    ],
)
def test_a_document_must_be_a_pdf_png_or_jpeg_by_its_content(client, upload, error):
    response = client.post("/organisations/join/", application(declaration=upload))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not JoinRequest.objects.exists()


@override_settings(MAX_DOCUMENT_BYTES=1000)
def test_a_document_larger_than_the_limit_is_refused(client):
    response = client.post("/organisations/join/", application(declaration=pdf(content=PDF + b"0" * 2000)))
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()


def test_a_consortium_member_proves_its_non_profit_status(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = client.post("/organisations/join/", application(body="consortium"))
    assert response.status_code == 400
    assert "Consortium members are non-profit" in response.content.decode()
    response = apply(
        client, django_capture_on_commit_callbacks, body="consortium", non_profit_proof=pdf("statutes.pdf")
    )
    assert response.status_code == 200
    assert JoinRequest.objects.get().non_profit_proof_name == "statutes.pdf"


def test_an_existing_member_cannot_apply_again(client):
    response = client.post("/organisations/join/", application(name="org a"))
    assert response.status_code == 400
    assert "member or partner already" in response.content.decode()


def test_documents_are_for_the_secretariat_only(client, pending):
    url = f"/organisations/join/requests/{pending.pk}/declaration/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert page_client(client, "editor-a").get(url).status_code == 403
    response = page_client(client, "secretariat").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"/organisations/join/requests/{pending.pk}/non-profit/").status_code == 404


def test_the_secretariat_approves_and_the_contact_opens_the_first_account(
    client, pending, users, mailoutbox, django_capture_on_commit_callbacks
):
    assert page_client(client, "editor-a").get(pending.get_absolute_url()).status_code == 403
    secretariat = page_client(client, "secretariat")
    listing = secretariat.get("/organisations/join/requests/").content.decode()
    assert "Sols Vivants" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(pending.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Sols Vivants")
    assert organisation.status == "active" and organisation.declaration_signed == dt.date(2026, 11, 2)
    pending.refresh_from_db()
    assert pending.status == JoinRequestStatus.APPROVED and pending.organisation == organisation
    (invitation_mail,) = mailoutbox
    assert invitation_mail.to == ["awa@sols-vivants.example.org"]
    assert "approved" in invitation_mail.body

    client.logout()
    link = link_in(invitation_mail, "/invitation/")
    page = client.get(link)
    assert "Sols Vivants" in page.content.decode()
    response = client.post(
        link,
        {
            "username": "awa",
            "first_name": "Awa",
            "last_name": "Diop",
            "password1": "soils-and-carbon-2026",
            "password2": "soils-and-carbon-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/login/"
    awa = get_user_model().objects.get(username="awa")
    assert awa.email == "awa@sols-vivants.example.org"
    assert roles.is_editor(awa) and roles.editor_organisation_id(awa) == organisation.pk
    assert client.login(username="awa", password="soils-and-carbon-2026")
    client.logout()
    # one time only
    again = client.get(link)
    assert again.status_code == 400 and "used already" in again.content.decode()


def test_an_expired_invitation_does_not_open_an_account(
    client, pending, users, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_join_request(pending, users["secretariat"])
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(link_in(mailoutbox[-1], "/invitation/"))
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_a_rejection_gives_its_reason_to_the_applicant(
    client, pending, users, mailoutbox, django_capture_on_commit_callbacks
):
    secretariat = page_client(client, "secretariat")
    response = secretariat.post(pending.get_absolute_url(), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(
            pending.get_absolute_url(), {"decision": "reject", "reason": "No signed declaration."}
        )
    pending.refresh_from_db()
    assert pending.status == JoinRequestStatus.REJECTED and pending.reason == "No signed declaration."
    assert not Organisation.objects.filter(name="Sols Vivants").exists()
    (message,) = mailoutbox
    assert "No signed declaration." in message.body and message.to == ["awa@sols-vivants.example.org"]
    with pytest.raises(WorkflowError, match="only a request waiting"):
        services.approve_join_request(pending, users["secretariat"])


def test_only_the_secretariat_decides(pending, users, client):
    with pytest.raises(NotAllowed):
        services.approve_join_request(pending, users["editor-a"])
    response = page_client(client, "editor-a").post(pending.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == JoinRequestStatus.PENDING


def test_an_editor_invites_a_colleague_to_their_own_organisation(
    client, users, mailoutbox, django_capture_on_commit_callbacks
):
    org_a = Organisation.objects.get(name="Org A")
    org_b = Organisation.objects.get(name="Org B")
    editor = page_client(client, "editor-a")
    assert editor.get(f"/organisations/{org_b.pk}/invite/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            f"/organisations/{org_a.pk}/invite/", {"email": "colleague@example.org", "language": "es"}
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["colleague@example.org"]
    assert "/es/organisations/invitation/" in message.body
    invitation = Invitation.objects.get(email="colleague@example.org")
    assert invitation.organisation == org_a and invitation.invited_by == users["editor-a"]
    # only the digest is stored: the token is in the e-mail alone
    token = link_in(message, "/invitation/").rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_sha256 and Invitation.find(token) == invitation
    # a second invitation to the same address replaces the first
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            f"/organisations/{org_a.pk}/invite/", {"email": "colleague@example.org", "language": "en"}
        )
    assert client.get(link_in(message, "/invitation/")).status_code == 400


def test_applications_from_one_address_are_limited(client, django_capture_on_commit_callbacks):
    from fourpermille.web.community.views import JOIN_REQUESTS_PER_HOUR

    for n in range(JOIN_REQUESTS_PER_HOUR):
        assert apply(client, django_capture_on_commit_callbacks, name=f"Applicant {n}").status_code == 200
    response = apply(client, django_capture_on_commit_callbacks, name="One too many")
    assert response.status_code == 400 and "Too many applications" in response.content.decode()
    assert JoinRequest.objects.count() == JOIN_REQUESTS_PER_HOUR


def test_the_admin_shows_join_requests_read_only(client, pending):
    page = page_client(client, "secretariat")
    user = get_user_model().objects.get(username="secretariat")
    user.is_staff = True
    user.save()
    response = page.get(f"/admin/community/joinrequest/{pending.pk}/change/")
    assert response.status_code == 200
    assert 'name="name"' not in response.content.decode()  # read-only: no input
