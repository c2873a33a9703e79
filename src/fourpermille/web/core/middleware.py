"""Refuse requests whose address or query holds a NUL character (400).

No legitimate address holds one, and PostgreSQL text cannot store or compare it: without this, a NUL in a
search box would reach the database and fail there. Form and API bodies are checked by their fields
(Django's and DRF's character fields refuse NUL with a field error).
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in k or "\x00" in v for k, values in request.GET.lists() for v in values
        ):
            return HttpResponseBadRequest(
                "NUL characters are not allowed in addresses.", content_type="text/plain"
            )
        return self.get_response(request)
