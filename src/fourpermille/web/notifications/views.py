"""The user's notifications (list, open, mark read) and their choices of what to receive, and how."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fourpermille.web.community.forms import PersonSettingsForm
from fourpermille.web.community.models import Person
from fourpermille.web.notifications import services
from fourpermille.web.notifications.messages import AUDIENCE, text
from fourpermille.web.notifications.models import Kind, Notification


@login_required
def notification_list(request):
    queryset = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread") == "1":
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    items = [(n, text(n), services.localised_path(n.url)) for n in page.object_list]
    context = {
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "items": items,
        "unread": services.unread_count(request.user),
    }
    return render(request, "notifications/notification_list.html", context)


@login_required
def notification_open(request, pk):
    """Mark one notification read and go to the page it is about (a link: marking read is harmless)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = services.localised_path(notification.url)
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    n = services.mark_read(request.user)
    messages.success(request, _("%(n)s notifications marked read.") % {"n": n})
    return redirect("notifications:list")


class PreferencesForm(forms.Form):
    """Two boxes per kind: in the platform, by e-mail."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            in_app, email = current[kind.value]
            self.fields[f"{kind.value}-in_app"] = forms.BooleanField(
                label=_("%(kind)s: in the platform") % {"kind": kind.label},
                required=False,
                initial=in_app,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{kind.value}-email"] = forms.BooleanField(
                label=_("%(kind)s: by e-mail") % {"kind": kind.label},
                required=False,
                initial=email,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def rows(self):
        for kind in Kind:
            yield kind, AUDIENCE[kind], self[f"{kind.value}-in_app"], self[f"{kind.value}-email"]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {k: (data[f"{k}-in_app"], data[f"{k}-email"]) for k in Kind.values}


@login_required
def preferences(request):
    person, _created = Person.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, current=services.preferences(request.user))
    language_form = PersonSettingsForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid() and language_form.is_valid():
        services.set_preferences(request.user, form.choices())
        language_form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    context = {"form": form, "language_form": language_form}
    return render(request, "notifications/preferences.html", context)
