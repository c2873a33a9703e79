"""Production set-up: PostgreSQL unless told, the cache table made by ``migrate``, JSON request and error
logs, and a gunicorn configuration that loads the platform."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from fourpermille.web.ops import CACHE_TABLE
from fourpermille.web.ops.logs import JsonFormatter, RequestLogMiddleware
from tests.web.test_security import production_env


def run(args, env):
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def test_production_refuses_sqlite_unless_told(tmp_path):
    env = production_env(tmp_path)
    env.pop("FOURPERMILLE_ALLOW_SQLITE")
    env.pop("DATABASE_URL", None)
    result = run([sys.executable, "-m", "fourpermille.web", "check"], env)
    assert result.returncode != 0
    assert "DATABASE_URL=postgres://" in result.stderr and "FOURPERMILLE_ALLOW_SQLITE" in result.stderr


def test_gunicorn_configuration_loads_the_platform(tmp_path):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--check-config",
        "-c",
        "python:fourpermille.web.gunicorn_conf",
    ]
    result = run([*command, "fourpermille.web.wsgi"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_migrate_creates_the_cache_table_the_production_cache_uses():
    assert CACHE_TABLE in connection.introspection.table_names()
    cache = DatabaseCache(CACHE_TABLE, {})
    cache.set("probe", {"figure": 1.5}, 60)
    assert cache.get("probe") == {"figure": 1.5}


def formatted(caplog, logger_name):
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger_name]


@pytest.mark.parametrize("status,level", [(200, "INFO"), (404, "WARNING"), (500, "ERROR")])
def test_every_request_is_one_json_line(caplog, status, level):
    middleware = RequestLogMiddleware(lambda request: HttpResponse(status=status))
    request = RequestFactory().get("/projects/", HTTP_X_REQUEST_ID="abc123")
    with caplog.at_level(logging.INFO, logger="fourpermille.request"):
        response = middleware(request)
    [entry] = formatted(caplog, "fourpermille.request")
    assert entry["level"] == level
    assert (entry["method"], entry["path"], entry["status"], entry["request_id"]) == (
        "GET",
        "/projects/",
        status,
        "abc123",
    )
    assert entry["duration_ms"] >= 0 and entry["time"].endswith("Z")
    assert response["X-Request-ID"] == "abc123"


def test_an_error_is_logged_as_json_with_its_traceback():
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.status_code = 500
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Internal Server Error: /x/" and entry["status"] == 500
    assert entry["exception"] == "ZeroDivisionError" and "boom" in entry["traceback"]


def test_docker_files_name_what_exists():
    """The compose file runs the platform and PostgreSQL; the container's start runs commands that exist."""
    import re
    from pathlib import Path

    import yaml
    from django.core.management import get_commands

    root = Path(__file__).resolve().parents[2]
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {"db", "platform"}
    assert compose["services"]["platform"]["environment"]["DATABASE_URL"].startswith("postgres://")
    entrypoint = (root / "deploy" / "docker-entrypoint.sh").read_text()
    commands = set(re.findall(r"python -m fourpermille\.web (\w+)", entrypoint))
    assert {"migrate", "seed", "repair_dashboard_summaries"} <= commands <= set(get_commands())
    assert "gunicorn -c python:fourpermille.web.gunicorn_conf fourpermille.web.wsgi" in entrypoint
    assert "deploy/docker-entrypoint.sh" in (root / "Dockerfile").read_text()
