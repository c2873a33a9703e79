"""Permission matrix of the library: (anonymous, member of the uploading organisation, member of another,
reviewers, secretariat) x (read published / read submitted / create / change / moderate / file)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import page_client
from tests.web.test_permissions import check_page, matrix, who

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", ["anon", "editor-a", "editor-b", "reviewer-assigned", "reviewer-other", "secretariat"]
)
def test_read_published_is_public(client, documents, role):
    response = page_client(client, who(role)).get(documents["published"].get_absolute_url())
    assert response.status_code == 200


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_read_submitted(client, documents, role, status):
    check_page(page_client(client, who(role)).get(documents["submitted"].get_absolute_url()), status)


@pytest.mark.parametrize(
    "role", ["anon", "editor-a", "editor-b", "reviewer-assigned", "reviewer-other", "secretariat"]
)
def test_the_list_shows_what_the_user_may_read(client, documents, role):
    response = page_client(client, who(role)).get(reverse("library:document-list"))
    text = response.content.decode()
    assert "Doc published" in text
    sees_submissions = role in ("editor-a", "secretariat")
    assert ("Doc submitted" in text) == sees_submissions


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": "ok",
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_create(client, db, role, status):
    check_page(page_client(client, who(role)).get(reverse("library:document-create")), status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_change_while_submitted(client, documents, role, status):
    url = reverse("library:document-update", args=[documents["submitted"].pk])
    check_page(page_client(client, who(role)).get(url), status)


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_change_once_published(client, documents, role, status):
    url = reverse("library:document-update", args=[documents["published"].pk])
    check_page(page_client(client, who(role)).get(url), status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_delete_while_submitted(client, documents, role, status):
    url = reverse("library:document-delete", args=[documents["submitted"].pk])
    check_page(page_client(client, who(role)).get(url), status)


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_moderate(client, documents, role, status):
    url = reverse("library:document-decide", args=[documents["submitted"].pk])
    response = page_client(client, who(role)).post(url, {"outcome": "published"})
    check_page(response, status)
    documents["submitted"].refresh_from_db()
    assert documents["submitted"].is_published == (status == "ok")


def test_the_file_goes_to_readers_only(client, documents):
    from django.core.files.base import ContentFile

    document = documents["submitted"]
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    url = reverse("library:document-file", args=[document.pk])
    try:
        assert page_client(client, "editor-b").get(url).status_code == 403
        client.logout()
        response = page_client(client, "editor-a").get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    finally:
        document.file.delete(save=False)
