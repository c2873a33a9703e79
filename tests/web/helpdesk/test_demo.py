"""The helpdesk's demo: experts from the demo accounts, questions labelled demo, FAQ entries, KPI B3 demo."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fourpermille.web.helpdesk import kpis
from fourpermille.web.helpdesk.demo import load_app_demo
from fourpermille.web.helpdesk.models import Desk, Message, Question, QuestionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(db):
    User = get_user_model()
    names = [f"demo-reviewer-{n}" for n in (1, 2, 3)] + [f"demo-editor-{n}" for n in (1, 2, 3, 4)]
    return [User.objects.create_user(name, password="x-long-password-1") for name in names]


def test_demo_exercises_the_helpdesk_and_runs_once(demo_accounts):
    load_app_demo()
    load_app_demo()
    questions = Question.objects.filter(is_demo=True)
    assert questions.count() == 5 and not Question.objects.filter(is_demo=False).exists()
    assert all(q.title.endswith(" (demo)") for q in questions)
    assert {q.status for q in questions} == set(QuestionStatus.values)
    assert Question.objects.in_faq().count() == 2
    assert all(m.is_demo for m in Message.objects.all())
    assert Message.objects.filter(practices__isnull=False).exists()
    assert Desk.objects.get(region="europe").experts.filter(username="demo-reviewer-1").exists()
    kpi = kpis.regions_with_active_desk()
    assert kpi.value == 3 and kpi.demo


def test_demo_without_its_accounts_adds_nothing(db):
    load_app_demo()
    assert not Question.objects.exists()
