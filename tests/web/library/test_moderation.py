"""Upload, publish, reject: the statuses, who decided and when, and the notifications."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fourpermille.web.core.errors import WorkflowError
from fourpermille.web.library import services
from fourpermille.web.library.models import Document, DocumentStatus
from fourpermille.web.notifications.models import Kind, Notification
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_a_member_uploads_the_secretariat_is_notified(client, django_capture_on_commit_callbacks):
    page_client(client, "editor-a")
    data = {
        "kind": "report",
        "title_fr": "Rapport de terrain",
        "year": "2025",
        "language": "fr",
        "url": "https://example.org/rapport",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:document-create"), data)
    document = Document.objects.get(title_fr="Rapport de terrain")
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.status == DocumentStatus.SUBMITTED
    assert document.uploaded_by == user("editor-a")
    assert document.organisation.name == "Org A"
    notice = Notification.objects.get(kind=Kind.CONTRIBUTION_SUBMITTED)
    assert notice.recipient == user("secretariat")
    assert notice.params == {"who": "editor-a", "title": "Rapport de terrain"}
    assert notice.url == document.get_absolute_url()


def test_the_secretariat_s_upload_is_published_at_once(client, django_capture_on_commit_callbacks):
    page_client(client, "secretariat")
    data = {
        "kind": "guide",
        "title_en": "Secretariat guide",
        "year": "2025",
        "language": "en",
        "doi": "10.1000/xyz123",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("library:document-create"), data)
    document = Document.objects.get(title_en="Secretariat guide")
    assert document.is_published and document.decided_by == user("secretariat")
    assert not Notification.objects.filter(kind=Kind.CONTRIBUTION_SUBMITTED).exists()


@pytest.mark.parametrize("outcome", ["published", "rejected"])
def test_a_decision_is_recorded_and_the_uploader_notified(
    client, documents, outcome, django_capture_on_commit_callbacks
):
    document = documents["submitted"]
    page_client(client, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:document-decide", args=[document.pk]),
            {"outcome": outcome, "reason": "Out of scope." if outcome == "rejected" else ""},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == outcome
    assert document.decided_by == user("secretariat") and document.decided_at is not None
    notice = Notification.objects.get(kind=Kind.CONTRIBUTION_DECIDED)
    assert notice.recipient == user("editor-a")
    assert notice.params == {"title": "Doc submitted", "outcome": outcome}


def test_a_rejection_needs_a_reason(client, documents):
    document = documents["submitted"]
    page_client(client, "secretariat").post(
        reverse("library:document-decide", args=[document.pk]), {"outcome": "rejected", "reason": ""}
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_deciding_twice_is_an_error(documents):
    services.decide(documents["submitted"], user("secretariat"), "published")
    with pytest.raises(WorkflowError):
        services.decide(documents["submitted"], user("secretariat"), "rejected", "late")
    with pytest.raises(ValueError, match="allowed: published, rejected"):
        services.decide(documents["published"], user("secretariat"), "archived")


def test_the_detail_page_offers_confirmed_buttons_to_the_secretariat(client, documents):
    text = page_client(client, "secretariat").get(documents["submitted"].get_absolute_url()).content.decode()
    assert text.count("data-confirm=") == 2
    client.logout()
    text = page_client(client, "editor-a").get(documents["submitted"].get_absolute_url()).content.decode()
    assert "data-confirm=" not in text


def test_documents_for_practice(documents):
    from django.contrib.auth.models import AnonymousUser

    from fourpermille.web.resources.models import Practice

    practice = Practice.objects.get(code="agroforestry")
    for document in documents.values():
        document.practices.add(practice)
    titles = {d.title_en for d in services.documents_for_practice(practice)}
    assert {"Doc published"} <= titles and "Doc submitted" not in titles
    assert "Doc submitted" in {
        d.title_en for d in services.documents_for_practice(practice, user("editor-a"))
    }
    # real catalogue entries are linked too (Corbeels et al. 2019)
    assert any(
        d.doi == "10.1016/j.still.2018.02.015"
        for d in services.documents_for_practice(practice, AnonymousUser())
    )


def test_the_practice_include_renders(documents):
    from django.template.loader import render_to_string

    from fourpermille.web.resources.models import Practice

    practice = Practice.objects.get(code="cover-crops")
    html = render_to_string(
        "library/_practice_documents.html",
        {"documents": services.documents_for_practice(practice), "practice": practice},
    )
    assert "Carbon sequestration in agricultural soils via cultivation of cover crops" in html
    assert "?practice=cover-crops" in html
