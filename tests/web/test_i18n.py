"""English, French and Spanish: every message translated, the compiled catalogues current, pages switch."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import fourpermille.web

LOCALE = Path(fourpermille.web.__file__).parent / "locale"
#: Every message catalogue of the platform: the project's and the apps' own (dashboards, estimates).
CATALOGUES = sorted(Path(fourpermille.web.__file__).parent.glob("**/locale"))


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (no plural forms are used); a message with a context (msgctxt) is
    keyed as gettext stores it: the context, the character 0x04, the msgid."""
    text = path.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        msgctxt = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:

            def join(m):
                raw = "".join(re.findall(r'"(.*)"', m.group(1)))
                return raw.replace('\\"', '"').replace("\\n", "\n")

            key = join(msgid) if not msgctxt else f"{join(msgctxt)}\x04{join(msgid)}"
            entries[key] = join(msgstr)
    entries.pop("", None)
    return entries


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_message_is_translated_and_compiled(lang):
    po = po_entries(LOCALE / lang / "LC_MESSAGES" / "django.po")
    assert len(po) > 400
    untranslated = [k for k, v in po.items() if not v]
    assert untranslated == []
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    stale = [k for k, v in po.items() if mo.gettext(k) != v]
    assert stale == [], "run: python -m fourpermille.web compilemessages"


@pytest.mark.parametrize("locale", CATALOGUES, ids=lambda p: str(p.parent.name))
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_catalogue_is_complete_in_both_languages(locale, lang):
    """The apps' catalogues too (the dashboards had no Spanish): every message translated, no fuzzy entry,
    the compiled .mo current. Translations are edited in the .po files, nothing rewrites them."""
    po_path = locale / lang / "LC_MESSAGES" / "django.po"
    po = po_entries(po_path)
    assert po and [k for k, v in po.items() if not v] == []
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")[1:]
    assert [b for b in blocks if "#, fuzzy" in b and not b.startswith("#~")] == []
    with open(po_path.with_suffix(".mo"), "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert [k for k, v in po.items() if mo.gettext(k) != v] == [], (
        "run: python -m fourpermille.web compilemessages"
    )
    assert list(locale.glob("*.py")) == []


@pytest.mark.django_db
def test_dashboards_in_spanish(client):
    page = client.get("/es/dashboard/").content.decode()
    assert "La Iniciativa 4 por 1000: avance" in page and "Cifras principales" in page
    assert "Miembros y socios por región" in page


def test_placeholders_are_kept():
    for lang, locale in [(lang, locale) for lang in ("fr", "es") for locale in CATALOGUES]:
        for msgid, msgstr in po_entries(locale / lang / "LC_MESSAGES" / "django.po").items():
            assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(
                re.findall(r"%\(\w+\)[sd]", msgstr)
            ), msgid


@pytest.mark.django_db
def test_pages_in_french_and_spanish(client):
    assert "Membres et partenaires" in client.get("/fr/").content.decode()
    assert "Miembros y socios" in client.get("/es/").content.decode()
    assert "Members and partners" in client.get("/").content.decode()
    response = client.get("/fr" + reverse("projects:list"))
    assert "Nouveau projet en recherche de financement" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_by_form(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert "Se connecter" in response.content.decode()


def test_workflow_messages_are_translated():
    from fourpermille.web.assessment.workflow import TRANSITIONS

    with translation.override("fr"):
        assert str(TRANSITIONS["submit"].label) == "Soumettre à l'évaluation"
