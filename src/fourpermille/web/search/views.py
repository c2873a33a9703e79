"""The global search page: every kind's first hits, or one kind's hits page by page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from fourpermille.web.search.services import KINDS, MAX_QUERY_LENGTH, find, kind_of, words_of

#: Hits shown per kind on the overview, and per page when one kind is chosen.
OVERVIEW_HITS = 5
PAGE_SIZE = 20


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        chosen = kind_of(self.request.GET.get("type"))
        user = self.request.user
        groups = []
        for kind in KINDS:
            hits = find(kind, query, user)
            groups.append({"kind": kind, "hits": hits, "count": hits.count()})
        page = None
        if chosen is not None:
            group = next(g for g in groups if g["kind"] == chosen)
            page = Paginator(group["hits"], PAGE_SIZE).get_page(self.request.GET.get("page"))
            group["page"] = page
        else:
            for group in groups:
                group["first"] = list(group["hits"][:OVERVIEW_HITS])
        context.update(
            query=query,
            searched=bool(words_of(query)),
            groups=groups,
            chosen=chosen,
            page_obj=page,
            is_paginated=page is not None and page.paginator.num_pages > 1,
            total=sum(g["count"] for g in groups),
        )
        return context
