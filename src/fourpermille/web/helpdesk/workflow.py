"""The only code that creates questions and moves them between states::

    ask --> open --answer--> answered --close--> closed
             ^  \\--close-------------------------^  |
             +------reopen (the asker's follow-up)--+  (from answered or closed)

An answer to an answered question adds to it (it stays answered); a closed question takes no answer until
its asker reopens it. Who may act is a ``rules`` permission (``helpdesk/rules.py``) asked with
``user.has_perm``; any other move raises :class:`WorkflowError` or :class:`NotAllowed` and changes nothing.

Notifications (once the change has committed; the user who acted is never notified):

| event | kind | to |
|---|---|---|
| question asked, or reopened with a follow-up | ``question_asked`` (desk, title) | the desk's experts |
| answer given | ``question_answered`` (title) | the asker and the desk's other experts |

Demo records notify in the platform only (their accounts' e-mail addresses are invented)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fourpermille.web.community import mail
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.helpdesk.models import Desk, Message, MessageKind, Question, QuestionStatus
from fourpermille.web.notifications import services as notifications
from fourpermille.web.notifications.models import Kind

S = QuestionStatus


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    #: The ``rules`` permission asked with ``user.has_perm(permission, question)``.
    permission: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("answer", (S.OPEN, S.ANSWERED), S.ANSWERED, "helpdesk.answer_question"),
        Transition("close", (S.OPEN, S.ANSWERED), S.CLOSED, "helpdesk.close_question"),
        Transition("reopen", (S.ANSWERED, S.CLOSED), S.OPEN, "helpdesk.reopen_question"),
    )
}


def available(question: Question, user) -> list[str]:
    """The actions ``user`` may take on ``question`` now."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if question.status in t.sources and user.has_perm(t.permission, question)
    ]


def _path(question: Question) -> str:
    with translation.override("en"):
        return reverse("helpdesk:question-detail", args=[question.pk])


def _check(question: Question, action: str, user) -> Transition:
    transition = TRANSITIONS[action]
    if not user.has_perm(transition.permission, question):
        raise NotAllowed(_("You may not do this with this question."))
    if question.status not in transition.sources:
        raise WorkflowError(str(REFUSED[action]) % {"status": question.get_status_display()})
    return transition


#: The error of each action tried from a state it does not start from (translated).
REFUSED = {
    "answer": gettext_lazy("This question cannot be answered now (it is “%(status)s”)."),
    "close": gettext_lazy("This question cannot be closed now (it is “%(status)s”)."),
    "reopen": gettext_lazy("This question cannot be reopened now (it is “%(status)s”)."),
}


def _text(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise WorkflowError(_("Write a text."))
    return body


def _experts(desk: Desk):
    return list(desk.active_experts())


@transaction.atomic
def ask(
    user,
    desk: Desk,
    *,
    title: str,
    body: str,
    country: str,
    practices=(),
    allow_publishing=False,
    is_demo=False,
) -> Question:
    if not user.has_perm("helpdesk.add_question"):
        raise NotAllowed(_("Log in to ask a question."))
    if not desk.active:
        raise WorkflowError(_("The %(desk)s helpdesk takes no new questions.") % {"desk": desk})
    question = Question.objects.create(
        desk=desk,
        asker=user,
        title=title.strip(),
        body=_text(body),
        country=country.strip(),
        allow_publishing=allow_publishing,
        is_demo=is_demo,
    )
    question.practices.set(practices)
    _notify_asked(question, user)
    return question


def _notify_asked(question: Question, actor) -> None:
    question_id = question.pk

    def send():
        q = Question.objects.select_related("desk").get(pk=question_id)
        # the desk's name is stored in each expert's language (the notification keeps its words as sent)
        by_language: dict[str, list] = {}
        for expert in _experts(q.desk):
            by_language.setdefault(mail.user_language(expert), []).append(expert)
        for language, experts in by_language.items():
            with translation.override(language):
                desk = str(q.desk.get_region_display())
            notifications.notify(
                experts,
                Kind.QUESTION_ASKED,
                {"desk": desk, "title": q.title},
                url=_path(q),
                exclude=actor,
                email=not q.is_demo,
            )

    transaction.on_commit(send, robust=True)


def _locked(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("desk").get(pk=question.pk)


@transaction.atomic
def answer(question: Question, user, body: str, practices=(), documents=(), is_demo=False) -> Message:
    question = _locked(question)
    _check(question, "answer", user)
    message = Message.objects.create(
        question=question, author=user, kind=MessageKind.ANSWER, body=_text(body), is_demo=is_demo
    )
    message.practices.set(practices)
    message.documents.set(documents)
    question.status = S.ANSWERED
    question.answered_at = message.created_at
    question.save(update_fields=["status", "answered_at", "updated_at"])
    question_id = question.pk

    def send():
        q = Question.objects.select_related("desk", "asker").get(pk=question_id)
        notifications.notify(
            [q.asker, *_experts(q.desk)],
            Kind.QUESTION_ANSWERED,
            {"title": q.title},
            url=_path(q),
            exclude=user,
            email=not q.is_demo,
        )

    transaction.on_commit(send, robust=True)
    return message


@transaction.atomic
def close(question: Question, user) -> Question:
    question = _locked(question)
    _check(question, "close", user)
    question.status = S.CLOSED
    question.closed_at = timezone.now()
    question.save(update_fields=["status", "closed_at", "updated_at"])
    return question


@transaction.atomic
def reopen(question: Question, user, body: str) -> Message:
    """The asker reopens the question with a follow-up; the desk's experts are told, as for a new one."""
    question = _locked(question)
    _check(question, "reopen", user)
    message = Message.objects.create(
        question=question, author=user, kind=MessageKind.FOLLOW_UP, body=_text(body), is_demo=question.is_demo
    )
    question.status = S.OPEN
    question.closed_at = None
    question.save(update_fields=["status", "closed_at", "updated_at"])
    _notify_asked(question, user)
    return message


@transaction.atomic
def set_in_faq(question: Question, user, in_faq: bool) -> Question:
    """An expert chooses the question for the public FAQ (only one its asker allowed to publish)."""
    question = _locked(question)
    if not user.has_perm("helpdesk.mark_faq", question):
        raise NotAllowed(_("You may not do this with this question."))
    if in_faq and not question.allow_publishing:
        raise WorkflowError(_("The asker did not allow publishing this question."))
    question.in_faq = in_faq
    question.save(update_fields=["in_faq", "updated_at"])
    return question
