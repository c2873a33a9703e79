"""Who may do what in a working group.

Public groups are read by everyone; a private group by its members and the secretariat only (others get
404, the group does not exist for them). Members post threads, replies and documents; authors edit their
own posts; coordinators and the secretariat hide posts and manage members; logged-in users join and leave
public groups (members of a private group are added)."""

import rules

from fourpermille.web.core.predicates import add_module_perm, is_authenticated, is_secretariat


def group_of(obj):
    """The working group of a group, thread, reply, document or membership."""
    from fourpermille.web.groups.models import WorkingGroup

    if obj is None or isinstance(obj, WorkingGroup):
        return obj
    return obj.group


def _role(user, obj) -> str | None:
    group = group_of(obj)
    if group is None or not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_fourpermille_group_roles", None)
    if cache is None:
        cache = user._fourpermille_group_roles = {}
    if group.pk not in cache:
        cache[group.pk] = group.role_of(user)
    return cache[group.pk]


@rules.predicate
def is_public_group(user, obj) -> bool:
    group = group_of(obj)
    return group is not None and not group.private


@rules.predicate
def is_group_member(user, obj) -> bool:
    return _role(user, obj) is not None


@rules.predicate
def is_group_coordinator(user, obj) -> bool:
    from fourpermille.web.groups.models import MemberRole

    return _role(user, obj) == MemberRole.COORDINATOR


@rules.predicate
def is_post_author(user, obj) -> bool:
    author_id = getattr(obj, "author_id", None) or getattr(obj, "uploaded_by_id", None)
    return author_id is not None and author_id == getattr(user, "pk", None)


can_read = is_public_group | is_group_member | is_secretariat
can_post = is_group_member | is_secretariat
can_moderate = is_group_coordinator | is_secretariat

rules.add_perm("groups.view_workinggroup", can_read)
rules.add_perm("groups.add_workinggroup", is_secretariat)
rules.add_perm("groups.change_workinggroup", can_moderate)
rules.add_perm("groups.delete_workinggroup", is_secretariat)
rules.add_perm("groups.join_workinggroup", is_authenticated & is_public_group & ~is_group_member)
rules.add_perm("groups.leave_workinggroup", is_group_member)
rules.add_perm("groups.manage_members", can_moderate)
# threads, replies, documents: ``obj`` is the group (to add) or the post (to change, hide)
rules.add_perm("groups.post_in_group", can_post)
rules.add_perm("groups.change_post", is_post_author & can_post)
rules.add_perm("groups.hide_post", can_moderate)
rules.add_perm("groups.delete_document", (is_post_author & can_post) | can_moderate)

# the admin's permissions on the records themselves (the pages ask the permissions above)
for model in ("membership", "thread", "reply", "document"):
    for action in ("view", "add", "change", "delete"):
        if not rules.perm_exists(f"groups.{action}_{model}"):
            rules.add_perm(f"groups.{action}_{model}", is_secretariat)

add_module_perm("groups")
