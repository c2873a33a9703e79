"""Keep a project's stored ex-ante estimate current: when the project, a site or its practices change, the
record is marked stale in the same transaction and recomputed once it commits (``services.mark_stale``).
No page ever computes it."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from fourpermille.web.estimates.services import mark_stale
from fourpermille.web.projects.models import Project, Site


@receiver(post_save, sender=Project, dispatch_uid="estimates-project-saved")
def project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([instance.pk])


@receiver(post_save, sender=Site, dispatch_uid="estimates-site-saved")
def site_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([instance.project_id])


@receiver(post_delete, sender=Site, dispatch_uid="estimates-site-deleted")
def site_deleted(sender, instance, **kwargs):
    # No new record: the site may be going with its project (cascade).
    mark_stale([instance.project_id], create=False)


@receiver(m2m_changed, sender=Project.practices.through, dispatch_uid="estimates-practices-changed")
def practices_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Project):
        mark_stale([instance.pk])
    else:  # a practice's projects changed
        ids = pk_set if pk_set is not None else instance.projects.values_list("pk", flat=True)
        mark_stale(ids)
