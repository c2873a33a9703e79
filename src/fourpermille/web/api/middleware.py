"""Every error the API's address space answers is JSON, as its schema says.

DRF answers its own errors in JSON, but some answers come from outside it: Django's 404 page for an
address no route matches (``/api/projects/1.5/``), the platform's 400 for a NUL character in the query
(``core.middleware``). Under ``/api/`` these become ``{"detail": ...}`` with the same status.
"""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse

API_PREFIX = "/api/"


class ApiErrorsAsJsonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not (settings.DEBUG and response.status_code >= 500)  # keep Django's debug page
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = response.content.decode("utf-8", "replace").strip()
            if not detail or response.get("Content-Type", "").startswith("text/html"):
                detail = HTTPStatus(response.status_code).phrase
            json_response = JsonResponse({"detail": detail}, status=response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    json_response[header] = response[header]
            return json_response
        return response
