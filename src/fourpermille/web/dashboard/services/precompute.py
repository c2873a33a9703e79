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
    monitoring_tables,
    progress_filter,
    progress_tables,
)
from fourpermille.web.dashboard.services import progress


def precompute_public_figures() -> int:
    """Compute and cache the public unfiltered figures in every language; return how many tables."""
    count = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            f, form = progress_filter(QueryDict())
            count += len(progress_tables(progress.CHARTS, f, form.cleaned_data))
            m, form = monitoring_filter(QueryDict(), AnonymousUser())
            count += len(monitoring_tables(MONITORING_CHARTS, m, form.cleaned_data))
    return count
