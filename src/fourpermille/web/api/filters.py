"""The API's filters: a related record is filtered by its id as a plain integer, so an unknown id gives
an empty page (django-filter's default, a choice among existing records, answers 400 for it)."""

from __future__ import annotations

from django import forms
from django.db import models
from django_filters import rest_framework as filters

#: Ids are 64-bit signed integers in every database the platform runs on.
ID_RANGE = (-(2**63), 2**63 - 1)


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", ID_RANGE[0])
        kwargs.setdefault("max_value", ID_RANGE[1])
        super().__init__(*args, **kwargs)


class IdFilter(filters.Filter):
    """A related record by its id: any 64-bit integer; an unknown id matches nothing."""

    field_class = IdField


class IdFilterSet(filters.FilterSet):
    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }


class FilterBackend(filters.DjangoFilterBackend):
    filterset_base = IdFilterSet
