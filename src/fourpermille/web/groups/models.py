"""Working groups of the initiative (the STC, regional networks, thematic groups): members with a role,
threads and their replies, shared documents. A private group is seen by its members and the secretariat
only (``WorkingGroup.objects.visible_to``)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core import roles
from fourpermille.web.core.models import DemoFlag, TimeStamped


class GroupKind(models.TextChoices):
    STC = "stc", _("Scientific and Technical Committee")
    REGIONAL = "regional", _("Regional network")
    THEMATIC = "thematic", _("Thematic group")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The groups ``user`` may see: public ones, the private ones they belong to; all for the
        secretariat."""
        if roles.is_secretariat(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.filter(private=False)
        return self.filter(Q(private=False) | Q(memberships__user=user)).distinct()


class WorkingGroup(TimeStamped, DemoFlag):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices, default=GroupKind.THEMATIC)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Seen by its members and the secretariat only; its members are added."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="working_groups",
        verbose_name=_("members"),
    )

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.pk])

    def role_of(self, user) -> str | None:
        """``user``'s role in the group, or None."""
        if not getattr(user, "is_authenticated", False):
            return None
        return self.memberships.filter(user=user).values_list("role", flat=True).first()


class Membership(TimeStamped):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["group", "-role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="groups_one_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) · {self.group}"


def person_name(user) -> str:
    """A user as shown beside their posts: full name, else user name ("—": the account was deleted)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


class Post(TimeStamped, DemoFlag):
    """What threads and replies share: a text, its author, and whether a coordinator hid it."""

    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        return person_name(self.author)


class Thread(Post):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="threads", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:thread", args=[self.pk])

    @property
    def group(self) -> WorkingGroup:
        return self.working_group


class Reply(Post):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="replies", verbose_name=_("thread")
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.thread.title} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"

    @property
    def group(self) -> WorkingGroup:
        return self.thread.working_group


def document_path(instance, filename: str) -> str:
    """A random name under ``groups/`` keeping only the (validated) extension; the uploader's file name
    is kept in the record, never in a path (as community.models.document_path)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"groups/{uuid.uuid4().hex}{suffix}"


class Document(TimeStamped, DemoFlag):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="documents", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size [bytes]"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:document", args=[self.pk])

    @property
    def uploader_name(self) -> str:
        return person_name(self.uploaded_by)

    @property
    def group(self) -> WorkingGroup:
        return self.working_group
