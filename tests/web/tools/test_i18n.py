"""The catalogue pages in French and Spanish show no English: every label from the .po files and every
entry's text from its French or Spanish translation (the platform-wide walk, tests/web/test_i18n_pages.py,
checks one entry; this checks them all)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.tools.models import ExternalTool, ToolStatus
from tests.web.conftest import page_client
from tests.web.test_i18n_pages import english_strings, readable, user_written_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_on_the_catalogue_pages(client, lang):
    patterns = english_strings(lang)
    mask = user_written_text()
    slugs = list(ExternalTool.objects.filter(status=ToolStatus.PUBLISHED).values_list("slug", flat=True))
    urls = [
        reverse("tools:tool-list"),
        reverse("tools:tool-list") + "?monitoring=yes&category=model",
        reverse("tools:tool-compare") + "?" + "&".join(f"t={s}" for s in slugs[:4]),
        reverse("tools:tool-create"),
        reverse("tools:tool-proposals"),
        *(reverse("tools:tool-detail", args=[s]) for s in slugs),
    ]
    c = page_client(client, "secretariat")
    findings = []
    for url in urls:
        response = c.get(f"/{lang}{url}")
        assert response.status_code == 200, url
        text = readable(response)
        for written in mask:
            text = text.replace(written, " ")
        findings += [(url, p.pattern) for p in patterns if p.search(text)]
    assert not findings, findings[:10]
