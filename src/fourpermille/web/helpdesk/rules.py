"""Who may do what at the helpdesks.

| permission | who |
|---|---|
| ``view_desk`` | everyone (the desks, their experts and description are public) |
| ``manage_experts`` / ``change_desk`` | the secretariat |
| ``view_queue`` (a desk) | its experts, the secretariat |
| ``add_question`` | any logged-in user (members and land managers) |
| ``view_question`` | the asker, the desk's experts, the secretariat |
| ``view_faq_entry`` | everyone, once the question is in the public FAQ (``Question.is_public``) |
| ``answer_question`` / ``mark_faq`` | the desk's experts, the secretariat |
| ``close_question`` | the asker, the desk's experts, the secretariat |
| ``reopen_question`` | the asker |

An expert is a user on the desk's list of experts whose account is active."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_authenticated, is_secretariat


def _desk_of(obj):
    return getattr(obj, "desk", obj)


@rules.predicate
def is_desk_expert(user, obj) -> bool:
    """The user is an active expert of the desk (or of the question's desk)."""
    if obj is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _desk_of(obj).experts.filter(pk=user.pk).exists()


@rules.predicate
def is_expert(user) -> bool:
    """The user is an expert of any desk."""
    return bool(getattr(user, "is_authenticated", False)) and user.helpdesk_desks.exists()


@rules.predicate
def is_asker(user, question) -> bool:
    return question is not None and getattr(user, "is_authenticated", False) and question.asker_id == user.pk


@rules.predicate
def is_public_question(user, question) -> bool:
    return question is not None and question.is_public


rules.add_perm("helpdesk.view_desk", always)
rules.add_perm("helpdesk.add_desk", is_secretariat)
rules.add_perm("helpdesk.change_desk", is_secretariat)
rules.add_perm("helpdesk.delete_desk", is_secretariat)
rules.add_perm("helpdesk.manage_experts", is_secretariat)
rules.add_perm("helpdesk.view_queue", is_secretariat | is_desk_expert)
rules.add_perm("helpdesk.view_any_queue", is_secretariat | is_expert)

rules.add_perm("helpdesk.add_question", is_authenticated)
rules.add_perm("helpdesk.view_question", is_secretariat | is_asker | is_desk_expert)
rules.add_perm("helpdesk.view_faq_entry", is_public_question)
rules.add_perm("helpdesk.change_question", is_secretariat)
rules.add_perm("helpdesk.delete_question", is_secretariat)
rules.add_perm("helpdesk.answer_question", is_secretariat | is_desk_expert)
rules.add_perm("helpdesk.mark_faq", is_secretariat | is_desk_expert)
rules.add_perm("helpdesk.close_question", is_secretariat | is_asker | is_desk_expert)
rules.add_perm("helpdesk.reopen_question", is_asker)

rules.add_perm("helpdesk.view_message", is_secretariat)
rules.add_perm("helpdesk.add_message", is_secretariat)
rules.add_perm("helpdesk.change_message", is_secretariat)
rules.add_perm("helpdesk.delete_message", is_secretariat)

add_module_perm("helpdesk")
