"""The desks: one per region from the migration, described in EN/FR/ES; the queue's filters and downloads."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from fourpermille.web.community.models import Region
from fourpermille.web.helpdesk.models import Desk, Question
from tests.web.helpdesk.conftest import new_question

pytestmark = pytest.mark.django_db


def test_one_desk_per_region_described_in_every_language():
    assert sorted(Desk.objects.values_list("region", flat=True)) == sorted(Region.values)
    for desk in Desk.objects.all():
        assert desk.description_en and desk.description_fr and desk.description_es
        assert len({desk.description_en, desk.description_fr, desk.description_es}) == 3
    with translation.override("fr"):
        assert "Afrique" in Desk.objects.get(region="africa").description


def test_the_desk_page_in_french_and_spanish(client):
    assert "Afrique" in client.get("/fr/helpdesk/desks/africa/").content.decode()
    assert "África" in client.get("/es/helpdesk/desks/africa/").content.decode()


def test_experts_page_saves_the_experts_and_the_flag(client, users, desks):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("helpdesk:desk-manage", args=["europe"]),
        {"experts": [users["reviewer-other"].pk, users["editor-b"].pk]},
    )
    assert response.status_code == 302
    desk = Desk.objects.get(region="europe")
    assert set(desk.experts.values_list("username", flat=True)) == {"reviewer-other", "editor-b"}
    assert not desk.active
    assert (
        client.get(reverse("helpdesk:ask") + "?desk=europe")
        .context["form"]
        .fields["desk"]
        .queryset.filter(region="europe")
        .exists()
        is False
    )


def _queue(client, **params):
    response = client.get(reverse("helpdesk:question-list"), params)
    assert response.status_code == 200
    return sorted(q.title for q in response.context["object_list"])


def test_the_experts_queue_filters(client, users, desks):
    old = new_question(users["editor-a"], desks["europe"], "Old")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=45))
    recent = new_question(users["editor-b"], desks["europe"], "Recent")
    recent.country = "Kenya"
    recent.save()
    from fourpermille.web.helpdesk import workflow

    workflow.answer(recent, users["reviewer-assigned"], "Answer.")
    client.force_login(users["reviewer-assigned"])
    assert _queue(client) == ["Old", "Recent"]
    assert _queue(client, status="open") == ["Old"]
    assert _queue(client, status="answered") == ["Recent"]
    assert _queue(client, age="week") == ["Recent"]
    assert _queue(client, age="older") == ["Old"]
    assert _queue(client, age="month") == []
    assert _queue(client, country="keny") == ["Recent"]
    assert _queue(client, desk="africa") == []


def test_my_questions(client, users, desks):
    new_question(users["editor-a"], desks["europe"], "Mine")
    new_question(users["editor-b"], desks["europe"], "Theirs")
    client.force_login(users["reviewer-assigned"])
    new_question(users["reviewer-assigned"], desks["africa"], "The expert's own")
    assert _queue(client, mine="1") == ["The expert's own"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_queue_downloads(client, users, desks, fmt):
    new_question(users["editor-a"], desks["europe"], "=HYPERLINK(1)")
    new_question(users["editor-a"], desks["europe"], "Plain")
    client.force_login(users["reviewer-assigned"])
    response = client.get(reverse("helpdesk:question-list"), {"format": fmt, "status": "open"})
    assert response.status_code == 200
    if fmt == "csv":
        rows = response.content.decode().splitlines()
        assert rows[0].startswith("Asked,Helpdesk,Title,Country,Status")
        assert len(rows) == 3 and "'=HYPERLINK(1)" in response.content.decode()
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0][:3] == ["Asked", "Helpdesk", "Title"]
        assert sorted(v[2] for v in values[1:]) == ["=HYPERLINK(1)", "Plain"]


def test_the_admin_pages_render(client, django_user_model, public):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x-long-password-1")
    client.force_login(admin)
    desk = Desk.objects.get(region="europe")
    for url in (
        "/admin/helpdesk/desk/",
        f"/admin/helpdesk/desk/{desk.pk}/change/",
        "/admin/helpdesk/question/",
        f"/admin/helpdesk/question/{public.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/admin/helpdesk/desk/{desk.pk}/change/").content.decode()
    assert 'name="description_fr"' in html and 'name="description_es"' in html
