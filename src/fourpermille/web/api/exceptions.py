"""API errors: validation problems as 400 with field messages, permission as 403, workflow as 409.

Our own errors (InputError naming row and column, WorkflowError, NotAllowed) and Django's ValidationError
become 4xx answers; anything else is left to DRF (which turns its own exceptions into 4xx).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fourpermille.errors import InputError
from fourpermille.web.core.errors import NotAllowed, WorkflowError


def exception_handler(exc, context):
    if isinstance(exc, InputError):
        body = {"detail": str(exc), "file": exc.file, "row": exc.row, "column": exc.column}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotAllowed):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, WorkflowError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
