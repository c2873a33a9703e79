"""Every page in French and Spanish, with the demo loaded, anonymous and as the demo secretariat: no English
string from the English catalogue shows (the msgids of every .po file of the platform, and the English text
of every translated model field: roadmap objectives, criteria and indicators, practices).

A message whose translation is the same word (``Documents``, ``Total``) is no finding; nor is a proper name
or acronym (``ALLOWED``); nor is text users wrote, which stays in its author's language (organisation names,
project summaries...: every text field of the records that are not translated is blanked out of the page
before the check). The dashboards' chart data (titles, legends, notes) is checked as the API serves it.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from modeltranslation.translator import translator

import fourpermille.web
from tests.web.test_i18n import po_entries

WEB = Path(fourpermille.web.__file__).parent
pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "es")
ACCOUNTS = (None, "demo-secretariat")

#: Proper names and acronyms, the same in every language (a msgid that is one of them is no finding).
ALLOWED = {
    "RothC",
    "IPCC",
    "VM0042",
    "EX-ACT",
    "CIRCASA",
    "FAO",
    "UNFCCC",
    "SOC",
    "STC",
    "NDC",
    "AFOLU",
    "SDG",
    "MRV",
    "API",
    "CSV",
    "PDF",
    "JSON",
    "GeoJSON",
    "KPI",
    "ESM",
    "ha",
    "fourpermille",
    "OpenAPI",
    "Verra",
    "4 per 1000",
    "Tier 1",
    "Tier 2",
    "Soils for Food Security and Climate",
    "FASP",
    "N2O",
    "CH4",
    "CO2",
}
#: English messages that are also words of the page's language (Spanish "Compare al ...": compare with).
SPELLED_THE_SAME = {"es": {"Compare"}}
#: Shortest message checked [characters]: shorter ones ("No", "Go") are found inside other words.
MIN_LENGTH = 4

#: Pages not walked: the admin (Django's own catalogue), the API (English by design: keys and schema), the
#: language switch and log-out (POST), binary downloads.
SKIPPED_NAMESPACES = {"admin", "api", "registry-api"}
SKIPPED_NAMES = {
    "set_language",
    "toolbox:example",  # an example input CSV download
    "logout",
    "projects:transition",
    "estimates:ex-ante-png",
    "dashboard-api:site-measurements",
    # one-time links (tokens of an e-mail) and POST-only actions: not pages one can walk to
    "community:join-confirm",
    "community:invitation-accept",
    "community:join-document",
    "password_reset_confirm",
    "accounts:set-active",
    "notifications:open",
    "notifications:mark-all-read",
    "estimates:scenarios-png",
    "estimates:project-file",
    "estimates:scenario-delete",
    "registry:seal",
    "helpdesk:question-answer",
    "helpdesk:question-close",
    "helpdesk:question-reopen",
    "helpdesk:question-faq",
    # POST-only actions and downloads of the working groups and events
    "groups:join",
    "groups:leave",
    "groups:member-remove",
    "groups:hide",
    "groups:document",
    "groups:document-delete",
    "events:cancel",
    "events:register",
    "events:unregister",
    "events:feed",
    "events:ics",
    "resources:case-study-submit",
    "resources:case-study-decide",
    # the catalogue's former addresses: permanent redirects to /practices/
    "resources-moved:list",
    "resources-moved:practice",
    "library:document-file",
    "library:document-decide",
    # the stored English MRV report, the evidence as verified (its translations: estimates:mrv-report)
    "estimates:mrv-original",
}


# ---- the English catalogue --------------------------------------------------------------------------------


def catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation in ``lang``, over every .po of the platform."""
    entries: dict[str, str] = {}
    for po in sorted(WEB.glob(f"**/locale/{lang}/LC_MESSAGES/django.po")):
        # an empty translation shows the English: a finding; a message's context is not shown
        entries.update({k.split("\x04")[-1]: v for k, v in po_entries(po).items()})
    return entries


def model_text(lang: str) -> dict[str, str]:
    """English text -> its ``lang`` translation, over every translated field of every record."""
    found: dict[str, str] = {}
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for record in model._default_manager.all():
            for field in fields:
                english = getattr(record, f"{field}_en")
                translated = getattr(record, f"{field}_{lang}")
                if english:
                    found[english] = translated or ""  # not translated: shown in English
    return found


def english_strings(lang: str) -> list[re.Pattern]:
    """Patterns of the English strings that must not show on a ``lang`` page."""
    patterns = []
    for english, translated in {**catalogue(lang), **model_text(lang)}.items():
        english = english.strip()
        if english == (translated or "").strip() or english in ALLOWED or len(english) < MIN_LENGTH:
            continue
        parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", english)
        literal = max(parts, key=len).strip()
        if len(literal) < MIN_LENGTH or literal in ALLOWED or literal in translated:
            continue
        if literal in SPELLED_THE_SAME.get(lang, ()):
            continue
        regex = r"\S+?".join(r"\s+".join(re.escape(word) for word in re.split(r"\s+", p)) for p in parts)
        patterns.append(re.compile(rf"(?<![\w-]){regex}(?![\w-])"))
    return patterns


def user_written_text() -> list[str]:
    """Text users wrote (any record's text fields, translated models excepted), longest first."""
    translated = set(translator.get_registered_models())
    texts = set()
    for model in apps.get_models():
        if model in translated or model._meta.app_label in {"contenttypes", "sessions", "admin"}:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices and f.name != "password"
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts.update(str(v) for v in row if v and len(str(v)) >= MIN_LENGTH)
    return sorted(texts, key=len, reverse=True)


# ---- what a reader sees -----------------------------------------------------------------------------------


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ReadableText(HTMLParser):
    """The text of a page a person reads: text nodes, the labels of controls, and JSON data islands
    (the dashboards draw their charts from them), without scripts' code, style sheets, ``<code>`` (names
    of things, not words) and passages marked as English (``lang="en"``: notes and references the
    catalogue gives in English, as published, and say so on the page)."""

    READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[str] = []  # the open elements
        self._skip_from: int | None = None  # depth of the outermost element whose text is not read
        self._json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = self._skip_from is not None
        if tag in VOID:
            if not skipped:
                self._read_attributes(tag, attrs)
            return
        self._open.append(tag)
        if skipped:
            return
        self._json = tag == "script" and attrs.get("type") == "application/json"
        english = (attrs.get("lang") or "").startswith("en") and tag != "html"
        if tag in {"style", "code"} or (tag == "script" and not self._json) or english:
            self._skip_from = len(self._open)
            return
        self._read_attributes(tag, attrs)

    def _read_attributes(self, tag, attrs):
        for name in self.READ_ATTRIBUTES & set(attrs):
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self._open:
            return
        while self._open:
            closed = self._open.pop()
            if self._skip_from is not None and len(self._open) < self._skip_from:
                self._skip_from = None
            if closed == tag:
                break
        self._json = False

    def handle_data(self, data):
        if self._skip_from is not None:
            return
        if self._json:
            self.parts.extend(s for s in json_strings(json.loads(data)) if not IDENTIFIER.fullmatch(s))
        else:
            self.parts.append(data)


#: A machine key in a data table (``target_2030``, ``in_review``) or an address (``/fr/projects/sites/``,
#: a map's configuration), not words.
IDENTIFIER = re.compile(r"[a-z0-9_.:-]+|/\S*|https?://\S+")


def json_strings(value) -> list[str]:
    """Every string value (not keys) of a JSON document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def readable(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        parts = [s for s in json_strings(json.loads(response.content)) if not IDENTIFIER.fullmatch(s)]
    else:
        parser = ReadableText()
        parser.feed(response.content.decode())
        parts = parser.parts
    text = "\n".join(" ".join(html.unescape(p).split()) for p in parts if p.strip())
    return WEB_ADDRESS.sub(" ", JSON_EXAMPLE.sub(" ", text))


#: A web address (a catalogue entry's sources in an edit form: ``http://countries.ndcpartnership.org/...``):
#: not words.
WEB_ADDRESS = re.compile(r"https?://\S+")

#: An example of a data format in a help text (``{"type": "Point", ...}``): code, not words.
JSON_EXAMPLE = re.compile(r'\{[^{}]*"\s*:[^{}]*\}')


# ---- every page -------------------------------------------------------------------------------------------


def url_patterns(resolver=None, namespace=""):
    """(name with namespace, pattern) of every URL of the site."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def sample_objects():
    """One demo record per kind a URL takes (the demo's where there is one)."""
    from fourpermille.web.assessment.models import Assessment, Framework
    from fourpermille.web.commitments.models import Commitment
    from fourpermille.web.community.models import JoinRequest, Organisation
    from fourpermille.web.estimates.models import MrvRecord, Scenario
    from fourpermille.web.events.models import Event
    from fourpermille.web.groups.models import Reply, Thread, WorkingGroup
    from fourpermille.web.helpdesk.models import Desk, Question
    from fourpermille.web.library.models import Document
    from fourpermille.web.projects.models import Project, ProjectStatus, Site
    from fourpermille.web.registry.models import Account, Issuance, Label, Retirement
    from fourpermille.web.resources.models import CaseStudy, Practice
    from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
    from fourpermille.web.tools.models import ExternalTool

    def first(model, **where):
        return model.objects.filter(**where).order_by("pk").first() or model.objects.order_by("pk").first()

    project = first(Project, is_demo=True, status=ProjectStatus.PUBLISHED)
    return {
        "organisation": first(Organisation, is_demo=True),
        "commitment": first(Commitment, is_demo=True),
        "project": project,
        "site": first(Site, project=project),
        "assessment": first(Assessment, project__is_demo=True, project__status=ProjectStatus.PUBLISHED),
        "framework": Framework.current(),
        "objective": RoadmapObjective.objects.get(code="A2"),
        "kpi_value": first(KpiValue),
        "practice": first(Practice),
        "case_study": first(CaseStudy, is_demo=True),
        "mrv": first(MrvRecord),
        "issuance": first(Issuance),
        "retirement": first(Retirement),
        "account": first(Account),
        "join_request": JoinRequest.objects.order_by("pk").first(),
        "scenario": first(Scenario, project=project),
        "label": first(Label),
        "desk": Desk.objects.get(region="africa"),
        "faq_question": first(Question, is_demo=True, in_faq=True),
        "working_group": first(WorkingGroup, is_demo=True, private=True),
        "thread": first(Thread, is_demo=True, author__username="demo-secretariat"),
        "reply": first(Reply, is_demo=True, author__username="demo-secretariat"),
        "event": first(Event, is_demo=True, registrations__attended=True),
        "tool": first(ExternalTool, status="published"),
        "library_document": first(Document, is_demo=True),
    }


#: URL name (or namespace) -> (sample object, its attribute for each URL argument).
ARGUMENTS = {
    "community": ("organisation", {"pk": "pk"}),
    "commitments": ("commitment", {"pk": "pk"}),
    "projects:site-create": ("project", {"project_pk": "pk"}),
    "projects:site-detail": ("site", {"pk": "pk"}),
    "projects:site-update": ("site", {"pk": "pk"}),
    "projects:site-delete": ("site", {"pk": "pk"}),
    "projects:site-upload": ("site", {"pk": "pk"}),
    "projects": ("project", {"pk": "pk"}),
    "assessment:framework-detail": ("framework", {"pk": "pk"}),
    "assessment:framework-new-version": ("framework", {"pk": "pk"}),
    "assessment:framework-publish": ("framework", {"pk": "pk"}),
    "assessment": ("assessment", {"pk": "pk"}),
    "roadmap:delete-value": ("kpi_value", {"pk": "pk"}),
    "roadmap": ("objective", {"code": "code"}),
    "resources:case-study-detail": ("case_study", {"pk": "pk"}),
    "resources:case-study-update": ("case_study", {"pk": "pk"}),
    "resources": ("practice", {"code": "code"}),
    "library": ("library_document", {"pk": "pk"}),
    "dashboard": ("project", {"pk": "pk"}),
    "dashboard-api:site-series": ("site", {"pk": "pk"}),
    "dashboard-api:site-profiles": ("site", {"pk": "pk"}),
    "dashboard-api": ("project", {"pk": "pk"}),
    "estimates:mrv-report": ("mrv", {"pk": "pk"}),
    "estimates:mrv-verify": ("mrv", {"pk": "pk"}),
    "estimates:scenario-update": ("scenario", {"pk": "pk"}),
    "estimates:site-climate": ("site", {"pk": "pk"}),
    "community:join-detail": ("join_request", {"pk": "pk"}),
    "registry:label": ("label", {"project": "project_id", "period": "period"}),
    "registry:compare": ("mrv", {"pk": "pk"}),
    "estimates": ("project", {"pk": "pk"}),
    "registry:issuance": ("issuance", {"pk": "pk"}),
    "registry:retirement": ("retirement", {"pk": "pk"}),
    "registry:account": ("account", {"pk": "pk"}),
    "helpdesk:desk-detail": ("desk", {"region": "region"}),
    "helpdesk:desk-manage": ("desk", {"region": "region"}),
    "helpdesk": ("faq_question", {"pk": "pk"}),
    "groups:thread": ("thread", {"pk": "pk"}),
    "groups:thread-edit": ("thread", {"pk": "pk"}),
    "groups:reply-edit": ("reply", {"pk": "pk"}),
    "groups": ("working_group", {"pk": "pk"}),
    "events": ("event", {"pk": "pk"}),
    "tools": ("tool", {"slug": "slug"}),
}


def page_urls(objects) -> list[str]:
    """The address of every page, in English (no language prefix), with the demo's records."""
    from fourpermille.web.dashboard.api import MONITORING_CHARTS
    from fourpermille.web.dashboard.services import progress

    urls = []
    for name, pattern in url_patterns():
        namespace = name.split(":")[0] if ":" in name else ""
        if namespace in SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        arguments = set(pattern.pattern.converters)
        if name == "dashboard-api:progress":
            urls += [reverse(name, args=[chart]) + "?lang={lang}" for chart in progress.CHARTS]
            continue
        if name == "dashboard-api:monitoring":
            urls += [reverse(name, args=[chart]) + "?lang={lang}" for chart in MONITORING_CHARTS]
            continue
        kwargs = {}
        if arguments:
            key = name if name in ARGUMENTS else namespace
            sample, attributes = ARGUMENTS[key]
            obj = objects[sample]
            if obj is None:
                continue
            kwargs = {arg: getattr(obj, attributes.get(arg, arg)) for arg in arguments if arg in attributes}
            if "fmt" in arguments:
                kwargs["fmt"] = "html"
            if set(kwargs) != arguments:
                raise AssertionError(f"no sample argument for {name}: {sorted(arguments - set(kwargs))}")
        url = reverse(name, kwargs=kwargs)
        urls.append(url + ("?lang={lang}" if namespace == "dashboard-api" else ""))
    return urls


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo (records, estimates, MRV results, registry), loaded once for this module inside a
    transaction rolled back at its end."""
    from fourpermille.web.estimates.demo import compute_demo_estimates, load_demo_mrv
    from fourpermille.web.portal.demo import load_demo
    from fourpermille.web.registry.demo import load_demo_registry

    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            load_demo()
            load_demo_mrv()
            compute_demo_estimates()
            load_demo_registry()
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def localised(url: str, lang: str) -> str:
    return url.format(lang=lang) if url.startswith("/api/") else f"/{lang}{url}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_on_any_page(client, demo, lang):
    from django.contrib.auth import get_user_model

    patterns = english_strings(lang)
    assert len(patterns) > 500  # the catalogue is read
    mask = user_written_text()
    urls = page_urls(sample_objects())
    assert len(urls) > 40
    findings, walked = [], 0
    for account in ACCOUNTS:
        client.logout()
        if account:
            client.force_login(get_user_model().objects.get(username=account))
        for url in urls:
            response = client.get(localised(url, lang))
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith(("text/html", "application/json")):
                continue
            walked += 1
            text = readable(response)
            for written in mask:
                if written in text:
                    text = text.replace(written, " ")
            for pattern in patterns:
                match = pattern.search(text)
                if match:
                    findings.append(f"{account or 'anonymous'} {localised(url, lang)}: {match.group(0)!r}")
    assert walked > 60
    assert findings == [], "\n".join(findings)


def test_the_catalogue_check_can_fail():
    """The check finds an English message on a French page, and leaves proper names and user text alone."""
    patterns = english_strings("fr")
    page = "Membres et partenaires · Members and partners · RothC · IPCC"
    assert [p.pattern for p in patterns if p.search(page)] != []
    assert [p for p in patterns if p.search("Membres et partenaires · RothC · IPCC · VM0042")] == []
    # a placeholder stands for a word, not for the end of one: "revision %(n)s" is not in "revisiones"
    assert [p.pattern for p in english_strings("es") if p.search("Se conservan todas las revisiones.")] == []
