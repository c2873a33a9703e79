"""The helpdesk lists' filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.helpdesk import kpis
from fourpermille.web.helpdesk.models import Desk, Question, QuestionStatus

ALL = _("All")


class DeskFilter(django_filters.FilterSet):
    active = django_filters.ChoiceFilter(
        choices=[("1", _("Active (KPI B3)"))],
        method="filter_active",
        label=_("Activity"),
        empty_label=ALL,
    )

    class Meta:
        model = Desk
        fields = ["active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(pk__in=kpis.active_desks().values("pk")) if value == "1" else queryset


#: Age of a question (since it was asked): key -> (label, youngest [days], oldest [days] or None).
AGES = {
    "week": (_("Less than a week"), 0, 7),
    "month": (_("1 week to 1 month"), 7, 30),
    "older": (_("More than a month"), 30, None),
}


class QuestionFilter(SearchFilterSet):
    search_fields = ("title", "body", "country")
    desk = django_filters.ChoiceFilter(
        field_name="desk__region", choices=Region.choices, label=_("Helpdesk"), empty_label=ALL
    )
    status = django_filters.ChoiceFilter(choices=QuestionStatus.choices, label=_("Status"), empty_label=ALL)
    age = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _y, _o) in AGES.items()],
        method="filter_age",
        label=_("Asked"),
        empty_label=ALL,
    )
    country = django_filters.CharFilter(lookup_expr="icontains", label=_("Country"), max_length=100)

    class Meta:
        model = Question
        fields = ["q", "desk", "status", "age", "country"]

    def filter_age(self, queryset, name, value):
        if value not in AGES:
            return queryset
        _label, youngest, oldest = AGES[value]
        now = timezone.now()
        queryset = queryset.filter(created_at__lte=now - dt.timedelta(days=youngest))
        if oldest is not None:
            queryset = queryset.filter(created_at__gt=now - dt.timedelta(days=oldest))
        return queryset


class FaqFilter(SearchFilterSet):
    """Text search over the question and its answers."""

    region = django_filters.ChoiceFilter(
        field_name="desk__region", choices=Region.choices, label=_("Region"), empty_label=ALL
    )

    class Meta:
        model = Question
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        matches = (
            Q(title__icontains=value)
            | Q(body__icontains=value)
            | Q(country__icontains=value)
            | Q(messages__body__icontains=value)
        )
        return queryset.filter(pk__in=Question.objects.filter(matches).values("pk"))


SORT_FIELDS = {
    "asked": ("created_at",),
    "title": ("title",),
    "desk": ("desk__region", "-created_at"),
    "country": ("country", "-created_at"),
    "status": ("status", "-created_at"),
}

EXPORT_COLUMNS = [
    Column(_("Asked"), "created_at"),
    Column(_("Helpdesk"), "desk.get_region_display"),
    Column(_("Title"), "title"),
    Column(_("Country"), "country"),
    Column(_("Status"), "get_status_display"),
    Column(_("Last answered"), "answered_at"),
    Column(_("Closed"), "closed_at"),
    Column(_("Practices concerned"), lambda q: "; ".join(p.display_name for p in q.practices.all())),
    Column(_("Publishing allowed"), "allow_publishing"),
    Column(_("In the public FAQ"), "in_faq"),
    Column(_("Demo data"), "is_demo"),
]
