"""The question's states (open -> answered -> closed, reopened by the asker) and the notifications."""

from __future__ import annotations

import pytest
from django.core import mail

from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.helpdesk import workflow
from fourpermille.web.helpdesk.models import MessageKind, QuestionStatus
from fourpermille.web.notifications.models import Kind, Notification
from fourpermille.web.resources.models import Practice
from tests.web.helpdesk.conftest import new_question

pytestmark = pytest.mark.django_db
S = QuestionStatus


def test_the_whole_way(private, users):
    expert, asker = users["reviewer-assigned"], users["editor-a"]
    assert private.status == S.OPEN and workflow.available(private, asker) == ["close"]
    assert workflow.available(private, expert) == ["answer", "close"]
    workflow.answer(private, expert, "First answer.")
    private.refresh_from_db()
    assert private.status == S.ANSWERED and private.answered_at is not None
    workflow.answer(private, expert, "A second answer adds to it.")
    private.refresh_from_db()
    assert private.status == S.ANSWERED and private.messages.count() == 2
    workflow.close(private, asker)
    private.refresh_from_db()
    assert private.status == S.CLOSED and private.closed_at is not None
    assert workflow.available(private, asker) == ["reopen"]
    follow_up = workflow.reopen(private, asker, "One more thing.")
    private.refresh_from_db()
    assert follow_up.kind == MessageKind.FOLLOW_UP and follow_up.author == asker
    assert private.status == S.OPEN and private.closed_at is None


@pytest.mark.parametrize(
    "prepare,action,who",
    [
        ("closed", "answer", "reviewer-assigned"),  # a closed question takes no answer until reopened
        ("closed", "close", "editor-a"),
        ("open", "reopen", "editor-a"),  # only an answered or closed question is reopened
        ("closed", "close", "secretariat"),
    ],
)
def test_bad_transitions_are_refused_and_change_nothing(private, users, prepare, action, who):
    if prepare == "closed":
        workflow.close(private, users["editor-a"])
    private.refresh_from_db()
    before = (private.status, private.messages.count())
    calls = {
        "answer": lambda: workflow.answer(private, users[who], "text"),
        "close": lambda: workflow.close(private, users[who]),
        "reopen": lambda: workflow.reopen(private, users[who], "text"),
    }
    with pytest.raises(WorkflowError):
        calls[action]()
    private.refresh_from_db()
    assert (private.status, private.messages.count()) == before


def test_a_bad_transition_posted_on_the_page_is_refused_with_a_message(client, private, users):
    workflow.close(private, users["editor-a"])
    client.force_login(users["reviewer-assigned"])
    response = client.post(f"/helpdesk/questions/{private.pk}/answer/", {"body": "late"}, follow=True)
    assert response.status_code == 200
    assert "cannot be answered" in response.content.decode()
    private.refresh_from_db()
    assert private.status == S.CLOSED and not private.messages.exists()


@pytest.mark.parametrize(
    "who,action", [("editor-b", "close"), ("reviewer-other", "answer"), ("secretariat", "reopen")]
)
def test_others_are_not_allowed(private, users, who, action):
    calls = {
        "answer": lambda: workflow.answer(private, users[who], "text"),
        "close": lambda: workflow.close(private, users[who]),
        "reopen": lambda: workflow.reopen(private, users[who], "text"),
    }
    with pytest.raises(NotAllowed):
        calls[action]()


def test_an_empty_answer_is_refused(private, users):
    with pytest.raises(WorkflowError):
        workflow.answer(private, users["reviewer-assigned"], "   ")
    assert not private.messages.exists()


def test_a_closed_desk_takes_no_question(desks, users):
    desks["europe"].active = False
    desks["europe"].save()
    with pytest.raises(WorkflowError):
        new_question(users["editor-a"], desks["europe"])


def test_an_answer_cites_practices(private, users):
    practice = Practice.objects.get(code="cover-crops")
    answer = workflow.answer(private, users["reviewer-assigned"], "See cover crops.", [practice])
    assert list(answer.practices.all()) == [practice]


def test_an_answer_cites_library_documents_and_links_them(client, private, users):
    """The expert cites a published document of the resource library; the asker's page links to it."""
    from django.urls import reverse

    from fourpermille.web.library.models import Document
    from tests.web.conftest import page_client

    meta_analysis = Document.objects.published().get(doi="10.1016/j.agee.2014.10.024")  # Poeplau & Don 2015
    expert = page_client(client, "reviewer-assigned")
    expert.post(
        reverse("helpdesk:question-answer", args=[private.pk]),
        {"body": "Read the meta-analysis.", "documents": [meta_analysis.pk]},
    )
    answer = private.messages.get(kind=MessageKind.ANSWER)
    assert list(answer.documents.all()) == [meta_analysis]
    client.force_login(private.asker)
    page = client.get(private.get_absolute_url()).content.decode()
    assert (
        f'href="{meta_analysis.get_absolute_url()}" data-document="{meta_analysis.pk}"><span lang="en">'
        in page
    )


def test_the_faq_takes_only_questions_the_asker_allowed(private, users):
    with pytest.raises(WorkflowError):
        workflow.set_in_faq(private, users["reviewer-assigned"], True)
    private.refresh_from_db()
    assert not private.in_faq


# --- notifications ---------------------------------------------------------------------------------------


def _notes(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_asking_notifies_the_desks_experts_only(desks, users, django_capture_on_commit_callbacks, mailoutbox):
    users["reviewer-assigned"].email = "expert@example.org"
    users["reviewer-assigned"].save()
    desks["europe"].experts.add(users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        question = new_question(users["editor-a"], desks["europe"], "Sampling depth")
    assert _notes(Kind.QUESTION_ASKED) == ["reviewer-assigned", "secretariat"]
    note = Notification.objects.filter(kind=Kind.QUESTION_ASKED).first()
    assert note.params == {"desk": "Europe", "title": "Sampling depth"}
    assert note.url == question.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["expert@example.org"]]


def test_the_desk_is_named_in_the_experts_language(desks, users, django_capture_on_commit_callbacks):
    person = users["reviewer-other"].person
    person.language = "fr"
    person.save()
    desks["africa"].experts.add(users["reviewer-assigned"])
    with django_capture_on_commit_callbacks(execute=True):
        new_question(users["editor-b"], desks["africa"], "Compost")
    asked = Notification.objects.filter(kind=Kind.QUESTION_ASKED)
    desk_names = {n.recipient.username: n.params["desk"] for n in asked}
    assert desk_names == {"reviewer-other": "Afrique", "reviewer-assigned": "Africa"}


def test_an_answer_notifies_the_asker_not_the_one_who_answered(
    private, users, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer(private, users["reviewer-assigned"], "Answer.")
    assert _notes(Kind.QUESTION_ANSWERED) == ["editor-a"]
    note = Notification.objects.get(kind=Kind.QUESTION_ANSWERED)
    assert note.params == {"title": "A private question"} and note.url == private.get_absolute_url()


def test_the_secretariats_answer_notifies_the_asker_and_the_desks_experts(
    private, users, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer(private, users["secretariat"], "Answer.")
    assert _notes(Kind.QUESTION_ANSWERED) == ["editor-a", "reviewer-assigned"]


def test_a_follow_up_notifies_the_experts_again(private, users, django_capture_on_commit_callbacks):
    workflow.answer(private, users["reviewer-assigned"], "Answer.")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reopen(private, users["editor-a"], "And in sandy soils?")
    assert _notes(Kind.QUESTION_ASKED) == ["reviewer-assigned"]


def test_closing_notifies_nobody(private, users, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.close(private, users["reviewer-assigned"])
    assert not Notification.objects.exists()


def test_a_refused_answer_notifies_nobody(private, users, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        workflow.answer(private, users["reviewer-other"], "Answer.")
    assert not Notification.objects.exists()
