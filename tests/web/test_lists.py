"""Every list page filters, sorts, pages and downloads (CSV and Excel) from one query (core.lists)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from fourpermille.web.community.models import Organisation
from fourpermille.web.core.lists import PAGE_SIZE
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

LISTS = [
    "/organisations/",
    "/commitments/",
    "/projects/",
    "/assessment/",
    "/practices/",
    "/practices/case-studies/",
    "/library/",
    "/toolbox/tools/",
    "/helpdesk/questions/",
    "/groups/",
    "/events/",
    "/roadmap/",
]


def rows_of_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def rows_of_xlsx(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_has_filters_sorting_and_downloads(client, users, path):
    c = page_client(client, "secretariat")
    response = c.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'name="q"' in html
    assert 'data-export="csv"' in html and 'data-export="xlsx"' in html
    for fmt in ("csv", "xlsx"):
        download = c.get(path, {"format": fmt})
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment; filename=")
        assert download["Content-Disposition"].rstrip('"').endswith(f".{fmt}")
    header = rows_of_csv(c.get(path, {"format": "csv"}))[0]
    assert header == rows_of_xlsx(c.get(path, {"format": "xlsx"}))[0]


def test_filter_and_sort_apply_to_page_and_download(client, users):
    c = page_client(client, "secretariat")
    Organisation.objects.create(name="Zulu farmers", type="farmers", country="Zambia", region="africa")
    page = c.get("/organisations/", {"region": "africa", "sort": "-name"})
    names = [o.name for o in page.context["object_list"]]
    assert names == sorted(names, reverse=True) and "Org A" not in names and "Org B" in names
    rows = rows_of_csv(c.get("/organisations/", {"region": "africa", "sort": "-name", "format": "csv"}))
    assert [r[0] for r in rows[1:]] == names
    assert 'aria-sort="descending"' in page.content.decode()


def test_bad_filter_and_sort_values_are_ignored(client, users):
    c = page_client(client, "secretariat")
    response = c.get("/projects/", {"status": "bogus", "sort": "secret_field", "modality": "x"})
    assert response.status_code == 200
    assert response.context["sort"] == "title"


def test_lists_paginate_and_downloads_hold_every_row(client, users):
    Organisation.objects.bulk_create(
        Organisation(name=f"Paged {i:03d}", type="ngo", country="France", region="europe")
        for i in range(PAGE_SIZE + 5)
    )
    c = page_client(client, "secretariat")
    total = Organisation.objects.count()
    first = c.get("/organisations/")
    assert len(first.context["object_list"]) == PAGE_SIZE and first.context["is_paginated"]
    html = first.content.decode()
    assert 'rel="next"' in html
    second = c.get("/organisations/", {"page": 2, "region": ""})
    assert len(second.context["object_list"]) == total - PAGE_SIZE
    assert len(rows_of_xlsx(c.get("/organisations/", {"format": "xlsx", "page": 2}))) == total + 1


def test_downloads_are_spreadsheet_safe(client, users):
    Organisation.objects.create(
        name='=HYPERLINK("http://x","y")', type="ngo", country="France", region="europe"
    )
    c = page_client(client, "secretariat")
    rows = rows_of_csv(c.get("/organisations/", {"format": "csv", "q": "HYPERLINK"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x","y")'
    book = load_workbook(io.BytesIO(c.get("/organisations/", {"format": "xlsx", "q": "HYPERLINK"}).content))
    cell = book.active["A2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def test_downloads_follow_visibility(client, users):
    """An anonymous download holds published projects only, as the page does."""
    rows = rows_of_csv(page_client(client, None).get("/projects/", {"format": "csv"}))
    assert [r[0] for r in rows[1:]] == ["published-a"]


def test_download_headings_are_translated(client, users):
    rows = rows_of_csv(page_client(client, "secretariat").get("/fr/projects/", {"format": "csv"}))
    assert rows[0][:2] == ["Projet", "Organisation"]


def test_reviewer_filter_is_the_secretariats(client, users):
    secretariat = page_client(client, "secretariat").get("/assessment/")
    assert "reviewer" in secretariat.context["filter_form"].fields
    mine = secretariat.context["filter_form"].fields["reviewer"].queryset
    assert {u.username for u in mine} == {"reviewer-assigned", "reviewer-other"}
    by_reviewer = page_client(client, "secretariat").get(
        "/assessment/", {"reviewer": users["reviewer-assigned"].pk}
    )
    assert {a.project.title for a in by_reviewer.context["object_list"]} == {"review-a", "published-a"}
    client.logout()
    reviewer = page_client(client, "reviewer-assigned").get("/assessment/")
    assert "reviewer" not in reviewer.context["filter_form"].fields


def test_assessment_queue_filters_by_stage(client, users):
    c = page_client(client, "secretariat")
    response = c.get("/assessment/", {"stage": "in_review"})
    assert [a.project.title for a in response.context["object_list"]] == ["review-a"]


def test_practices_sort_by_name_and_filter_by_category(client, users):
    c = page_client(client, "secretariat")
    by_name = c.get("/practices/", {"sort": "name"})
    assert len(by_name.context["categories"]) == 1
    tillage = c.get("/practices/", {"category": "tillage"})
    codes = {s.record.code for _, sheets in tillage.context["categories"] for s in sheets}
    assert codes and all(
        s.record.category == "tillage" for _, sheets in tillage.context["categories"] for s in sheets
    )


def test_roadmap_download_holds_the_page_figures(client, users):
    rows = rows_of_csv(page_client(client, "secretariat").get("/roadmap/", {"format": "csv", "q": "A2"}))
    assert rows[1][0] == "A2"
    assert rows[0][7] == "Current value"
