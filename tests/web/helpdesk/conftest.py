"""The helpdesk world on top of tests/web/conftest.py's users:

editor-a asks (the asker), editor-b is another member, reviewer-assigned is the Europe desk's expert,
reviewer-other is the Africa desk's expert, secretariat; plus anonymous.
``private``: editor-a's question to Europe, publishing not allowed, open.
``public``: editor-a's question to Europe, publishing allowed, answered, in the FAQ.
"""

from __future__ import annotations

import pytest

from fourpermille.web.helpdesk import workflow
from fourpermille.web.helpdesk.models import Desk, Question, QuestionStatus

ROLES = ["anon", "asker", "other-member", "desk-expert", "other-expert", "secretariat"]
USERNAMES = {
    "anon": None,
    "asker": "editor-a",
    "other-member": "editor-b",
    "desk-expert": "reviewer-assigned",
    "other-expert": "reviewer-other",
    "secretariat": "secretariat",
}


@pytest.fixture
def desks(users):
    europe, africa = Desk.objects.get(region="europe"), Desk.objects.get(region="africa")
    europe.experts.set([users["reviewer-assigned"]])
    africa.experts.set([users["reviewer-other"]])
    return {"europe": europe, "africa": africa}


def new_question(asker, desk, title="How deep to sample?", allow=False) -> Question:
    return workflow.ask(
        asker, desk, title=title, body="Body of the question.", country="France", allow_publishing=allow
    )


@pytest.fixture
def private(users, desks):
    return new_question(users["editor-a"], desks["europe"], "A private question")


@pytest.fixture
def public(users, desks):
    users["editor-a"].first_name, users["editor-a"].last_name = "Alice", "Asker"
    users["editor-a"].save()
    question = new_question(users["editor-a"], desks["europe"], "A published question", allow=True)
    workflow.answer(question, users["reviewer-assigned"], "The answer.")
    workflow.set_in_faq(question, users["reviewer-assigned"], True)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.is_public
    return question
