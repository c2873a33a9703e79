"""The bell, the list, opening and marking read, the preferences page: each user sees only their own."""

from __future__ import annotations

import pytest

from fourpermille.web.notifications.models import Kind, Notification, Preference
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(users, projects):
    Notification.objects.all().delete()
    project = projects["review-a"]
    return [
        Notification.objects.create(
            recipient=users["reviewer-assigned"],
            kind=Kind.REVIEWER_ASSIGNED,
            params={"project": "review-a"},
            url=f"/assessment/{project.assessment.pk}/",
        ),
        Notification.objects.create(
            recipient=users["reviewer-assigned"], kind=Kind.PUBLISHED, params={"project": "published-a"}
        ),
    ]


def test_the_bell_counts_unread_notifications(client, mine):
    page = page_client(client, "reviewer-assigned").get("/projects/").content.decode()
    assert 'data-unread="2"' in page and "Notifications: 2 unread" in page
    other = page_client(client, "editor-a").get("/projects/").content.decode()
    assert 'data-unread="0"' in other
    client.logout()
    assert "data-unread" not in client.get("/projects/").content.decode()


def test_the_list_opens_a_notification_and_marks_it_read(client, mine):
    reviewer = page_client(client, "reviewer-assigned")
    page = reviewer.get("/notifications/").content.decode()
    assert "You are assigned to review “review-a”." in page
    response = reviewer.get(f"/notifications/{mine[0].pk}/open/")
    assert response.status_code == 302 and response["Location"] == mine[0].url
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert "Notifications: 1 unread" in reviewer.get("/notifications/?unread=1").content.decode()
    reviewer.post("/notifications/read/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_notification_opens_in_the_readers_language(client, mine):
    response = page_client(client, "reviewer-assigned").get(f"/fr/notifications/{mine[0].pk}/open/")
    assert response["Location"] == "/fr" + mine[0].url
    page = client.get("/fr/notifications/").content.decode()
    assert "Vous êtes désigné" in page


def test_another_users_notification_is_not_found(client, mine):
    editor = page_client(client, "editor-a")
    assert editor.get(f"/notifications/{mine[0].pk}/open/").status_code == 404
    editor.post("/notifications/read/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_a_visitor_is_sent_to_log_in(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/settings/").status_code == 302


def test_preferences_are_saved_per_kind_with_the_language_of_e_mails(client, users):
    reviewer = page_client(client, "reviewer-assigned")
    page = reviewer.get("/notifications/settings/").content.decode()
    assert "A reviewer is assigned" in page
    data = {f"{k}-in_app": "on" for k in Kind.values}
    data.update({f"{k}-email": "on" for k in Kind.values if k != Kind.PUBLISHED})
    data["language"] = "fr"
    assert reviewer.post("/notifications/settings/", data).status_code == 302
    preference = Preference.objects.get(user=users["reviewer-assigned"], kind=Kind.PUBLISHED)
    assert preference.in_app and not preference.email
    users["reviewer-assigned"].person.refresh_from_db()
    assert users["reviewer-assigned"].person.language == "fr"
