"""Notifications: what happened that a user should know about, shown in the platform (the bell) and sent by
e-mail, as each user chooses per kind (``Preference``; no row: both on)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; each user chooses, per kind, in the platform and/or by e-mail."""

    SUBMITTED = "submitted", _("A project is submitted for assessment")
    ELIGIBILITY = "eligibility", _("Eligibility of a project decided")
    REVIEWER_ASSIGNED = "reviewer_assigned", _("A reviewer is assigned")
    ASSESSMENT_COMPLETED = "assessment_completed", _("An assessment is completed")
    PUBLISHED = "published", _("A project is published")
    MRV_UPLOADED = "mrv_uploaded", _("An MRV result is uploaded")
    MRV_VERIFIED = "mrv_verified", _("An MRV result is verified")
    JOIN_REQUESTED = "join_requested", _("An organisation applies to join")
    JOIN_DECIDED = "join_decided", _("A join request is decided")
    QUESTION_ASKED = "question_asked", _("A question is asked to a regional helpdesk")
    QUESTION_ANSWERED = "question_answered", _("A helpdesk question is answered")
    GROUP_POST = "group_post", _("A message is posted in a working group")
    EVENT_REGISTRATION = "event_registration", _("A registration for an event")
    CONTRIBUTION_SUBMITTED = "contribution_submitted", _("A case study or document is submitted")
    CONTRIBUTION_DECIDED = "contribution_decided", _("A submitted case study or document is decided")


class Notification(models.Model):
    """One user's notice of one event. ``params`` hold the names it mentions (project, organisation, who),
    as they were then; the sentence is written when shown, in the reader's language (``messages``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(_("details"), default=dict, blank=True)
    #: The page it is about, as an English path (no language prefix): shown in the reader's language.
    url = models.CharField(_("page"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        from fourpermille.web.notifications.messages import text

        return text(self)


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("in the platform"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"
