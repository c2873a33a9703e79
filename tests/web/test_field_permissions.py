"""Issue 12, item 4: the fields the secretariat owns (an organisation's status, body and declaration date,
which the eligibility check and the progress dashboards read) are read-only to everyone else, in the form,
the API and the admin. An editor still changes the rest of their own organisation's record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from tests.web.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

OWNED = {"status": "withdrawn", "body": "consortium", "declaration_signed": "2016-05-04"}


def org_a():
    from fourpermille.web.community.models import Organisation

    return Organisation.objects.get(name="Org A")


def secretariat_values(org):
    return (org.status, org.body, org.declaration_signed)


@pytest.mark.parametrize("field,value", sorted(OWNED.items()))
def test_editor_cannot_patch_secretariat_field_in_api(field, value):
    org = org_a()
    before = secretariat_values(org)
    response = api_client("editor-a").patch(f"/api/organisations/{org.pk}/", {field: value}, format="json")
    assert response.status_code == 403, response.content
    assert field in response.json()["detail"]
    org.refresh_from_db()
    assert secretariat_values(org) == before


def test_editor_put_of_unchanged_record_and_other_fields_still_work():
    org = org_a()
    client = api_client("editor-a")
    record = client.get(f"/api/organisations/{org.pk}/").json()
    record["acronym"] = "OA"
    response = client.put(f"/api/organisations/{org.pk}/", record, format="json")
    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert org.acronym == "OA"


def test_secretariat_patches_its_fields_in_api():
    org = org_a()
    response = api_client("secretariat").patch(f"/api/organisations/{org.pk}/", OWNED, format="json")
    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert secretariat_values(org) == ("withdrawn", "consortium", dt.date(2016, 5, 4))


def form_data(org, **changes):
    data = {
        "name": org.name,
        "acronym": org.acronym,
        "type": org.type,
        "country": org.country,
        "region": org.region,
        "body": org.body,
        "declaration_signed": org.declaration_signed or "",
        "status": org.status,
        "website": org.website,
        "description": org.description,
    }
    data.update(changes)
    return data


def test_editor_form_ignores_secretariat_fields_and_shows_them_disabled(client):
    org = org_a()
    before = secretariat_values(org)
    url = reverse("community:organisation-update", args=[org.pk])
    page = page_client(client, "editor-a").get(url).content.decode()
    for name in OWNED:
        tag = page[page.index(f'name="{name}"') :].split(">", 1)[0]
        assert "disabled" in tag, name
    response = client.post(url, form_data(org, description="Edited", **OWNED))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.description == "Edited"
    assert secretariat_values(org) == before


def test_secretariat_form_changes_them(client):
    org = org_a()
    url = reverse("community:organisation-update", args=[org.pk])
    response = page_client(client, "secretariat").post(url, form_data(org, **OWNED))
    assert response.status_code == 302
    org.refresh_from_db()
    assert secretariat_values(org) == ("withdrawn", "consortium", dt.date(2016, 5, 4))


def test_admin_shows_them_read_only_to_a_staff_editor():
    from django.contrib import admin

    from fourpermille.web.community.models import Organisation

    model_admin = admin.site._registry[Organisation]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="editor-a")
    assert set(OWNED) <= set(model_admin.get_readonly_fields(request, org_a()))
    request.user = get_user_model().objects.get(username="secretariat")
    assert not set(OWNED) & set(model_admin.get_readonly_fields(request, org_a()))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_declaration_date_is_shown_in_iso_in_every_language(client, lang):
    """A date input shows only ISO values: a localised one left it empty, and saving the form in French
    or Spanish then erased the date."""
    org = org_a()
    org.declaration_signed = dt.date(2018, 10, 8)
    org.save()
    prefix = "" if lang == "en" else f"/{lang}"
    url = prefix + reverse("community:organisation-update", args=[org.pk])
    page = page_client(client, "secretariat").get(url).content.decode()
    tag = page[page.index('name="declaration_signed"') :].split(">", 1)[0]
    assert 'value="2018-10-08"' in tag
