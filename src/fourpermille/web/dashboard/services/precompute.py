"""The figures most dashboard requests ask for, computed when the data change rather than inside a GET.

After every committed change (``services.cache.bump``), the public and unfiltered tables of the progress
page (``/dashboard/``) and of the SOC monitoring page (``/dashboard/soc/``), which are also the unfiltered
API answers, are computed in every language and stored in the cache under the new data version, with the
same keys as a request would use (the same filter forms, the same audience). Filtered views, and views
for signed-in editors, reviewers and the secretariat, are computed by their first request and cached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import translation

from fourpermille.web.dashboard.api import (
    MONITORING_CHARTS,
    monitoring_filter,
    monitoring_table,
    progress_filter,
    progress_table,
)
from fourpermille.web.dashboard.services import progress


def precompute_public_figures() -> int:
    """Compute and cache the public unfiltered figures in every language; return how many tables."""
    count = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            f, form = progress_filter(QueryDict())
            for chart in progress.CHARTS:
                progress_table(chart, f, form.cleaned_data)
                count += 1
            m, form = monitoring_filter(QueryDict(), AnonymousUser())
            for chart in MONITORING_CHARTS:
                monitoring_table(chart, m, form.cleaned_data)
                count += 1
    return count
