"""The reviewer assesses every criterion on one page: what they type is a draft saved as they go (nothing
recorded, a safeguard drafted as not met ends nothing), previewed as the report, and recorded only when
submitted (safeguards first, still enforced by the workflow, all or nothing); the report and the letter of
support print to PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from fourpermille.web.assessment.models import AssessmentDraft, Outcome, Recommendation
from fourpermille.web.projects.models import ProjectStatus
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def page_url(assessment):
    return reverse("assessment:assess", args=[assessment.pk])


def fields(assessment, **values):
    """POST data of the page: ``values`` maps a criterion code to (outcome, rationale)."""
    data = {"then": "stay", "report-report": "", "report-recommendation": "", "report-letter_of_support": ""}
    for criterion in assessment.framework.criteria():
        outcome, rationale = values.get(criterion.code.replace(".", "_"), ("", ""))
        data[f"c{criterion.pk}-outcome"] = outcome
        data[f"c{criterion.pk}-rationale"] = rationale
    return data


def test_the_page_shows_safeguards_first_with_indicators_and_the_projects_evidence(projects, client):
    assessment = projects["review-a"].assessment
    page = page_client(client, "reviewer-assigned").get(page_url(assessment))
    assert page.status_code == 200
    text = page.content.decode()
    codes = [c.code for c in assessment.framework.criteria()]
    positions = [text.index(f'data-criterion="{code}"') for code in codes]
    safeguards = [c.code for c in assessment.framework.criteria() if c.is_safeguard]
    assert max(text.index(f'data-criterion="{c}"') for c in safeguards) < min(
        text.index(f'data-criterion="{c}"') for c in codes if c not in safeguards
    )
    assert len(positions) == len(set(positions))
    indicator = assessment.framework.criteria().exclude(indicators=None).first().indicators.first()
    assert indicator.name in text
    assert "review-a site" in text and "data-evidence" in text
    assert "Save draft" in text


def test_only_the_assigned_reviewer_in_review_gets_the_page(projects, client):
    assessment = projects["review-a"].assessment
    for who in ("reviewer-other", "secretariat"):
        response = page_client(client, who).get(page_url(assessment))
        assert response.status_code in (302, 403)
        assert not (response.status_code == 200)
    published = projects["published-a"].assessment
    response = page_client(client, "reviewer-assigned").get(page_url(published))
    assert response.status_code == 302 and response.url == published.get_absolute_url()


def test_a_draft_is_saved_as_they_go_and_records_nothing(projects, client):
    assessment = projects["review-a"].assessment
    c = page_client(client, "reviewer-assigned")
    data = fields(assessment, **{"1_1": ("met", "Consent documented."), "2_2": ("met", "Stocks rise.")})
    data["report-report"] = "Half written."
    response = c.post(page_url(assessment), data)
    assert response.status_code == 302 and response.url == page_url(assessment)
    assert not assessment.results.exists()  # a draft, not a result
    assessment.refresh_from_db()
    assert assessment.report == ""
    draft = AssessmentDraft.objects.get(assessment=assessment)
    two_two = assessment.framework.criteria().get(code="2.2")
    assert draft.entry(two_two.pk) == ("met", "Stocks rise.") and draft.report == "Half written."
    text = c.get(page_url(assessment)).content.decode()
    assert "Stocks rise." in text and "Half written." in text and "Draft saved at" in text


def test_the_page_saves_the_draft_in_the_background(projects, client):
    assessment = projects["review-a"].assessment
    data = fields(assessment, **{"1_1": ("met", "Typed so far")})
    data["then"] = "autosave"
    response = page_client(client, "reviewer-assigned").post(page_url(assessment), data)
    assert response.status_code == 200 and response.json()["saved"] is True
    assert "Typed so far" in str(AssessmentDraft.objects.get(assessment=assessment).entries)
    assert not assessment.results.exists()


def test_a_safeguard_drafted_as_not_met_ends_nothing_until_submitted(projects, client):
    assessment = projects["review-a"].assessment
    data = fields(assessment, **{"1_2": (Outcome.NOT_MET, "Rights ignored?")})
    page_client(client, "reviewer-assigned").post(page_url(assessment), data)
    assessment.project.refresh_from_db()
    assert assessment.project.status == ProjectStatus.IN_REVIEW
    assert not assessment.results.exists()


def test_the_preview_shows_the_report_from_the_draft(projects, client):
    assessment = projects["review-a"].assessment
    c = page_client(client, "reviewer-assigned")
    data = fields(assessment, **{"1_1": ("met", "Consent documented."), "2_2": ("met", "Reason 2.2.")})
    data.update({"report-report": "Draft of the report.", "then": "preview"})
    response = c.post(page_url(assessment), data)
    assert response.status_code == 302 and response.url == reverse("assessment:preview", args=[assessment.pk])
    preview = c.get(response.url).content.decode()
    assert "Draft: the assessment is not completed" in preview
    assert "Reason 2.2." in preview and "Draft of the report." in preview
    assert page_url(assessment) in preview  # the way back to the page
    assert not assessment.results.exists()
    # the draft is the reviewer's own: the secretariat's preview shows what is recorded
    other = page_client(client, "secretariat").get(response.url).content.decode()
    assert "Reason 2.2." not in other and "Draft of the report." not in other


def full_page(assessment, **overrides):
    values = {c.code.replace(".", "_"): ("met", f"Reason {c.code}.") for c in assessment.framework.criteria()}
    values.update(overrides)
    data = fields(assessment, **values)
    data.update(
        {
            "report-report": "All met.",
            "report-recommendation": Recommendation.SUPPORT,
            "report-letter_of_support": "We support it.",
            "then": "submit",
        }
    )
    return data


def test_submitting_records_the_draft_and_the_review_completes(projects, client):
    assessment = projects["review-a"].assessment
    c = page_client(client, "reviewer-assigned")
    response = c.post(page_url(assessment), full_page(assessment))
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    assert assessment.results.count() == assessment.framework.criteria().count()
    assessment.refresh_from_db()
    assert assessment.report == "All met." and assessment.recommendation == Recommendation.SUPPORT
    assert not AssessmentDraft.objects.filter(assessment=assessment).exists()
    report = c.get(reverse("assessment:report", args=[assessment.pk, "html"])).content.decode()
    assert "Reason 2.2." in report
    c.post(reverse("projects:transition", args=[assessment.project.pk, "complete"]))
    assessment.project.refresh_from_db()
    assert assessment.project.status == ProjectStatus.COMPLETED


def test_submitting_a_safeguard_not_met_ends_the_review(projects, client):
    assessment = projects["review-a"].assessment
    data = full_page(assessment, **{"1_2": (Outcome.NOT_MET, "Rights ignored.")})
    response = page_client(client, "reviewer-assigned").post(page_url(assessment), data)
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    project = assessment.project
    project.refresh_from_db()
    assert project.status == ProjectStatus.SAFEGUARD_FAILED
    recorded = set(assessment.results.values_list("criterion__code", flat=True))
    assert recorded == {"1.1", "1.2"}  # safeguards in order; nothing after the one not met
    assert not assessment.results.filter(criterion__code="2.2").exists()


def test_submitting_a_criterion_before_the_safeguards_records_nothing(projects, client):
    assessment = projects["review-a"].assessment
    data = fields(assessment, **{"1_1": ("met", "Consent documented."), "2_2": ("met", "Stocks rise.")})
    data["then"] = "submit"
    response = page_client(client, "reviewer-assigned").post(page_url(assessment), data)
    assert response.status_code == 200  # shown again with the reason beside 2.2
    text = response.content.decode()
    assert "Safeguards first: assess 1.2, 1.3" in text and "Stocks rise." in text
    assert not assessment.results.exists()  # all or nothing: not even 1.1
    assert AssessmentDraft.objects.filter(assessment=assessment).exists()  # the draft stays


def test_an_outcome_without_rationale_is_not_submitted(projects, client):
    assessment = projects["review-a"].assessment
    data = fields(assessment, **{"1_1": ("met", "")})
    data["then"] = "submit"
    text = page_client(client, "reviewer-assigned").post(page_url(assessment), data).content.decode()
    assert "Give both the outcome and its rationale." in text
    assert not assessment.results.exists()


def test_only_the_assigned_reviewer_saves_a_draft(projects, client):
    assessment = projects["review-a"].assessment
    data = fields(assessment, **{"1_1": ("met", "Not mine.")})
    for who in ("reviewer-other", "secretariat", "editor-a"):
        response = page_client(client, who).post(page_url(assessment), data)
        assert response.status_code in (302, 403)
    assert not AssessmentDraft.objects.exists()


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_report_and_the_letter_print_to_pdf(projects, client):
    assessment = projects["published-a"].assessment
    c = page_client(client, "secretariat")
    report = c.get(reverse("assessment:report", args=[assessment.pk, "pdf"]))
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    text = pdf_text(report.content)
    assert "published-a" in text and "Assessment report" in text and "Support (letter of support)" in text
    letter = c.get(reverse("assessment:letter", args=[assessment.pk, "pdf"]))
    assert letter.content.startswith(b"%PDF")
    assert "published-a" in pdf_text(letter.content) and "Letter." in pdf_text(letter.content)
    html = c.get(reverse("assessment:report", args=[assessment.pk, "html"])).content.decode()
    assert "published-a" in html and "data-draft" not in html  # completed: no draft banner


def test_the_report_pdf_speaks_the_readers_language(projects, client):
    assessment = projects["published-a"].assessment
    c = page_client(client, "secretariat")
    response = c.get("/fr" + reverse("assessment:report", args=[assessment.pk, "pdf"]).removeprefix("/en"))
    assert response.status_code == 200
    assert "Rapport d’évaluation" in pdf_text(response.content)


def test_no_letter_without_one_and_no_report_for_outsiders(projects, client):
    assessment = projects["review-a"].assessment
    assert (
        page_client(client, "secretariat")
        .get(reverse("assessment:letter", args=[assessment.pk, "pdf"]))
        .status_code
        == 404
    )
    assert (
        page_client(client, "editor-b")
        .get(reverse("assessment:report", args=[assessment.pk, "pdf"]))
        .status_code
        == 403
    )
