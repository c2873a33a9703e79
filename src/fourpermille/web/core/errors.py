"""Errors the platform's services raise on purpose (views turn them into messages, the API into 4xx)."""

from __future__ import annotations

from fourpermille.errors import FourPermilleError


class WorkflowError(FourPermilleError):
    """A transition that is not allowed from the project's state, or whose conditions are not met."""


class NotAllowed(FourPermilleError):
    """The user lacks the permission for an action (the API answers 403)."""
