"""Notifications are personal: a user reads and marks their own (the views filter by recipient); the admin
shows them to the secretariat (read-only)."""

import rules

from fourpermille.web.core.predicates import add_module_perm, is_secretariat

rules.add_perm("notifications.view_notification", is_secretariat)
rules.add_perm("notifications.add_notification", rules.always_deny)
rules.add_perm("notifications.change_notification", rules.always_deny)
rules.add_perm("notifications.delete_notification", is_secretariat)
rules.add_perm("notifications.view_preference", is_secretariat)
rules.add_perm("notifications.add_preference", rules.always_deny)
rules.add_perm("notifications.change_preference", rules.always_deny)
rules.add_perm("notifications.delete_preference", rules.always_deny)

add_module_perm("notifications")
