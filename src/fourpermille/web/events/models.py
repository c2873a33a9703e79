"""Events of the initiative: regional meetings, webinars, science-practice meetings. People register (and
cancel); the organisers mark who attended once the event has begun. Times are stored aware (UTC)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.models import DemoFlag, TimeStamped


class EventKind(models.TextChoices):
    REGIONAL_MEETING = "regional_meeting", _("Regional meeting")
    WEBINAR = "webinar", _("Webinar")
    SCIENCE_PRACTICE = "science_practice", _("Science-practice meeting")
    OTHER = "other", _("Other")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Event(TimeStamped, DemoFlag):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    region = models.CharField(
        _("region"), max_length=20, choices=Region.choices, blank=True, help_text=_("Empty: a global event.")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    location = models.CharField(_("location"), max_length=300, blank=True, help_text=_("Venue and city."))
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("Shown to the people registered and the organisers only.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places; empty: no limit.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_events", blank=True, verbose_name=_("organisers")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="events_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations.count(), 0)

    def is_full(self) -> bool:
        return self.capacity is not None and self.registrations.count() >= self.capacity


class Registration(TimeStamped):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["event", "user__username"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_one_registration")]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"
