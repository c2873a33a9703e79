"""The OpenAPI schema, made to tell the truth about every response (checked by schemathesis in
tests/web/test_api_schema.py):

- public reads (the rules give ``view_*`` to anyone) are marked as needing no authentication;
- the error answers are documented: 400 (bad input; field errors or ``detail``), 401 (no or a bad token),
  403 (not allowed), 404 (no such object, or a page past the end), 409 (a workflow step not possible now,
  on writes) and 429 (the token endpoint's throttle);
- integer filters on related records (``?organisation=``) are plain integers: an unknown id gives an
  empty page, not a 400 (``filters.IdFilterSet``).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions

from fourpermille.web.api.permissions import RulesPermission

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: ``detail`` says what is wrong; a validation error lists the fields instead "
    "(field name -> messages); an upload error also names ``file``, ``row`` and ``column``.",
    "properties": {"detail": {}},
    "additionalProperties": True,
}

ERRORS = {
    "400": "Bad input: the fields or parameters at fault, with what is allowed.",
    "401": "Authentication needed, or the token given is not valid.",
    "403": "Not allowed for this user.",
    "404": "No such object (or not visible to this user), or a page past the end.",
    "409": "Not possible in the current state (a workflow condition is not met).",
    "429": "Too many attempts; try again later.",
}


def error_codes(method: str, path: str) -> list[str]:
    """The error statuses an operation can answer."""
    codes = ["400", "401", "403", "404"]
    if method not in permissions.SAFE_METHODS:
        codes.append("409")
    if path.rstrip("/").endswith("/token"):
        codes.append("429")
    return codes


class AutoSchema(SpectacularAutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        is_rules = any(isinstance(p, RulesPermission) for p in self.view.get_permissions())
        if is_rules and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})  # reads follow view_* rules, which let anyone see what is public
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(error)
        for code in error_codes(self.method, self.path):
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": error.ref}},
                    "description": ERRORS[code],
                },
            )
        return responses
