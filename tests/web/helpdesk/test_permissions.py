"""Permission matrix of the helpdesk: (anonymous, asker, other member, the desk's expert, another desk's
expert, secretariat) x (read a question, ask, answer, close, reopen, choose for the FAQ, manage experts,
the queue), over the pages.

"login" = sent to the login page, 403 = refused, "ok" = allowed (200, or 302 elsewhere than the login)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.helpdesk.models import Message, Question, QuestionStatus
from tests.web.conftest import page_client
from tests.web.helpdesk.conftest import ROLES, USERNAMES
from tests.web.test_permissions import check_page

pytestmark = pytest.mark.django_db


def matrix(expected: dict[str, object]):
    return pytest.mark.parametrize("role,status", [(r, expected[r]) for r in ROLES])


def main(response) -> str:
    """The page's own content (the menu names the logged-in user)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def as_role(client, role):
    return page_client(client, USERNAMES[role])


PRIVATE_READERS = {
    "anon": "login",
    "asker": "ok",
    "other-member": 403,
    "desk-expert": "ok",
    "other-expert": 403,
    "secretariat": "ok",
}


@matrix(PRIVATE_READERS)
def test_read_private_question(client, private, role, status):
    response = as_role(client, role).get(private.get_absolute_url())
    check_page(response, status)
    if status == "ok":
        assert response.status_code == 200
        assert b"A private question" in response.content


@matrix({**PRIVATE_READERS, "anon": 404, "other-member": 404, "other-expert": 404})
def test_private_question_has_no_faq_page(client, private, role, status):
    response = as_role(client, role).get(private.get_faq_url())
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_public_question_reads_in_the_faq_without_the_askers_name(client, public, users, role):
    response = as_role(client, role).get(public.get_faq_url())
    assert response.status_code == 200
    page = main(response)
    assert "A published question" in page and "The answer." in page
    assert "editor-a" not in page and "Alice" not in page


@matrix({**PRIVATE_READERS, "anon": "faq", "other-member": "faq", "other-expert": "faq"})
def test_public_question_page_sends_outsiders_to_the_faq(client, public, role, status):
    response = as_role(client, role).get(public.get_absolute_url())
    if status == "faq":
        assert response.status_code == 302 and response["Location"] == public.get_faq_url()
    else:
        check_page(response, status)
        assert "Alice Asker" in main(response)  # the full page names the asker


@matrix({"anon": "login", **dict.fromkeys(ROLES[1:], "ok")})
def test_ask(client, desks, role, status):
    before = Question.objects.count()
    response = as_role(client, role).post(
        reverse("helpdesk:ask"),
        {"desk": desks["europe"].pk, "title": "Q", "body": "B", "country": "France"},
    )
    check_page(response, status)
    assert Question.objects.count() == before + (status == "ok")


def test_a_land_manager_without_organisation_or_role_may_ask(client, desks, django_user_model):
    user = django_user_model.objects.create_user("land-manager", password="x-long-password-1")
    client.force_login(user)
    assert client.get(reverse("helpdesk:ask")).status_code == 200
    response = client.post(
        reverse("helpdesk:ask"), {"desk": desks["africa"].pk, "title": "Q", "body": "B", "country": "Kenya"}
    )
    question = Question.objects.get(asker=user)
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()


@matrix(
    {
        "anon": "login",
        "asker": 403,
        "other-member": 403,
        "desk-expert": "ok",
        "other-expert": 403,
        "secretariat": "ok",
    }
)
def test_answer(client, private, role, status):
    response = as_role(client, role).post(
        reverse("helpdesk:question-answer", args=[private.pk]), {"body": "A"}
    )
    check_page(response, status)
    private.refresh_from_db()
    answered = status == "ok"
    assert Message.objects.filter(question=private).count() == int(answered)
    assert private.status == (QuestionStatus.ANSWERED if answered else QuestionStatus.OPEN)


@matrix(
    {
        "anon": "login",
        "asker": "ok",
        "other-member": 403,
        "desk-expert": "ok",
        "other-expert": 403,
        "secretariat": "ok",
    }
)
def test_close(client, private, role, status):
    response = as_role(client, role).post(reverse("helpdesk:question-close", args=[private.pk]))
    check_page(response, status)
    private.refresh_from_db()
    assert (private.status == QuestionStatus.CLOSED) == (status == "ok")


@matrix(
    {
        "anon": "login",
        "asker": "ok",
        "other-member": 403,
        "desk-expert": 403,
        "other-expert": 403,
        "secretariat": 403,
    }
)
def test_reopen(client, public, role, status):
    response = as_role(client, role).post(
        reverse("helpdesk:question-reopen", args=[public.pk]), {"body": "Still unclear."}
    )
    check_page(response, status)
    public.refresh_from_db()
    assert (public.status == QuestionStatus.OPEN) == (status == "ok")


@matrix(
    {
        "anon": "login",
        "asker": 403,
        "other-member": 403,
        "desk-expert": "ok",
        "other-expert": 403,
        "secretariat": "ok",
    }
)
def test_remove_from_faq(client, public, role, status):
    response = as_role(client, role).post(reverse("helpdesk:question-faq", args=[public.pk]), {"in_faq": "0"})
    check_page(response, status)
    public.refresh_from_db()
    assert public.in_faq == (status != "ok")


MANAGERS = {
    "anon": "login",
    "asker": 403,
    "other-member": 403,
    "desk-expert": 403,
    "other-expert": 403,
    "secretariat": "ok",
}


@matrix(MANAGERS)
def test_manage_experts_page(client, desks, role, status):
    check_page(as_role(client, role).get(reverse("helpdesk:desk-manage", args=["europe"])), status)


@matrix(MANAGERS)
def test_manage_experts(client, desks, users, role, status):
    response = as_role(client, role).post(
        reverse("helpdesk:desk-manage", args=["africa"]),
        {"active": "on", "experts": [users["editor-b"].pk]},
    )
    check_page(response, status)
    experts = set(desks["africa"].experts.values_list("username", flat=True))
    assert experts == ({"editor-b"} if status == "ok" else {"reviewer-other"})


@pytest.mark.parametrize("role", ROLES)
def test_public_pages(client, public, role):
    for name, args in [("desk-list", []), ("desk-detail", ["europe"]), ("faq-list", [])]:
        assert as_role(client, role).get(reverse(f"helpdesk:{name}", args=args)).status_code == 200


QUEUE = {
    "anon": "login",
    "asker": {"A private question"},
    "other-member": set(),
    "desk-expert": {"A private question", "Kenyan question"},
    "other-expert": {"Kenyan question", "Other"},  # their own, and their desk's
    "secretariat": {"A private question", "Kenyan question", "Other"},
}


@matrix(QUEUE)
def test_question_list_shows_only_what_each_may_read(client, private, desks, users, role, status):
    from tests.web.helpdesk.conftest import new_question

    new_question(users["reviewer-other"], desks["europe"], "Kenyan question")
    new_question(users["secretariat"], desks["africa"], "Other")
    response = as_role(client, role).get(reverse("helpdesk:question-list"), {"format": "csv"})
    if status == "login":
        check_page(response, status)
        return
    text = response.content.decode()
    titles = {t for t in ("A private question", "Kenyan question", "Other") if t in text}
    assert titles == status
