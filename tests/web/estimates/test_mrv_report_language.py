"""Issue 13: the MRV verification report in the reader's language (EN/FR/ES), one layout, rendered at request
time from the stored data; the stored English report stays the evidence (its hash unchanged)."""

from __future__ import annotations

import hashlib
import re
import subprocess
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from fourpermille.reports.mrv import LABELS
from fourpermille.web.estimates import demo, services
from fourpermille.web.estimates.report_labels import REPORT_LABELS
from tests.web.conftest import page_client
from tests.web.estimates.test_estimates import monitored, project  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(monitored):  # noqa: F811
    stored_project, dates = monitored
    pair = demo.campaigns(stored_project, dates)
    change, credits = demo.compute(pair, float(stored_project.area_ha))
    stored = services.store_mrv_result(stored_project, pair.period, change, credits, None, is_demo=True)
    stored.refresh_from_db()
    return stored


def test_web_labels_are_the_reports_labels():
    """The gettext strings have the report's keys and, in English, its exact texts."""
    assert set(REPORT_LABELS) == set(LABELS)
    with translation.override("en"):
        assert {k: str(v) for k, v in REPORT_LABELS.items()} == LABELS
    # every label is translated, but for the few that read the same (units, names)
    same = {"fr": {"stocks", "points", "col_n"}, "es": {"demo", "stocks", "no", "col_n"}}
    for lang, keys in same.items():
        with translation.override(lang):
            assert {k for k, v in REPORT_LABELS.items() if str(v) == LABELS[k]} == keys


def test_english_rendering_is_the_stored_report_byte_for_byte(record):
    assert record.report_inputs["generated"] and record.is_demo and not record.note
    with translation.override("en"):
        assert services.translated_report_html(record) == record.report_html


def _visible_text(html: str) -> str:
    html = re.sub(r'src="data:image/png;base64,[^"]*"', "", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _data_texts(record) -> list[str]:
    """Text the report takes from the data (the credits' steps and notes, names): not labels."""
    texts = [record.project.title, record.change["design"], record.change["weights_from"]]
    texts += [str(s["stratum"]) for s in record.change["project"]["strata"]]
    credits = record.credits or {"steps": [], "notes": []}
    for step in credits["steps"]:
        texts += [step["step"], step["equation"], step["formula"], step["unit"]]
    texts += credits["notes"]
    texts += [str((record.report_inputs.get("ex_ante") or {}).get("basis", ""))]
    return sorted((t for t in texts if len(t) >= 4), key=len, reverse=True)


def _english_fragments(lang: str) -> list[str]:
    """The labels' English words (placeholders cut out) that the language translates differently."""
    fragments = []
    with translation.override(lang):
        for key, english in LABELS.items():
            if str(REPORT_LABELS[key]) == english:
                continue  # a unit or a name, the same in both languages ("n", "Points", "Stocks")
            for part in re.split(r"\{[^}]*\}|\n", english):
                part = part.strip(" :;,().")
                if len(part) >= 5 and re.search(r"[a-z]{4}", part):
                    fragments.append(part)
    return fragments


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_report_page_in_french_and_spanish_has_no_english_label(record, client, lang):
    c = page_client(client, "editor-a")
    with translation.override(lang):
        url = reverse("estimates:mrv-report", args=[record.pk, "html"])
    assert url.startswith(f"/{lang}/")
    html = c.get(url).content.decode()
    assert f'<html lang="{lang}">' in html
    text = _visible_text(html)
    english_text = _visible_text(record.report_html)
    for written in _data_texts(record):
        text = text.replace(written, " ")
    found = [f for f in _english_fragments(lang) if f in text]
    assert found == []
    assert len(_english_fragments(lang)) > 60  # the check looks at the labels
    # the check can fail: the English report shows them
    assert [f for f in _english_fragments(lang) if f in english_text] != []
    with translation.override(lang):
        assert str(REPORT_LABELS["summary_heading"]) in text and str(REPORT_LABELS["title"]).strip() in text
    # numbers as in the stored report: the strata rows and the 95 % interval of the net change
    for s in record.change["project"]["strata"]:
        row = f"{s['soc_baseline_t_ha']:.2f}", f"{s['change_t_ha']:+.2f}", f"{s['ci_low_t_ha']:+.2f}"
        assert all(v in text and v in english_text for v in row)
    low, high = services.stored_change(record).interval(0.95)
    assert f"{low:+.2f} .. {high:+.2f} t C/ha" in text
    # the figures are drawn again with the language's labels
    figures = re.findall(r'base64,([^"]+)"', html)
    assert len(figures) == len(re.findall(r'base64,([^"]+)"', record.report_html)) >= 3
    assert set(figures).isdisjoint(re.findall(r'base64,([^"]+)"', record.report_html))
    # and link the original
    assert reverse("estimates:mrv-original", args=[record.pk, "pdf"]) in html


def test_report_pdf_in_french_is_french(record, client):
    c = page_client(client, "editor-a")
    with translation.override("fr"):
        url = reverse("estimates:mrv-report", args=[record.pk, "pdf"])
    response = c.get(url)
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    with translation.override("fr"):
        french = [str(REPORT_LABELS[k]).strip(" :") for k in ("title", "summary_heading", "strata_heading")]
    assert french[0] == "Rapport de vérification"
    for label in french + ["Références", "Variation du stock de COS par strate"]:
        assert label in text
    assert "Verification report" not in text and "Summary" not in text


def test_original_download_is_the_stored_evidence(record, client):
    digest = hashlib.sha256(bytes(record.report_pdf)).hexdigest()
    c = page_client(client, "editor-a")
    for lang in ("en", "fr", "es"):
        with translation.override(lang):
            pdf = c.get(reverse("estimates:mrv-original", args=[record.pk, "pdf"]))
            html = c.get(reverse("estimates:mrv-original", args=[record.pk, "html"]))
        assert hashlib.sha256(pdf.content).hexdigest() == digest
        assert "original" in pdf["Content-Disposition"]
        assert html.content.decode() == record.report_html
    # the English report route serves the stored report itself
    with translation.override("en"):
        assert c.get(reverse("estimates:mrv-report", args=[record.pk, "pdf"])).content == bytes(
            record.report_pdf
        )
    record.refresh_from_db()
    assert hashlib.sha256(bytes(record.report_pdf)).hexdigest() == digest
    # the project page links the original
    page = c.get(record.project.get_absolute_url()).content.decode()
    assert reverse("estimates:mrv-original", args=[record.pk, "pdf"]) in page


def test_original_hidden_from_those_who_cannot_see_the_project(record, client):
    url = reverse("estimates:mrv-original", args=[record.pk, "pdf"])
    assert page_client(client, "editor-b").get(url).status_code == 404


def test_record_without_stored_inputs_shows_its_stored_report(record, client):
    """A result stored before its inputs were kept: every language gets the stored English report."""
    record.report_inputs = None
    record.save(update_fields=["report_inputs"])
    with translation.override("fr"):
        url = reverse("estimates:mrv-report", args=[record.pk, "html"])
    assert page_client(client, "editor-a").get(url).content.decode() == record.report_html
