"""Catalogue pages: list filters, downloads, comparison, detail; the KPI E1."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from fourpermille.web.tools.kpis import monitoring_tools_catalogued
from fourpermille.web.tools.models import ExternalTool, ToolStatus

pytestmark = pytest.mark.django_db

LIST = reverse("tools:tool-list")


def listed(client, query: str) -> set[str]:
    response = client.get(LIST + query + ("&" if query else "?") + "format=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    return {row[0] for row in rows[1:]}


def published():
    return ExternalTool.objects.filter(status=ToolStatus.PUBLISHED)


def test_the_list_shows_every_published_entry_and_no_other(client):
    ExternalTool.objects.filter(slug="wosis").update(status=ToolStatus.RETIRED)
    found = listed(client, "")
    assert found == set(published().values_list("slug", flat=True))
    assert "wosis" not in found and "rothc" in found


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=model", lambda t: t.category == "model"),
        ("?scale=global", lambda t: "global" in t.scale_list),
        ("?scale=plot", lambda t: "plot" in t.scale_list),
        ("?cost=free", lambda t: t.cost == "free"),
        ("?licence_kind=open_source", lambda t: t.licence_kind == "open_source"),
        ("?language=fr", lambda t: "fr" in t.language_list),
        ("?monitoring=yes", lambda t: t.monitoring),
        ("?monitoring=no", lambda t: not t.monitoring),
        ("?q=spectra", lambda t: "spectra" in (t.name + t.purpose_en).lower()),
        (
            "?category=model&monitoring=yes&scale=global",
            lambda t: t.category == "model" and t.monitoring and "global" in t.scale_list,
        ),
    ],
)
def test_each_filter_keeps_exactly_the_matching_entries(client, query, expected):
    wanted = {t.slug for t in published() if expected(t)}
    assert wanted, query  # the filter is exercised on real entries
    assert listed(client, query) == wanted


def test_a_scale_code_matches_whole_codes_only(client):
    tool = ExternalTool.objects.get(slug="dndc")
    tool.scales = "plot"
    tool.save()
    assert "dndc" not in listed(client, "?scale=landscape")
    assert "dndc" in listed(client, "?scale=plot")


def test_download_columns_and_excel(client):
    response = client.get(LIST + "?format=csv&category=map")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert header[:3] == ["Code", "Name", "Developer"] and "Documentation read" in header
    xlsx = client.get(LIST + "?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_list_page_in_french_shows_french_labels(client):
    response = client.get("/fr" + LIST)
    assert response.status_code == 200
    assert "Catalogue des outils et méthodes" in response.content.decode()


def test_detail_shows_every_field_and_the_sources(client):
    tool = ExternalTool.objects.get(slug="rothc")
    response = client.get(tool.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        tool.developer,
        tool.purpose_en,
        tool.inputs_en,
        tool.outputs_en,
        tool.validation_en,
        tool.link,
    ):
        assert text.replace("'", "&#x27;") in body
    for source in tool.source_list:
        assert source in body
    french = client.get("/fr" + tool.get_absolute_url()).content.decode()
    assert tool.purpose_fr.replace("'", "&#x27;") in french and tool.purpose_en not in french


def test_compare_puts_two_to_four_tools_side_by_side(client):
    url = reverse("tools:tool-compare")
    response = client.get(url + "?t=rothc&t=century&t=yasso")
    assert response.status_code == 200 and response.context["enough"]
    assert [t.slug for t in response.context["tools"]] == ["rothc", "century", "yasso"]
    one = client.get(url + "?t=rothc")
    assert not one.context["enough"]
    many = client.get(url + "?" + "&".join(f"t={s}" for s in ["rothc", "century", "yasso", "epic", "dndc"]))
    assert len(many.context["tools"]) == 4


def test_a_proposal_is_hidden_from_the_public(client):
    ExternalTool.objects.filter(slug="apsim").update(status=ToolStatus.SUBMITTED)
    assert client.get(reverse("tools:tool-detail", args=["apsim"])).status_code == 404
    assert "apsim" not in listed(client, "")


def test_kpi_e1_counts_published_monitoring_entries_and_links_to_them(client):
    kpi = monitoring_tools_catalogued()
    expected = published().filter(monitoring=True).count()
    assert kpi.value == expected and kpi.records == expected and expected >= 15
    assert kpi.demo is False
    assert kpi.url == LIST + "?monitoring=yes"
    assert listed(client, "?monitoring=yes") == set(
        published().filter(monitoring=True).values_list("slug", flat=True)
    )
    ExternalTool.objects.filter(slug="rothc").update(status=ToolStatus.RETIRED)
    ExternalTool.objects.filter(slug="apsim").update(monitoring=True)  # a published non-monitoring entry
    assert monitoring_tools_catalogued().value == expected  # one retired, one added
    ExternalTool.objects.filter(slug="century").update(is_demo=True)
    assert monitoring_tools_catalogued().demo is True
