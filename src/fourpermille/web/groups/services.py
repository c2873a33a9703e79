"""What happens in a working group: joining, members, posts (with their notifications), documents.
Each function checks the permission from ``groups.rules`` and raises ``NotAllowed`` otherwise."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.groups.models import (
    Document,
    MemberRole,
    Membership,
    Reply,
    Thread,
    WorkingGroup,
    person_name,
)
from fourpermille.web.notifications.models import Kind
from fourpermille.web.notifications.services import notify


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise NotAllowed(perm)


def _forget_roles(user) -> None:
    """The roles ``groups.rules`` remembered for this user object are stale after a change."""
    user.__dict__.pop("_fourpermille_group_roles", None)


display_name = person_name


def join(group: WorkingGroup, user) -> Membership:
    _require(user, "groups.join_workinggroup", group)
    membership, _created = Membership.objects.get_or_create(group=group, user=user)
    _forget_roles(user)
    return membership


def leave(group: WorkingGroup, user) -> None:
    _require(user, "groups.leave_workinggroup", group)
    Membership.objects.filter(group=group, user=user).delete()
    _forget_roles(user)


def add_member(group: WorkingGroup, user, by, role: str = MemberRole.MEMBER) -> Membership:
    """Add ``user`` (or change their role) — coordinators and the secretariat."""
    _require(by, "groups.manage_members", group)
    membership, _created = Membership.objects.update_or_create(
        group=group, user=user, defaults={"role": role}
    )
    _forget_roles(user)
    return membership


def remove_member(group: WorkingGroup, user, by) -> None:
    _require(by, "groups.manage_members", group)
    Membership.objects.filter(group=group, user=user).delete()
    _forget_roles(user)


def _notify_post(group: WorkingGroup, author, title: str, url: str, demo: bool) -> None:
    """Kind.GROUP_POST to every member of the group but the author."""
    recipients = [m.user for m in group.memberships.select_related("user")]
    notify(
        recipients,
        Kind.GROUP_POST,
        {"who": display_name(author), "group": group.name, "title": title},
        url=url,
        exclude=author,
        email=not demo,
    )


def _english_url(obj) -> str:
    with translation.override("en"):
        return obj.get_absolute_url()


@transaction.atomic
def post_thread(group: WorkingGroup, author, title: str, body: str, is_demo: bool = False) -> Thread:
    _require(author, "groups.post_in_group", group)
    thread = Thread.objects.create(
        working_group=group, author=author, title=title, body=body, is_demo=is_demo
    )
    _notify_post(group, author, title, _english_url(thread), is_demo)
    return thread


@transaction.atomic
def post_reply(thread: Thread, author, body: str, is_demo: bool = False) -> Reply:
    group = thread.working_group
    _require(author, "groups.post_in_group", group)
    if thread.hidden:
        raise WorkflowError(_("The thread is hidden: it takes no reply."))
    reply = Reply.objects.create(thread=thread, author=author, body=body, is_demo=is_demo)
    _notify_post(group, author, thread.title, _english_url(reply), is_demo)
    return reply


def edit_post(post, user, **fields) -> None:
    """The author changes their thread (title, body) or reply (body)."""
    _require(user, "groups.change_post", post)
    for name, value in fields.items():
        setattr(post, name, value)
    post.save()


def set_hidden(post, user, hidden: bool) -> None:
    """A coordinator or the secretariat hides a post (or shows it again)."""
    _require(user, "groups.hide_post", post)
    post.hidden = hidden
    post.save(update_fields=["hidden", "updated_at"])


def add_document(group: WorkingGroup, user, title: str, upload, is_demo: bool = False) -> Document:
    """Store an upload (already checked by ``community.forms.validate_document``) in the group."""
    _require(user, "groups.post_in_group", group)
    return Document.objects.create(
        working_group=group,
        title=title,
        file=upload,
        file_name=PurePosixPath(upload.name or "").name[:255],
        size=upload.size,
        uploaded_by=user,
        is_demo=is_demo,
    )


def delete_document(document: Document, user) -> None:
    _require(user, "groups.delete_document", document)
    document.file.delete(save=False)
    document.delete()
