"""The public FAQ: answered or closed questions the asker allowed and an expert chose, per region, searchable;
never the asker's name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.helpdesk import workflow
from fourpermille.web.helpdesk.models import Question
from tests.web.helpdesk.conftest import new_question

pytestmark = pytest.mark.django_db


def faq_titles(client, **params) -> list[str]:
    response = client.get(reverse("helpdesk:faq-list"), params)
    assert response.status_code == 200
    return [q.title for q in response.context["object_list"]]


def test_only_allowed_answered_and_chosen_questions_are_public(client, users, desks, public):
    expert = users["reviewer-assigned"]
    allowed_open = new_question(users["editor-a"], desks["europe"], "Allowed but open", allow=True)
    workflow.set_in_faq(allowed_open, expert, True)  # chosen early: shows once answered
    allowed_not_chosen = new_question(users["editor-a"], desks["europe"], "Allowed not chosen", allow=True)
    workflow.answer(allowed_not_chosen, expert, "Answer.")
    private = new_question(users["editor-a"], desks["europe"], "Not allowed")
    workflow.answer(private, expert, "Answer.")
    closed = new_question(users["editor-b"], desks["europe"], "Closed and chosen", allow=True)
    workflow.answer(closed, expert, "Answer.")
    workflow.set_in_faq(closed, expert, True)
    workflow.close(closed, users["editor-b"])
    assert sorted(faq_titles(client)) == ["A published question", "Closed and chosen"]
    workflow.answer(allowed_open, expert, "Now answered.")
    assert "Allowed but open" in faq_titles(client)
    for question in (allowed_not_chosen, private):
        assert client.get(question.get_faq_url()).status_code == 404


def test_a_reopened_question_leaves_the_faq_until_answered_again(client, users, public):
    workflow.reopen(public, users["editor-a"], "Follow-up.")
    assert faq_titles(client) == []
    workflow.answer(public, users["reviewer-assigned"], "Second answer.")
    assert faq_titles(client) == ["A published question"]


def test_faq_by_region_and_text(client, users, desks, public):
    kenya = new_question(users["editor-b"], desks["africa"], "Manure on sandy soils", allow=True)
    workflow.answer(kenya, users["reviewer-other"], "Compost is more stable than manure.")
    workflow.set_in_faq(kenya, users["reviewer-other"], True)
    assert faq_titles(client, region="africa") == ["Manure on sandy soils"]
    assert faq_titles(client, region="europe") == ["A published question"]
    assert faq_titles(client, q="stable") == ["Manure on sandy soils"]  # the answer's text
    assert faq_titles(client, q="published") == ["A published question"]
    assert faq_titles(client, q="nothing like it") == []


def test_the_faq_list_never_names_the_asker(client, public):
    html = client.get(reverse("helpdesk:faq-list")).content.decode()
    assert "A published question" in html and "Alice" not in html and "editor-a" not in html


def test_the_desk_page_lists_its_faq(client, public):
    html = client.get(reverse("helpdesk:desk-detail", args=["europe"])).content.decode()
    assert public.get_faq_url() in html
    html = client.get(reverse("helpdesk:desk-detail", args=["africa"])).content.decode()
    assert public.get_faq_url() not in html


def test_in_faq_queryset_matches_is_public(users, desks, public, private):
    assert {q.pk for q in Question.objects.all() if q.is_public} == set(
        Question.objects.in_faq().values_list("pk", flat=True)
    )
