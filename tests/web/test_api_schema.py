"""Issue 12, item 9: the OpenAPI schema tells the truth. schemathesis (pinned in the dev extra) generates
requests for every operation from the schema (valid and invalid ones) and sends them to the WSGI
application on the test database: no answer may be a server error, and every answer (status, content
type, body) must be one the schema documents. Run anonymous, as an organisation editor and as the
secretariat (who may write everything); each run reports every violation it found.

Examples per operation and mode: FOURPERMILLE_SCHEMATHESIS_EXAMPLES (default 5: about 1,650 requests over
the three runs, about a minute on an idle 2-core machine; raise it for a deeper search).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.web.conftest import api_client as api_client_for

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FOURPERMILLE_SCHEMATHESIS_EXAMPLES", "5"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def check_operation(operation, mode, headers) -> list[str]:
    found: list[str] = []

    @BOUNDED
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (collected, reported by the test)
            found.append(f"{operation.label} [{mode.value}]: {exc}"[:1500])

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid (no parameters, no body)
        assert mode is GenerationMode.NEGATIVE, operation.label
    return found


def violations(who: str | None) -> list[str]:
    """Every check failure over every operation, both generation modes, as ``who`` (None: anonymous)."""
    api = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    headers = {"Authorization": f"Token {Token.objects.get(user__username=who).key}"} if who else {}
    found: list[str] = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 50
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            found += check_operation(operation, mode, headers)
    return found


@pytest.fixture
def keep_test_connection():
    """Requests go to the WSGI handler directly, which closes the database connection at each request's
    start and end: on PostgreSQL that would end the test's transaction. Django's test client does this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", [None, "editor-a", "secretariat"], ids=["anonymous", "editor", "secretariat"])
def test_every_api_answer_matches_the_schema(who, keep_test_connection):
    found = violations(who)
    assert not found, f"{len(found)} violations:\n\n" + "\n\n".join(found[:30])


# The schema mismatches issue 12 reported, one by one (fast; the run above finds them too).


@pytest.fixture
def openapi():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def response_schema(openapi, path, method, code="200"):
    return openapi["paths"][path][method]["responses"][code]["content"]["application/json"]["schema"]


def test_history_and_events_are_documented_as_the_lists_they_are(openapi, projects):
    for path in ("/api/commitments/{id}/history/", "/api/projects/{id}/events/"):
        assert response_schema(openapi, path, "get")["type"] == "array", path
        names = {p["name"] for p in openapi["paths"][path]["get"].get("parameters", [])}
        assert names == {"id"}, path  # no pagination or filters: they would be ignored
    published = projects["published-a"]
    events = api_client_for(None).get(f"/api/projects/{published.pk}/events/").json()
    assert isinstance(events, list) and events[0]["to_status"]


def test_nullable_users_are_documented_nullable(openapi):
    components = openapi["components"]["schemas"]
    assert components["Upload"]["properties"]["uploaded_by"].get("nullable") is True
    assert components["WorkflowEvent"]["properties"]["actor"].get("nullable") is True
    assert components["CommitmentRevision"]["properties"]["history_user"].get("nullable") is True


def test_an_unknown_id_in_a_filter_is_an_empty_page_not_a_400():
    client = api_client_for(None)
    response = client.get("/api/projects/", {"organisation": 987654321})
    assert response.status_code == 200 and response.json()["results"] == []
    assert client.get("/api/projects/", {"organisation": "x"}).status_code == 400
    assert client.get("/api/projects/", {"organisation": 2**70}).status_code == 400


def test_error_answers_are_documented(openapi):
    retrieve = openapi["paths"]["/api/projects/{id}/"]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(retrieve)
    transition = openapi["paths"]["/api/projects/{id}/transition/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(transition)
    assert "429" in openapi["paths"]["/api/token/"]["post"]["responses"]


def test_public_reads_need_no_authentication_and_writes_do(openapi):
    assert {} in openapi["paths"]["/api/projects/"]["get"]["security"]
    assert {} in openapi["paths"]["/api/organisations/{id}/"]["get"]["security"]
    assert {} not in openapi["paths"]["/api/projects/"]["post"]["security"]


def test_api_errors_outside_drf_are_json():
    client = api_client_for(None)
    not_found = client.get("/api/projects/-2.1e-193/")
    assert not_found.status_code == 404 and not_found.json() == {"detail": "Not Found"}
    nul = client.get("/api/projects/", {"search": "a\x00b"})
    assert nul.status_code == 400 and "NUL" in nul.json()["detail"]
