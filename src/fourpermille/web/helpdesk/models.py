"""Regional helpdesks (roadmap objective B3): one desk per region of the initiative, its experts, the
questions members and land managers ask it, and the answers.

A question is ``open`` until an expert answers it (``answered``); the asker or an expert closes it
(``closed``); the asker may reopen it with a follow-up (``open`` again). ``helpdesk.workflow`` is the only
code that moves a question; ``helpdesk.rules`` says who may.

Privacy: a question is seen by its asker, its desk's experts and the secretariat. It becomes public (in the
FAQ, without the asker's name) only when the asker allowed publishing, it has an answer and an expert
marked it for the FAQ."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.community.models import Region
from fourpermille.web.core import roles
from fourpermille.web.core.models import DemoFlag, TimeStamped
from fourpermille.web.resources.models import Practice


class Desk(TimeStamped):
    """The helpdesk of one region (created for every region by a migration)."""

    region = models.CharField(_("region"), max_length=20, choices=Region.choices, unique=True)
    active = models.BooleanField(
        _("open to questions"), default=True, help_text=_("A closed desk takes no new questions.")
    )
    description = models.TextField(_("description"), blank=True)
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="helpdesk_desks", verbose_name=_("experts")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region"]
        verbose_name = _("helpdesk")
        verbose_name_plural = _("helpdesks")

    def __str__(self) -> str:
        return str(self.get_region_display())

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:desk-detail", args=[self.region])

    def active_experts(self):
        return self.experts.filter(is_active=True).order_by("last_name", "first_name", "username")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class QuestionQuerySet(models.QuerySet):
    def in_faq(self):
        """The public FAQ: answered or closed, allowed by the asker, chosen by an expert."""
        return self.filter(
            allow_publishing=True,
            in_faq=True,
            status__in=[QuestionStatus.ANSWERED, QuestionStatus.CLOSED],
        )

    def visible_to(self, user):
        """The questions ``user`` may read in full: their own, their desks', all for the secretariat."""
        if roles.is_secretariat(user):
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(asker=user) | Q(desk__experts=user, desk__experts__is_active=True)).distinct()


class Question(TimeStamped, DemoFlag):
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="questions", verbose_name=_("helpdesk")
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helpdesk_questions",
        verbose_name=_("asked by"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("question"))
    country = models.CharField(_("country"), max_length=100)
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="helpdesk_questions", verbose_name=_("practices concerned")
    )
    allow_publishing = models.BooleanField(
        _("I allow publishing this question and its answers in the public FAQ"),
        default=False,
        help_text=_("Your name is never shown in the FAQ."),
    )
    in_faq = models.BooleanField(_("in the public FAQ"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:question-detail", args=[self.pk])

    def get_faq_url(self) -> str:
        return reverse("helpdesk:faq-detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return (
            self.allow_publishing
            and self.in_faq
            and self.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)
        )


class MessageKind(models.TextChoices):
    ANSWER = "answer", _("Answer")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Message(TimeStamped, DemoFlag):
    """An answer (by an expert of the desk or the secretariat) or the asker's follow-up."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    body = models.TextField(_("text"))
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="helpdesk_answers", verbose_name=_("practices cited")
    )
    documents = models.ManyToManyField(
        "library.Document",
        blank=True,
        related_name="helpdesk_answers",
        verbose_name=_("library documents cited"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.question}"
