from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fourpermille.web.events.models import Event, EventFormat

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class EventForm(forms.ModelForm):
    """Times are entered in the platform's time zone (shown beside the fields) and stored aware."""

    online_link = forms.URLField(
        label=capfirst(Event._meta.get_field("online_link").verbose_name),
        help_text=Event._meta.get_field("online_link").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "region",
            "format",
            "start",
            "end",
            "location",
            "online_link",
            "capacity",
            "organisers",
            "agenda",
        ]
        widgets = {
            "start": DateTimeLocalInput(),
            "end": DateTimeLocalInput(),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "organisers": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("start", "end"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
            self.fields[name].help_text = _("Time zone: %(zone)s.") % {"zone": zone}
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["organisers"].queryset = users
        self.fields["organisers"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        fmt = cleaned.get("format")
        if fmt in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not cleaned.get("location"):
            self.add_error("location", _("Give the venue of an in-person or hybrid event."))
        if fmt in (EventFormat.ONLINE, EventFormat.HYBRID) and not cleaned.get("online_link"):
            self.add_error("online_link", _("Give the link of an online or hybrid event."))
        return cleaned
