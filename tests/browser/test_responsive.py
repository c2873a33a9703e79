"""Every page at a 390 px phone and a 1366 px desktop, logged in as the demo secretariat (who may see every
page): no page is wider than the window (no sideways scroll), no chart writes its labels over each other or
outside its box, no script error, no request leaving 127.0.0.1.

The pages come from the URLconf: every named route of the platform's pages (not the API, the admin, or
the language switch) is reversed with a demo object for each of its parameters, so a page added later is
loaded without editing this file (a route whose parameters cannot be filled is reported by
``test_every_page_route_is_covered``). A page that fails is photographed:
test-artifacts/screenshots/responsive-<width>-<path>.png.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

#: Viewport widths [px]: a phone (iPhone 12 to 15) and a common laptop.
WIDTHS = (390, 1366)
#: The platform's languages: French and Spanish labels are longer than English ones.
LANGUAGES = ("en", "fr", "es")
#: Longest wait on a state of a page [ms]: generous, the machine may be shared.
TIMEOUT_MS = 90_000
#: How far a text may reach into another one before it counts as written over it [px] (anti-aliasing
#: and the line boxes of a multi-line label touch by a pixel or two).
OVERLAP_TOLERANCE_PX = 2
DEMO_USER, DEMO_PASSWORD = "demo-secretariat", "fourpermille-demo"

#: URL namespaces that are not pages (machine access, Django's admin has its own design).
NOT_PAGES = {"api", "admin"}
#: Address spaces that are not pages: the API (JSON), the language switch.
NOT_PAGE_PREFIXES = ("api/", "i18n/")
#: Named routes that are not pages a person reads: POST-only actions, downloads, images, JSON.
NOT_PAGE_NAMES = {
    "set_language",
    "logout",
    "estimates:ex-ante-json",
    "estimates:ex-ante-png",
    # one-time links (their token is only in an e-mail), a document download, a redirect to the notified page
    "community:join-confirm",
    "community:invitation-accept",
    "community:join-document",
    "password_reset_confirm",
    "notifications:open",
    # downloads (YAML, PNG, SVG), not pages
    "estimates:project-file",
    "estimates:scenarios-png",
    "registry:seal",
    "projects:measurement-template",  # a CSV download
    "toolbox:example",  # an example input CSV download
    # a group's document and the iCalendar files: downloads
    "groups:document",
    "events:feed",
    "events:ics",
    # the practice catalogue's former addresses (/resources/...): permanent redirects to /practices/
    "resources-moved:list",
    "resources-moved:practice",
    "library:document-file",  # a library document's file (a download)
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    params: tuple[str, ...]
    view: object


def routes() -> list[Route]:
    """Every named route of the URLconf with its parameter names and view."""
    found: list[Route] = []

    def walk(patterns, namespace: str, params: tuple[str, ...], prefix: str):
        for entry in patterns:
            own = tuple(getattr(entry.pattern, "converters", {}) or ())
            path = prefix + str(entry.pattern)
            if path.lstrip("^").startswith(NOT_PAGE_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                ns = entry.namespace or ""
                if ns in NOT_PAGES:
                    continue
                walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace, params + own, path)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append(Route(f"{namespace}{entry.name}", params + own, entry.callback))

    walk(get_resolver().url_patterns, "", (), "")
    return found


def post_only(view) -> bool:
    """A view wrapped by Django's ``require_POST`` (an action, not a page)."""
    while view is not None:
        try:
            methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        except TypeError:
            return False
        if methods is not None:
            return list(methods) == ["POST"]
        view = getattr(view, "__wrapped__", None)
    return False


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def _now():
    from django.utils import timezone

    return timezone.now()


def demo_kwargs(route: Route) -> dict | None:
    """Values for ``route``'s parameters from the demo data, or None when this file knows no rule."""
    from fourpermille.web.assessment.models import Assessment
    from fourpermille.web.community.models import JoinRequest
    from fourpermille.web.estimates.models import MrvRecord, Scenario
    from fourpermille.web.events.models import Event
    from fourpermille.web.groups.models import Reply, Thread, WorkingGroup
    from fourpermille.web.helpdesk.models import Question
    from fourpermille.web.projects.models import Project, Site
    from fourpermille.web.registry.models import Account, Issuance, Label, Retirement

    if not route.params:
        return {}
    published = _first(Project, status="published", sites__isnull=False)
    by_name = {
        "projects:site-create": lambda: {"project_pk": published.pk},
        "dashboard:project": lambda: {"pk": published.pk},
        "estimates:mrv-upload": lambda: {"pk": published.pk},
        "estimates:mrv-report": lambda: {"pk": _first(MrvRecord).pk, "fmt": "html"},
        "estimates:mrv-original": lambda: {"pk": _first(MrvRecord).pk, "fmt": "html"},
        "estimates:mrv-verify": lambda: {"pk": _first(MrvRecord).pk},
        "registry:issuance": lambda: {"pk": _first(Issuance).pk},
        "registry:retirement": lambda: {"pk": _first(Retirement).pk},
        "registry:account": lambda: {"pk": _first(Account).pk},
        "community:organisation-invite": lambda: {"pk": published.organisation_id},
        "community:join-detail": lambda: {"pk": _first(JoinRequest).pk},
        "estimates:project": lambda: {"pk": published.pk},
        "estimates:scenario-create": lambda: {"pk": published.pk},
        "estimates:scenario-update": lambda: {"pk": _first(Scenario).pk},
        "estimates:scenario-delete": lambda: {"pk": _first(Scenario).pk},
        "estimates:site-climate": lambda: {"pk": _first(Site, project=published).pk},
        "registry:label": lambda: {"project": _first(Label).project_id, "period": _first(Label).period},
        "registry:compare": lambda: {"pk": _first(Issuance).mrv_record_id},
        # the reviewer's one page (others are sent to the assessment), the report and letter documents
        "assessment:assess": lambda: {"pk": _first(Assessment, project__status="in_review").pk},
        "assessment:report": lambda: {"pk": published.assessment.pk, "fmt": "html"},
        "assessment:preview": lambda: {"pk": published.assessment.pk},
        "assessment:letter": lambda: {"pk": _first(Assessment, project=published).pk, "fmt": "html"},
        # a question in the public FAQ (its page and its FAQ entry), a desk by its region
        "helpdesk:question-detail": lambda: {"pk": _first(Question, is_demo=True, in_faq=True).pk},
        "helpdesk:faq-detail": lambda: {"pk": _first(Question, is_demo=True, in_faq=True).pk},
        "helpdesk:desk-detail": lambda: {"region": "africa"},
        "helpdesk:desk-manage": lambda: {"region": "africa"},
        # the private demo group (the secretariat sees it), a thread and a reply the secretariat wrote
        "groups:detail": lambda: {"pk": _first(WorkingGroup, private=True).pk},
        "groups:members": lambda: {"pk": _first(WorkingGroup, private=True).pk},
        "groups:thread-create": lambda: {"pk": _first(WorkingGroup, private=True).pk},
        "groups:document-upload": lambda: {"pk": _first(WorkingGroup, documents__isnull=False).pk},
        "groups:thread": lambda: {"pk": _first(Thread, replies__isnull=False).pk},
        "groups:thread-edit": lambda: {"pk": _first(Thread, author__username="demo-secretariat").pk},
        "groups:reply-edit": lambda: {"pk": _first(Reply, author__username="demo-secretariat").pk},
        "events:detail": lambda: {"pk": _first(Event, capacity__isnull=False, start__gt=_now()).pk},
        "events:attendance": lambda: {"pk": _first(Event, registrations__attended=True).pk},
    }
    if route.name in by_name:
        return by_name[route.name]()
    view_class = getattr(route.view, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None:
        return None
    if model is Project:
        obj = published
    elif model is Site:
        obj = _first(Site, project=published)
    else:
        obj = _first(model)
    if obj is None:
        return None
    kwargs = {}
    for param in route.params:
        if param == "pk":
            kwargs[param] = obj.pk
        elif param == getattr(view_class, "slug_url_kwarg", None):
            kwargs[param] = getattr(obj, view_class.slug_field)
        else:
            return None
    return kwargs


def page_urls() -> tuple[list[str], list[str]]:
    """(paths of every page, names of the routes whose parameters could not be filled)."""
    urls, unknown = [], []
    for route in routes():
        if route.name in NOT_PAGE_NAMES or post_only(route.view):
            continue
        kwargs = demo_kwargs(route)
        if kwargs is None:
            unknown.append(route.name)
            continue
        urls.append(reverse(route.name, kwargs=kwargs))
    return sorted(set(urls)), unknown


OVERLAP_JS = """(tolerance) => {
  /* Texts of each ECharts chart: the 4 corners of each text's box as drawn (rotation included), then the
     separating-axis test between every pair; a pair overlapping deeper than the tolerance is reported, and
     so is a text reaching outside the chart's box sideways. */
  function corners(t) {
    const b = t.getBBox(), m = t.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => ({ x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f }));
  }
  function depth(p, q) {
    let least = Infinity;
    for (const poly of [p, q]) {
      for (let i = 0; i < 4; i++) {
        const a = poly[i], b = poly[(i + 1) % 4];
        let nx = b.y - a.y, ny = a.x - b.x;
        const len = Math.hypot(nx, ny) || 1;
        nx /= len; ny /= len;
        const pr = p.map((v) => v.x * nx + v.y * ny), qr = q.map((v) => v.x * nx + v.y * ny);
        const o = Math.min(Math.max(...pr), Math.max(...qr)) - Math.max(Math.min(...pr), Math.min(...qr));
        if (o <= 0) { return 0; }
        least = Math.min(least, o);
      }
    }
    return least;
  }
  const problems = [];
  document.querySelectorAll('.dash-chart').forEach((node) => {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height) { return; }
    const card = node.closest('[id]');
    const chart = card ? card.id : 'chart';
    const texts = Array.from(node.querySelectorAll('svg text')).filter((t) => {
      const s = getComputedStyle(t);
      return t.textContent.trim() && s.display !== 'none' && s.visibility !== 'hidden'
        && Number(s.opacity) > 0 && !t.closest('[clip-path]');
    }).map((t) => ({ text: t.textContent.trim(), q: corners(t), r: t.getBoundingClientRect() }));
    texts.forEach((t) => {
      if (t.r.left < box.left - tolerance || t.r.right > box.right + tolerance) {
        problems.push(`${chart}: "${t.text}" reaches outside the chart`);
      }
    });
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const d = depth(texts[i].q, texts[j].q);
        if (d > tolerance) {
          problems.push(`${chart}: "${texts[i].text}" and "${texts[j].text}" overlap by ${Math.round(d)} px`);
        }
      }
    }
  });
  return problems;
}"""

OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const wide = Array.from(document.querySelectorAll('body *')).filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > doc.clientWidth + 1 && getComputedStyle(e).position !== 'fixed';
  }).filter((e) => !e.closest('.table-responsive, .table-wrap, .dash-table-wrap, [data-scroll]'));
  const label = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().replace(/ +/g, '.') : '');
  const names = wide.slice(0, 5).map(label);
  return { overflow: doc.scrollWidth - doc.clientWidth, culprits: names };
}"""


def localised(path: str, lang: str) -> str:
    """English pages have no prefix (prefix_default_language=False); the others start with /fr/, /es/."""
    return path if lang == "en" else f"/{lang}{path}"


def load(page, url: str):
    response = page.goto(url, wait_until="load", timeout=TIMEOUT_MS)
    if page.locator(".dash-page").count():
        page.wait_for_selector(".dash-page[data-ready=true]", timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    return response


def login(page, base_url: str) -> None:
    page.goto(f"{base_url}/login/", timeout=TIMEOUT_MS)
    page.fill("input[name=username]", DEMO_USER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(re.compile(r".*/$"), timeout=TIMEOUT_MS)
    assert page.locator("#site-menu").count() == 1


@pytest.fixture
def world(demo):
    from fourpermille.web.estimates.demo import load_demo_exante
    from fourpermille.web.registry.demo import load_demo_registry

    load_demo_exante()  # the demo project's climate and scenarios (their pages)
    load_demo_registry()
    from fourpermille.web.community.models import JoinRequest

    JoinRequest.objects.create(  # a request waiting for the secretariat (its page, community:join-detail)
        name="Applicant (demo)",
        type="ngo",
        country="Peru",
        region="latin_america",
        contact_name="Contact",
        contact_email="contact@example.org",
        declaration_signed="2026-01-01",
        declaration="join-requests/declaration.pdf",
        declaration_name="declaration.pdf",
        status="pending",
    )


def test_every_page_route_is_covered(world):
    urls, unknown = page_urls()
    assert unknown == [], (
        f"no demo object for the parameters of {unknown}: add a rule to demo_kwargs (or, if it is not a "
        "page, its name to NOT_PAGE_NAMES)"
    )
    for expected in ("/", "/projects/", "/dashboard/soc/", "/organisations/"):
        assert expected in urls
    assert len(urls) >= 25


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_window_and_no_chart_label_overlaps(base_url, world, browser, width, lang):
    urls, _unknown = page_urls()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    foreign: list[str] = []
    context.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
            else None
        ),
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("http://127.0.0.1", "data:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error.message}"))
    problems: list[str] = []
    try:
        login(page, base_url)
        for url in urls:
            response = load(page, base_url + localised(url, lang))
            status = response.status if response else None
            if status != 200:
                problems.append(f"{localised(url, lang)}: HTTP {status}")
                continue
            if not (response.headers.get("content-type", "")).startswith("text/html"):
                continue
            found = []
            measured = page.evaluate(OVERFLOW_JS)
            if measured["overflow"] > 0:
                found.append(
                    f"{url}: {measured['overflow']} px wider than the {width} px window "
                    f"(widest: {', '.join(measured['culprits'])})"
                )
            found.extend(f"{url}: {p}" for p in page.evaluate(OVERLAP_JS, OVERLAP_TOLERANCE_PX))
            if found:  # a picture of what failed, to look at
                shot(page, f"responsive-{width}-{re.sub(r'[^A-Za-z0-9]+', '_', url).strip('_') or 'home'}")
            problems.extend(found)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    assert errors == [], "\n".join(errors)
    assert foreign == [], foreign
