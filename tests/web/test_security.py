"""Security: login throttling, CSRF, upload limit, password hasher, `check --deploy` in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tests.web.conftest import PASSWORD, api_client, page_client

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(LOGIN_MAX_FAILURES=3)
def test_login_is_throttled_after_repeated_failures(client, users):
    for _ in range(3):
        assert login(client, "editor-a", "wrong").status_code == 200
    response = login(client, "editor-a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_token_endpoint_shares_the_throttle(users):
    client = api_client(None)
    for _ in range(3):
        client.post("/api/token/", {"username": "editor-b", "password": "wrong"}, format="json")
    response = client.post("/api/token/", {"username": "editor-b", "password": PASSWORD}, format="json")
    assert response.status_code == 429


@override_settings(LOGIN_MAX_FAILURES=3)
def test_admin_login_shares_the_throttle(client, users):
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "secretariat", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "secretariat", "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()


def test_successful_login_works_and_resets(client, users):
    login(client, "editor-a", "wrong")
    response = login(client, "editor-a", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(users["editor-a"].pk)


def test_csrf_is_enforced_on_pages(projects):
    client = Client(enforce_csrf_checks=True)
    page_client(client, "editor-a")
    response = client.post(reverse("projects:transition", args=[projects["draft-a"].pk, "submit"]))
    assert response.status_code == 403
    projects["draft-a"].refresh_from_db()
    assert projects["draft-a"].status == "draft"


def test_csrf_is_enforced_on_api_session_writes(projects):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(projects["draft-a"].organisation.people.get().user)
    response = client.patch(f"/api/projects/{projects['draft-a'].pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


@override_settings(MAX_UPLOAD_BYTES=200)
def test_upload_over_the_limit_is_refused_on_the_page(client, projects):
    site = projects["draft-a"].sites.get()
    big = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n" + b"P1,0,10,20,1.2\n" * 50
    response = page_client(client, "editor-a").post(
        reverse("projects:site-upload", args=[site.pk]),
        {"file": SimpleUploadedFile("big.csv", big), "sampled_on": "2026-03-01"},
        follow=True,
    )
    assert "larger than the limit of 200 bytes" in response.content.decode()
    assert not site.measurements.exists()


@override_settings(MAX_UPLOAD_BYTES=200)
def test_upload_over_the_limit_is_refused_by_the_api(projects):
    site = projects["draft-a"].sites.get()
    big = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n" + b"P1,0,10,20,1.2\n" * 50
    response = api_client("editor-a").post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("big.csv", big), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert response.status_code == 400 and "larger than the limit" in response.json()["detail"]


def test_request_body_over_django_limit_is_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = page_client(client, "editor-a").post(reverse("projects:create"), {"title": "x" * 5000})
    assert response.status_code == 400


def production_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fourpermille.web.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "platform.example.org",
        "FOURPERMILLE_VAR": str(tmp_path),
        "FOURPERMILLE_ALLOW_SQLITE": "1",  # these checks need no PostgreSQL server
    }
    env.pop("PYTEST_DATABASE_URL", None)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "fourpermille.web", "check", "--deploy", "--fail-level", "DEBUG"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_uses_djangos_default_hasher(tmp_path):
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0], settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-m", "fourpermille.web", "shell", "--no-imports", "-c", code],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "False"], (
        result.stderr
    )


def test_production_settings_require_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fourpermille.web.settings.production",
        "FOURPERMILLE_VAR": str(tmp_path),
    }
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "fourpermille.web", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
