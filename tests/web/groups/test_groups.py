"""Joining and leaving, notifications of posts, hidden posts, documents, the list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fourpermille.web.core.errors import NotAllowed
from fourpermille.web.groups import services
from fourpermille.web.notifications.models import Kind, Notification
from tests.web.conftest import page_client
from tests.web.groups.conftest import PDF

pytestmark = pytest.mark.django_db


def test_join_and_leave_a_public_group(client, public_group, users):
    c = page_client(client, "editor-b")
    assert "Join the group" in c.get(public_group.get_absolute_url()).content.decode()
    c.post(reverse("groups:join", args=[public_group.pk]))
    assert public_group.role_of(users["editor-b"]) == "member"
    page = c.get(public_group.get_absolute_url()).content.decode()
    assert "Leave the group" in page and "+ New thread" in page
    c.post(reverse("groups:leave", args=[public_group.pk]))
    assert public_group.role_of(users["editor-b"]) is None


def test_nobody_joins_a_private_group_by_themselves(client, private_group, users):
    response = page_client(client, "editor-b").post(reverse("groups:join", args=[private_group.pk]))
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        services.join(private_group, users["editor-b"])
    assert private_group.role_of(users["editor-b"]) is None


def test_anonymous_is_sent_to_log_in_to_join(client, public_group):
    response = client.post(reverse("groups:join", args=[public_group.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_thread_and_a_reply_notify_the_members_but_the_author(client, public_group, users):
    c = page_client(client, "reviewer-assigned")
    c.post(reverse("groups:thread-create", args=[public_group.pk]), {"title": "Sampling", "body": "Who?"})
    thread = public_group.threads.get(title="Sampling")
    notices = Notification.objects.filter(kind=Kind.GROUP_POST)
    assert [n.recipient.username for n in notices] == ["editor-a"]
    assert notices.get().params == {
        "who": "reviewer-assigned",
        "group": public_group.name,
        "title": "Sampling",
    }
    assert notices.get().url == thread.get_absolute_url()

    page_client(client, "editor-a").post(thread.get_absolute_url(), {"body": "Me"})
    reply_notices = Notification.objects.filter(kind=Kind.GROUP_POST, recipient=users["reviewer-assigned"])
    assert reply_notices.count() == 1
    assert reply_notices.get().params["who"] == "editor-a"
    assert reply_notices.get().params["title"] == "Sampling"
    assert Notification.objects.filter(kind=Kind.GROUP_POST, recipient=users["editor-b"]).count() == 0


def test_a_hidden_reply_reads_hidden_to_members_and_stays_readable_to_the_coordinator(
    client, public_group, users
):
    thread = public_group.threads.get()
    reply = services.post_reply(thread, users["reviewer-assigned"], "Something off-topic")
    services.set_hidden(reply, users["reviewer-assigned"], True)
    member_page = page_client(client, "editor-a").get(thread.get_absolute_url()).content.decode()
    assert "Something off-topic" not in member_page and "hidden by a coordinator" in member_page
    client.logout()
    coordinator_page = (
        page_client(client, "reviewer-assigned").get(thread.get_absolute_url()).content.decode()
    )
    assert "Something off-topic" in coordinator_page and "Show again" in coordinator_page


def test_a_hidden_thread_is_gone_for_members(client, public_group, users):
    thread = public_group.threads.get()
    services.set_hidden(thread, users["secretariat"], True)
    c = page_client(client, "editor-a")
    assert c.get(thread.get_absolute_url()).status_code == 404
    assert thread.title not in c.get(public_group.get_absolute_url()).content.decode()


def test_an_author_edits_their_reply_not_anothers(client, public_group, users):
    thread = public_group.threads.get()
    own = services.post_reply(thread, users["editor-a"], "Mine")
    other = services.post_reply(thread, users["reviewer-assigned"], "Theirs")
    c = page_client(client, "editor-a")
    assert c.post(reverse("groups:reply-edit", args=[own.pk]), {"body": "Mine, edited"}).status_code == 302
    assert c.post(reverse("groups:reply-edit", args=[other.pk]), {"body": "Hacked"}).status_code == 403
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.body, other.body) == ("Mine, edited", "Theirs")


def test_a_member_shares_a_document_and_a_non_member_cannot_fetch_a_private_one(client, private_group, users):
    c = page_client(client, "editor-a")
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = c.post(
        reverse("groups:document-upload", args=[private_group.pk]), {"title": "Minutes", "file": upload}
    )
    assert response.status_code == 302
    document = private_group.documents.get(title="Minutes")
    assert (document.file_name, document.size, document.uploaded_by) == (
        "minutes.pdf",
        len(PDF),
        users["editor-a"],
    )
    assert document.file.name.startswith("groups/") and "minutes" not in document.file.name
    download = c.get(document.get_absolute_url())
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="minutes.pdf"' in download["Content-Disposition"]
    client.logout()
    assert page_client(client, "editor-b").get(document.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "name,content,error",
    [
        ("tool.exe", b"MZ\x90\x00", "Upload a PDF, PNG or JPEG"),
        ("fake.pdf", b"MZ\x90\x00not a pdf", "is not a PDF document"),
    ],
)
def test_a_document_of_the_wrong_type_is_refused(client, public_group, name, content, error):
    upload = SimpleUploadedFile(name, content)
    response = page_client(client, "editor-a").post(
        reverse("groups:document-upload", args=[public_group.pk]), {"title": "Bad", "file": upload}
    )
    assert response.status_code == 400 and error in response.content.decode()
    assert not public_group.documents.filter(title="Bad").exists()


def test_a_document_over_the_size_limit_is_refused(client, public_group, settings):
    settings.MAX_DOCUMENT_BYTES = 100
    upload = SimpleUploadedFile("big.pdf", PDF + b" " * 200)
    response = page_client(client, "editor-a").post(
        reverse("groups:document-upload", args=[public_group.pk]), {"title": "Big", "file": upload}
    )
    assert response.status_code == 400 and "the limit is" in response.content.decode()


def test_the_uploader_deletes_their_document_a_member_not_anothers(client, public_group, users):
    document = services.add_document(
        public_group, users["reviewer-assigned"], "Slides", SimpleUploadedFile("s.pdf", PDF)
    )
    c = page_client(client, "editor-a")
    assert c.post(reverse("groups:document-delete", args=[document.pk])).status_code == 403
    client.logout()
    c = page_client(client, "reviewer-assigned")
    assert c.post(reverse("groups:document-delete", args=[document.pk])).status_code == 302
    assert not public_group.documents.filter(pk=document.pk).exists()


def test_the_list_filters_by_kind_and_downloads(client, public_group, private_group):
    from fourpermille.web.groups.models import WorkingGroup

    WorkingGroup.objects.create(name="Sahel network", kind="regional", region="africa")
    c = page_client(client, "secretariat")
    page = c.get(reverse("groups:list") + "?kind=regional").content.decode()
    assert "Sahel network" in page and public_group.name not in page
    response = c.get(reverse("groups:list") + "?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_a_hidden_thread_takes_no_reply(client, public_group, users):
    thread = public_group.threads.get()
    services.set_hidden(thread, users["reviewer-assigned"], True)
    response = page_client(client, "reviewer-assigned").post(
        thread.get_absolute_url(), {"body": "Late"}, follow=True
    )
    assert "The thread is hidden: it takes no reply." in response.content.decode()
    assert not thread.replies.exists()
