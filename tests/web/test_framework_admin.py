"""The criteria framework: versioned data; the secretariat edits drafts and publishes; published is frozen."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fourpermille.web.assessment import services
from fourpermille.web.assessment.models import Criterion, Framework, FrameworkStatus, Step
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def test_default_framework_is_the_documented_one():
    # assessment_framework.md: 13 criteria in 4 steps, safeguards 1.1-1.3 first; 2.1 and 2.2 direct effects
    framework = Framework.current()
    criteria = list(framework.criteria())
    assert len(criteria) == 13
    assert [s.kind for s in framework.steps.order_by("number")] == [
        "safeguards",
        "direct",
        "indirect",
        "feasibility",
    ]
    known = {c.code: (c.name, c.sdgs) for c in criteria if not c.is_proposal}
    assert known == {
        "1.1": ("Human rights", "1, 5, 16"),
        "1.2": ("Land tenure rights", "1, 16"),
        "1.3": ("Poverty alleviation", "1"),
        "2.1": ("Soil conservation/improvement and land restoration", "15"),
        "2.2": ("Soil organic carbon stock increase or maintenance", "15"),
    }
    assert all(c.is_proposal for c in criteria if c.step.number in (3, 4))


def test_new_version_then_publish(users):
    s = users["secretariat"]
    old = Framework.current()
    draft = services.new_framework_draft(old, "2030.1", s)
    assert draft.status == FrameworkStatus.DRAFT and draft.criteria().count() == 13
    criterion = draft.criteria().get(code="3.1")
    criterion.name, criterion.is_proposal = "Food security, nutrition and diets", False
    criterion.full_clean()
    criterion.save()
    services.publish_framework(draft, s)
    old.refresh_from_db()
    assert (old.status, Framework.current()) == (FrameworkStatus.RETIRED, draft)
    assert old.history.first().status == FrameworkStatus.RETIRED  # the retirement is audited


def test_only_the_secretariat_versions_the_framework(users):
    with pytest.raises(NotAllowed):
        services.new_framework_draft(Framework.current(), "x", users["editor-a"])
    with pytest.raises(WorkflowError, match="exists already"):
        services.new_framework_draft(Framework.current(), Framework.current().version, users["secretariat"])


def test_published_framework_is_frozen(users):
    criterion = Framework.current().criteria().get(code="1.1")
    with pytest.raises(ValidationError, match="is published"):
        criterion.full_clean()
    step = Step(framework=Framework.current(), number=9, kind="direct", name="x")
    with pytest.raises(ValidationError, match="is published"):
        step.full_clean()
    with pytest.raises(WorkflowError, match="Only a draft"):
        services.publish_framework(Framework.current(), users["secretariat"])


def test_secretariat_edits_drafts_in_the_admin_not_published_versions(client, users):
    c = page_client(client, "secretariat")
    users["secretariat"].is_staff = True
    users["secretariat"].save()
    index = c.get(reverse("admin:index"))
    assert index.status_code == 200 and b"Criteria" in index.content
    published = Framework.current().criteria().get(code="1.1")
    url = reverse("admin:assessment_criterion_change", args=[published.pk])
    assert c.post(url, {"name": "changed"}).status_code == 403
    draft = services.new_framework_draft(Framework.current(), "2031.1", users["secretariat"])
    criterion = draft.criteria().get(code="1.1")
    form = {
        "step": criterion.step_id,
        "code": "1.1",
        "position": 1,
        # the admin edits each language's text (django-modeltranslation)
        "name_en": "Human rights and gender",
        "name_fr": "Droits de l'homme et genre",
        "sdgs": "1, 5, 16",
        "guidance_en": "",
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
    }
    response = c.post(reverse("admin:assessment_criterion_change", args=[criterion.pk]), form)
    assert response.status_code == 302, response.content[:2000]
    assert Criterion.objects.get(pk=criterion.pk).name == "Human rights and gender"
    assert Criterion.objects.get(pk=criterion.pk).name_fr == "Droits de l'homme et genre"


def test_framework_pages(client, users):
    c = page_client(client, "secretariat")
    framework = Framework.current()
    response = c.post(reverse("assessment:framework-new-version", args=[framework.pk]), {"version": "2040.1"})
    draft = Framework.objects.get(version="2040.1")
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    c.post(reverse("assessment:framework-publish", args=[draft.pk]))
    assert Framework.current() == draft
    client.logout()
    c = page_client(client, "editor-a")
    assert c.post(reverse("assessment:framework-publish", args=[framework.pk])).status_code == 403
