"""Keep the dashboard summaries in step with the measurements: after an upload is committed (its rows are
bulk-created inside the same transaction, hence ``on_commit``), after an observation's date is corrected,
and after an upload or observation is deleted; the summaries' copies of project and site attributes
follow every save of a project (workflow transitions included) or site; and every change the dashboards
show raises the data version that keys their cached figures (``services.cache``). Bulk loads that bypass
signals call ``services.stocks.refresh_all`` (which raises the version).

A refresh runs after the upload has committed, so it must never fail the request that stored it: it is
retried when the database is busy (SQLite's "database is locked", a concurrent insert of the same site
summary) and, if it still fails, logged; ``manage.py repair_dashboard_summaries`` rebuilds whatever is
missing (the production guide runs it at start)."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services.cache import bump
from fourpermille.web.estimates.models import ex_ante_records_stored
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.projects.models import Project, Site

logger = logging.getLogger(__name__)

#: Waits between attempts of a summary refresh [s]: about 3 s in all, beyond SQLite's busy timeout.
RETRY_WAITS_S = (0.05, 0.2, 0.5, 1.0, 1.5)


def refresh_after_commit(refresh, object_id: int, what: str) -> None:
    """``refresh(object_id)``, retried while the database is busy; a last failure is logged, not raised.

    Runs from ``on_commit``: each attempt is its own transaction (a savepoint inside a test's transaction),
    ``refresh`` being atomic, so a failed attempt leaves nothing behind.
    """
    for attempt, wait in enumerate((*RETRY_WAITS_S, None), start=1):
        try:
            refresh(object_id)
            return
        except DatabaseError as exc:
            if wait is None:
                logger.error(
                    "dashboard summary of %s %s not refreshed after %d attempts (%s); "
                    "run `repair_dashboard_summaries`",
                    what,
                    object_id,
                    attempt,
                    exc,
                )
                return
            logger.warning("dashboard summary of %s %s: %s; retrying", what, object_id, exc)
            time.sleep(wait)


def missing_summaries() -> tuple[list[int], list[int]]:
    """(uploads with soil measurements but no observation, sites with observations but no summary).

    An upload whose profiles yield no stock (all too shallow) legitimately has no observation; it is
    listed too and its refresh changes nothing.
    """
    from fourpermille.web.monitoring.models import SoilMeasurement

    uploads = list(
        MeasurementUpload.objects.filter(stock_observation__isnull=True)
        .filter(pk__in=SoilMeasurement.objects.values("upload_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sites = list(
        StockObservation.objects.filter(site__soc__isnull=True)
        .order_by("site_id")
        .values_list("site_id", flat=True)
        .distinct()
    )
    return uploads, sites


@receiver(post_save, sender=MeasurementUpload, dispatch_uid="dashboard-upload-saved")
def upload_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from fourpermille.web.dashboard.services.stocks import refresh_upload

    upload_id = instance.pk
    transaction.on_commit(lambda: refresh_after_commit(refresh_upload, upload_id, "upload"), robust=True)


@receiver(post_save, sender=StockObservation, dispatch_uid="dashboard-observation-saved")
@receiver(post_delete, sender=StockObservation, dispatch_uid="dashboard-observation-deleted")
def observation_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from fourpermille.web.dashboard.services.stocks import refresh_site

    site_id = instance.site_id
    transaction.on_commit(lambda: refresh_after_commit(refresh_site, site_id, "site"), robust=True)


@receiver(post_save, sender=Project, dispatch_uid="dashboard-project-saved")
def project_saved(sender, instance, raw=False, **kwargs):
    """A workflow transition or an edit: the site summaries' copies of status and region follow."""
    if raw:
        return
    SiteSoc.objects.filter(site__project_id=instance.pk).update(
        project_status=instance.status, region=instance.region
    )


@receiver(post_save, sender=Site, dispatch_uid="dashboard-site-saved")
def site_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from fourpermille.web.dashboard.services.stocks import site_attributes

    attributes = site_attributes([instance.pk]).get(instance.pk)
    if attributes:
        SiteSoc.objects.filter(site_id=instance.pk).update(**attributes)


def _bump(sender, raw=False, **kwargs):
    if raw:
        return
    bump()


def _connect_version_bumps():
    """Every model whose records the dashboards show raises the data version when saved or deleted."""
    from fourpermille.web.commitments.models import Commitment
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.resources.models import Practice
    from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective

    for model in (
        Organisation,
        Commitment,
        Project,
        Site,
        MeasurementUpload,
        StockObservation,
        Practice,
        RoadmapObjective,
        KpiValue,
    ):
        post_save.connect(_bump, sender=model, dispatch_uid=f"dashboard-version-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"dashboard-version-delete-{model.__name__}")
    m2m_changed.connect(_bump, sender=Project.practices.through, dispatch_uid="dashboard-version-practices")


_connect_version_bumps()


@receiver(ex_ante_records_stored, dispatch_uid="dashboard-ex-ante-records-stored")
def ex_ante_records_stored_in_bulk(sender, **kwargs):
    """The progress dashboard shows the mean expected change by region: its cached figures are stale."""
    bump()
