"""Admin base: change history (simple-history) and object permissions from the rules (``rules``)."""

from __future__ import annotations

from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin


class AuditedAdmin(SimpleHistoryAdmin, ObjectPermissionsModelAdmin):
    """An admin page whose permissions come from the app's rules and whose changes are all kept."""
