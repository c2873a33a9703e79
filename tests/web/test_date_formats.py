"""One date format on every page and in every language: ISO 8601 (fourpermille.web.formats), whether a
template writes ``{{ day }}``, ``{{ day|date }}`` or ``{{ day|date:"Y-m-d" }}``; numbers keep their locale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 1, 1)
MOMENT = dt.datetime(2019, 1, 1, 14, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_dates_are_iso_in_every_language(lang):
    template = Template('{{ day }}|{{ day|date }}|{{ day|date:"Y-m-d" }}|{{ moment }}|{{ number }}')
    with translation.override(lang), timezone.override("UTC"):
        plain, filtered, explicit, moment, number = template.render(
            Context({"day": DAY, "moment": MOMENT, "number": 1234.5})
        ).split("|")
    assert plain == filtered == explicit == "2019-01-01"
    assert moment == "2019-01-01 14:30"
    assert number == {"en": "1234.5", "fr": "1234,5", "es": "1234,5"}[lang]  # numbers stay localised


def test_the_project_dashboard_prints_iso_dates(projects, client):
    project = projects["published-a"]
    for prefix in ("", "/fr", "/es"):
        html = client.get(f"{prefix}/dashboard/projects/{project.pk}/").content.decode()
        assert project.start.isoformat() in html, prefix
        assert project.start.strftime("%b") + "." not in html  # not "Jan. 1, 2019"
