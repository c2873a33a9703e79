"""Structured logs: one JSON object a line on standard error, for a log collector to index.

``JsonFormatter`` writes time, level, logger, message, the request fields the middleware attaches
(``method``, ``path``, ``status``, ``duration_ms``, ``user``, ``request_id``) and, for errors, the
exception type and traceback. ``RequestLogMiddleware`` logs every request on ``fourpermille.request``:
INFO below 400, WARNING for 4xx, ERROR for 5xx (Django's ``django.request`` logger adds the traceback of
an unhandled exception, also as JSON).
"""

from __future__ import annotations

import json
import logging
import time
import uuid

REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user", "request_id", "remote_addr")

request_logger = logging.getLogger("fourpermille.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        request = getattr(record, "request", None)  # django.request attaches the request
        if request is not None and "path" not in entry:
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
        status = getattr(record, "status_code", None)
        if status is not None and "status" not in entry:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


class RequestLogMiddleware:
    """Logs each request once it is answered, with its duration [ms]; sets ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        user = getattr(request, "user", None)
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "user": user.get_username() if user is not None and user.is_authenticated else None,
                "request_id": request_id,
                "remote_addr": request.META.get("REMOTE_ADDR"),
            },
        )
        response["X-Request-ID"] = request_id
        return response
