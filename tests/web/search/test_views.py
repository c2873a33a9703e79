"""The search page: results grouped by kind, one kind page by page, in the reader's language, the box on
every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.search import views
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def group_counts(response):
    return {g["kind"].key: g["count"] for g in response.context["groups"]}


def test_the_box_is_in_the_header_of_every_page(client):
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search:results")}"' in page and 'name="q"' in page


def test_results_are_grouped_by_kind_and_follow_visibility(client, users):
    response = client.get(reverse("search:results"), {"q": "published"})
    assert response.status_code == 200
    assert group_counts(response)["projects"] == 1 and "published-a" in response.content.decode()
    response = client.get(reverse("search:results"), {"q": "draft"})
    assert group_counts(response)["projects"] == 0 and "draft-a" not in response.content.decode()
    response = page_client(client, "secretariat").get(reverse("search:results"), {"q": "draft"})
    assert group_counts(response)["projects"] == 2  # draft-a, draft-b


def test_an_empty_query_explains_and_lists_nothing(client):
    response = client.get(reverse("search:results"))
    assert response.status_code == 200 and response.context["total"] == 0
    assert "the search covers organisations" in response.content.decode()


def test_practices_found_and_shown_in_french(client):
    response = client.get("/fr" + reverse("search:results"), {"q": "semis"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Semis direct (agriculture de conservation)" in page and "Pratiques" in page


def test_one_kind_page_by_page(client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    response = client.get(reverse("search:results"), {"q": "soil", "type": "practices"})
    page_obj = response.context["page_obj"]
    assert response.context["chosen"].key == "practices"
    total = group_counts(response)["practices"]
    assert total > 5 and page_obj.paginator.num_pages == -(-total // 5) and len(page_obj.object_list) == 5
    last = client.get(reverse("search:results"), {"q": "soil", "type": "practices", "page": 99})
    assert last.context["page_obj"].number == page_obj.paginator.num_pages
    assert "type=practices" in response.content.decode()


def test_an_unknown_kind_shows_all_kinds(client):
    response = client.get(reverse("search:results"), {"q": "org", "type": "nonsense"})
    assert response.status_code == 200 and response.context["chosen"] is None
    assert group_counts(response)["organisations"] == 2
