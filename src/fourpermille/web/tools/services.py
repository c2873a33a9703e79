"""What happens to a catalogue entry: proposed by a member, decided and retired by the secretariat, with
the notifications each step sends."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from fourpermille.web.notifications import services as notifications
from fourpermille.web.notifications.models import Kind
from fourpermille.web.tools.models import ExternalTool, ToolStatus
from fourpermille.web.tools.translation import TOOL_FIELDS


class CannotPublish(ValueError):
    """A proposal lacks what a published entry needs (its French and Spanish text)."""


def _path(tool: ExternalTool) -> str:
    with translation.override("en"):
        return tool.get_absolute_url()


def _who(user) -> str:
    return user.get_full_name() or user.get_username()


def missing_translations(tool: ExternalTool) -> list[str]:
    """The translated columns a published entry needs and ``tool`` lacks (``purpose_fr`` ...)."""
    return [
        f"{field}_{lang}"
        for field in TOOL_FIELDS
        for lang in ("en", "fr", "es")
        if not (getattr(tool, f"{field}_{lang}") or "").strip()
    ]


@transaction.atomic
def propose(tool: ExternalTool, user) -> ExternalTool:
    """Store a member's proposal (status submitted) and tell the secretariat."""
    tool.status = ToolStatus.SUBMITTED
    tool.proposed_by = user
    tool.last_checked = tool.last_checked or timezone.localdate()
    tool.save()
    notifications.notify(
        notifications.secretariat(),
        Kind.CONTRIBUTION_SUBMITTED,
        {"who": _who(user), "title": tool.name},
        url=_path(tool),
        exclude=user,
        email=not tool.is_demo,
    )
    return tool


@transaction.atomic
def decide(tool: ExternalTool, accept: bool, user) -> ExternalTool:
    """Publish or reject a proposal and tell its proposer. Publishing needs every translation."""
    tool = ExternalTool.objects.select_for_update().get(pk=tool.pk)
    if tool.status != ToolStatus.SUBMITTED:
        raise CannotPublish("only a proposal awaiting a decision can be decided")
    if accept and missing_translations(tool):
        raise CannotPublish(", ".join(missing_translations(tool)))
    tool.status = ToolStatus.PUBLISHED if accept else ToolStatus.REJECTED
    tool.save()
    if tool.proposed_by is not None:
        notifications.notify(
            [tool.proposed_by],
            Kind.CONTRIBUTION_DECIDED,
            {"title": tool.name, "outcome": "published" if accept else "rejected"},
            url=_path(tool),
            exclude=user,
            email=not tool.is_demo,
        )
    return tool


def set_retired(tool: ExternalTool, retired: bool) -> ExternalTool:
    """Retire a published entry (kept, shown as retired, no longer listed or counted), or reinstate it."""
    if retired and tool.status != ToolStatus.PUBLISHED:
        raise CannotPublish("only a published entry can be retired")
    if not retired and tool.status != ToolStatus.RETIRED:
        raise CannotPublish("only a retired entry can be reinstated")
    tool.status = ToolStatus.RETIRED if retired else ToolStatus.PUBLISHED
    tool.save()
    return tool
