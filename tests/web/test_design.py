"""The design system: one layout (vendored Bootstrap, no CDN), forms through the Bootstrap template pack,
headings that name what is created, danger buttons confirmed, styled error pages, numbers by locale."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def test_the_framework_is_vendored_with_its_licence():
    for name in ("bootstrap.min.css", "bootstrap.bundle.min.js", "LICENSE"):
        assert finders.find(f"fourpermille/vendor/bootstrap/{name}"), name
    readme = finders.find("fourpermille/vendor/README.md")
    assert "bootstrap 5.3.8" in open(readme).read()


def test_every_page_uses_the_local_framework_and_the_collapsible_menu(client):
    html = client.get("/").content.decode()
    assert "/static/fourpermille/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/fourpermille/vendor/bootstrap/bootstrap.bundle.min.js" in html
    assert 'data-bs-toggle="collapse"' in html and 'id="site-menu"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing is loaded from another host"


def test_new_form_says_what_it_creates_and_renders_with_bootstrap(client, users):
    c = page_client(client, "editor-a")
    html = c.get(reverse("commitments:create")).content.decode()
    assert "<h1>New commitment</h1>" in html
    assert 'class="form-control' in html or 'class="textarea form-control' in html
    assert 'class="form-text' in html  # help text beside its field
    assert 'class="btn btn-primary"' in html


def test_edit_form_names_the_record(client, users, projects):
    c = page_client(client, "editor-a")
    html = c.get(reverse("projects:update", args=[projects["draft-a"].pk])).content.decode()
    assert "Edit project “draft-a”" in html


def test_headings_are_translated(client, users):
    c = page_client(client, "editor-a")
    assert "Nouvel engagement" in c.get("/fr/commitments/new/").content.decode()
    assert "Nuevo compromiso" in c.get("/es/commitments/new/").content.decode()


def test_forms_written_as_p_render_with_bootstrap_too():
    from fourpermille.web.roadmap.forms import KpiValueForm

    assert "form-control" in KpiValueForm().as_p()
    assert settings.FORM_RENDERER.endswith("BootstrapFormRenderer")


def test_delete_is_a_confirmed_danger_button(client, users, projects):
    c = page_client(client, "editor-a")
    html = c.get(reverse("projects:delete", args=[projects["draft-a"].pk])).content.decode()
    assert re.search(r'<button type="submit" class="btn btn-danger[^"]*"', html)


def test_backward_transitions_are_danger_and_confirmed():
    from fourpermille.web.core.templatetags.ui import button_class

    assert button_class("withdraw") == "btn-danger" and button_class("declare_ineligible") == "btn-danger"
    assert button_class("submit") == "btn-primary"


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [("/no-such-page/", 404, "Page not found"), ("/fr/no-such-page/", 404, "Page introuvable")],
)
def test_not_found_page_is_styled(client, path, status, text):
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert text in html and "error-page" in html and 'id="site-menu"' in html


def test_forbidden_page_is_styled(client, users, projects):
    c = page_client(client, "editor-b")
    response = c.get(reverse("projects:update", args=[projects["draft-a"].pk]))
    assert response.status_code == 403
    assert "Access denied" in response.content.decode() and "error-page" in response.content.decode()


def test_server_error_page_is_styled_and_needs_no_database(rf):
    from fourpermille.web.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@override_settings(DEBUG=False)
def test_handlers_are_the_platforms():
    from fourpermille.web import urls

    assert urls.handler404.endswith("core.views.page_not_found")
    assert urls.handler500.endswith("core.views.server_error")
    assert urls.handler403.endswith("core.views.permission_denied")


def render(source: str, lang: str, **context) -> str:
    with translation.override(lang):
        return Template("{% load ui %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "value", "digits", "expected"),
    [
        ("en", 12345.678, 2, "12,345.68"),
        ("fr", 12345.678, 2, "12\xa0345,68"),
        ("es", 12345.5, 1, "12\xa0345,5"),
        ("en", 196.0, 0, "196"),
        ("en", 196.0, 2, "196"),
        ("fr", Decimal("1500"), 0, "1\xa0500"),
        ("en", None, 2, "—"),
        ("en", 0.4, 3, "0.4"),
        ("fr", 0.32, 3, "0,32"),
        ("en", 1234567.0, 2, "1,234,567"),
        ("en", -0.125, 2, "-0.12"),
    ],
)
def test_numbers_follow_the_locale(lang, value, digits, expected):
    assert render("{{ v|num:d }}", lang, v=value, d=digits) == expected


def test_withdraw_is_a_confirmed_danger_button_and_submit_is_primary(client, users, projects):
    from fourpermille.web.assessment import workflow

    project = projects["draft-a"]
    c = page_client(client, "editor-a")
    html = c.get(project.get_absolute_url()).content.decode()
    assert re.search(r'<button type="submit" class="btn btn-primary">Submit for assessment</button>', html)
    workflow.transition(project, "submit", users["editor-a"])
    html = c.get(project.get_absolute_url()).content.decode()
    form = html[html.index("/transition/withdraw/") :]
    form = form[: form.index("</form>")]
    assert "data-confirm=" in form and 'class="btn btn-danger"' in form
