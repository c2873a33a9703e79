"""List pages: filtered, sorted, paginated, and downloaded as CSV or Excel from the same query.

A list view mixes in ``ListPageMixin`` and states its filters (a django-filter ``FilterSet``), the columns
people may sort by and the columns of the download. The page and the download come from one queryset: what
the page shows (all pages of it) is what the file holds.

    class OrganisationList(ListPageMixin, ListView):
        filterset_class = OrganisationFilter
        sort_fields = {"name": ("name",), "country": ("country", "name")}
        default_sort = "name"
        export_name = "organisations"
        export_columns = [Column(_("Name"), "name"), Column(_("Type"), "get_type_display")]

``?sort=-country`` sorts descending; ``?format=csv`` or ``?format=xlsx`` downloads; ``?page=2`` pages.
Files go through ``io.spreadsheet`` (text that would run as a formula is neutralised in CSV and stored as
text in XLSX).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import django_filters
from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fourpermille.io.spreadsheet import write_csv, write_xlsx

#: Rows per page of every list.
PAGE_SIZE = 25
#: Download formats: name -> (content type, file extension).
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
#: Longest search text taken from the query string [characters].
MAX_QUERY = 100


@dataclass(frozen=True)
class Column:
    """One column of a download: its heading (with the unit in brackets) and how to read a row's value,
    either an attribute path (``"organisation.name"``; a method is called) or a function of the row."""

    header: Any
    value: str | Callable[[Any], Any]

    def read(self, obj) -> Any:
        if callable(self.value):
            return self.value(obj)
        result = attrgetter(self.value)(obj)
        return result() if callable(result) else result


def cell(value) -> Any:
    """A value as a spreadsheet cell: lazy translations as text, aware times in the server's zone, whole
    floats as integers."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a count stored as a float reads 196, not 196.0
    if isinstance(value, (str, int, float, dt.date)) or value is None:
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return value
    return str(value)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text box ``q`` over ``search_fields`` (case-insensitive, any of them)."""

    search_fields: Sequence[str] = ()
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=MAX_QUERY)

    def search(self, queryset, name, value):
        value = value.strip()[:MAX_QUERY]
        if not value or not self.search_fields:
            return queryset
        from django.db.models import Q

        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition).distinct()


class ListPageMixin:
    """Filters (``filterset_class``), sorting (``sort_fields``), pages and downloads for a ``ListView``."""

    paginate_by = PAGE_SIZE
    filterset_class: type[django_filters.FilterSet] | None = None
    #: sort key (in ``?sort=``) -> the order_by fields it stands for (ascending)
    sort_fields: dict[str, Sequence[str]] = {}
    default_sort = ""
    export_name = "list"
    export_columns: Sequence[Column] = ()

    def get_base_queryset(self):
        """The rows this user may see, before filters and sorting (views override)."""
        return super().get_queryset()

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        data = self.request.GET.copy()
        for key in ("sort", "page", "format"):
            data.pop(key, None)
        return self.filterset_class(data or None, queryset=queryset, request=self.request)

    def current_sort(self) -> str:
        wanted = self.request.GET.get("sort", "")
        return wanted if wanted.lstrip("-") in self.sort_fields else self.default_sort

    def sort_queryset(self, queryset, sort: str):
        if not sort:
            return queryset
        descending = sort.startswith("-")
        fields = self.sort_fields[sort.lstrip("-")]
        order = [f"-{f}" if descending and not f.startswith("-") else f for f in fields]
        return queryset.order_by(*order, "-pk" if descending else "pk")

    def get_queryset(self):
        queryset = self.get_base_queryset()
        self.filterset = self.get_filterset(queryset)
        if self.filterset is not None:
            queryset = self.filterset.qs
        self.sort = self.current_sort()
        return self.sort_queryset(queryset, self.sort)

    def export_format(self) -> str | None:
        wanted = self.request.GET.get("format")
        return wanted if wanted in EXPORT_FORMATS and self.export_columns else None

    def get_paginate_by(self, queryset):
        return None if self.export_format() else super().get_paginate_by(queryset)

    def export_rows(self, rows) -> list[list]:
        return [[cell(column.read(obj)) for column in self.export_columns] for obj in rows]

    def export_response(self, rows, fmt: str) -> HttpResponse:
        header = [str(column.header) for column in self.export_columns]
        body = self.export_rows(rows)
        content_type, extension = EXPORT_FORMATS[fmt]
        if fmt == "csv":
            content = write_csv(header, body).encode("utf-8")
        else:
            content = write_xlsx(header, body, sheet=self.export_name)
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}-{stamp}.{extension}"'
        return response

    def render_to_response(self, context, **kwargs):
        fmt = self.export_format()
        if fmt:
            return self.export_response(context["object_list"], fmt)
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form if getattr(self, "filterset", None) is not None else None
        if form is not None:
            for field in form.fields.values():
                if isinstance(field.widget, forms.Select):
                    field.widget.attrs.setdefault("class", "form-select form-select-sm")
                else:
                    field.widget.attrs.setdefault("class", "form-control form-control-sm")
        paginator = context.get("paginator")
        context.update(
            filter_form=form,
            filtered=bool(form is not None and form.is_bound and any(form.data.get(k) for k in form.fields)),
            sort=self.sort,
            exports=list(EXPORT_FORMATS) if self.export_columns else [],
            result_count=paginator.count if paginator is not None else len(context["object_list"]),
        )
        return context
