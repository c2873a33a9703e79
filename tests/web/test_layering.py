"""Web layering: workflow moves are ``rules`` permissions asked with ``has_perm`` (one place); which
projects a user sees is one queryset (``Project.objects.visible_to``) for permission, pages and API."""

from __future__ import annotations

import ast
import inspect

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from fourpermille.web.assessment import workflow
from fourpermille.web.projects.models import Project
from tests.web.conftest import USERS, api_client, page_client

pytestmark = pytest.mark.django_db

WHO = [None, *USERS]


def test_every_transition_is_a_rules_permission():
    for transition in workflow.TRANSITIONS.values():
        assert rules.perm_exists(transition.permission), transition.action


def test_the_workflow_asks_has_perm_and_never_the_roles():
    """No role is re-checked by hand beside the predicates: the module calls no ``roles.is_*`` for the
    acting user (``assign_reviewer`` checks that the person assigned *is* a reviewer: that is data)."""
    source = inspect.getsource(workflow)
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "roles"
    ]
    assert [ast.unparse(c) for c in calls] == ["roles.is_reviewer(reviewer)"]
    assert source.count(".has_perm(") >= 5


@pytest.mark.parametrize("who", WHO)
def test_transitions_offered_are_those_the_permission_allows(who, users, projects):
    user = users[who] if who else AnonymousUser()
    for project in projects.values():
        offered = {t.action for t in workflow.available_transitions(project, user)}
        allowed = {
            t.action
            for t in workflow.TRANSITIONS.values()
            if project.status in t.sources and user.has_perm(t.permission, project)
        }
        assert offered == allowed, (who, project.title)


def test_permissions_say_who_moves_what(users, projects):
    draft, review = projects["draft-a"], projects["review-a"]
    assert users["editor-a"].has_perm("assessment.submit_project", draft)
    assert not users["editor-b"].has_perm("assessment.submit_project", draft)
    assert users["secretariat"].has_perm("assessment.start_eligibility", draft)
    assert not users["editor-a"].has_perm("assessment.publish_project", draft)
    assert users["reviewer-assigned"].has_perm("assessment.complete_assessment", review)
    assert not users["reviewer-other"].has_perm("assessment.complete_assessment", review)
    assert users["reviewer-assigned"].has_perm("assessment.write_report", review.assessment)
    assert not users["secretariat"].has_perm("assessment.write_report", review.assessment)


@pytest.mark.parametrize("who", WHO)
def test_view_permission_pages_and_api_agree_with_visible_to(who, users, projects, client):
    user = users[who] if who else AnonymousUser()
    visible = set(Project.objects.visible_to(user).values_list("title", flat=True))
    assert {p.title for p in projects.values() if user.has_perm("projects.view_project", p)} == visible
    page = page_client(client, who).get("/projects/").content.decode()
    assert {title for title in (p.title for p in projects.values()) if f">{title}<" in page} == visible
    listed = api_client(who).get("/api/projects/").json()["results"]
    assert {p["title"] for p in listed} == visible
