"""Keep a project's stored ex-ante estimate current: when the project, a site or its practices change, the
record is marked stale in the same transaction and recomputed once it commits (``services.mark_stale``).
No page ever computes it."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from fourpermille.web.estimates.models import EstimateOptions, Scenario, ScenarioPractice, SiteClimate
from fourpermille.web.estimates.services import mark_stale
from fourpermille.web.monitoring.models import MeasurementUpload
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


# The complete assessment's inputs: a site's climate, the scenarios and their practices, and the measured
# stocks (a new upload's 0-30 cm stock is the site's baseline). Deletions never create a record (cascade).


@receiver(post_save, sender=SiteClimate, dispatch_uid="estimates-climate-saved")
@receiver(post_save, sender=MeasurementUpload, dispatch_uid="estimates-upload-saved")
def site_input_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([Site.objects.filter(pk=instance.site_id).values_list("project_id", flat=True).get()])


@receiver(post_delete, sender=SiteClimate, dispatch_uid="estimates-climate-deleted")
@receiver(post_delete, sender=MeasurementUpload, dispatch_uid="estimates-upload-deleted")
def site_input_deleted(sender, instance, **kwargs):
    project_ids = list(Site.objects.filter(pk=instance.site_id).values_list("project_id", flat=True))
    mark_stale(project_ids, create=False)


@receiver(post_save, sender=EstimateOptions, dispatch_uid="estimates-options-saved")
@receiver(post_save, sender=Scenario, dispatch_uid="estimates-scenario-saved")
def scenario_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale([instance.project_id])


@receiver(post_delete, sender=Scenario, dispatch_uid="estimates-scenario-deleted")
def scenario_deleted(sender, instance, **kwargs):
    mark_stale([instance.project_id], create=False)


def _scenario_projects(scenario_id) -> list[int]:
    return list(Scenario.objects.filter(pk=scenario_id).values_list("project_id", flat=True))


@receiver(post_save, sender=ScenarioPractice, dispatch_uid="estimates-scenario-practice-saved")
def scenario_practice_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_stale(_scenario_projects(instance.scenario_id))


@receiver(post_delete, sender=ScenarioPractice, dispatch_uid="estimates-scenario-practice-deleted")
def scenario_practice_deleted(sender, instance, **kwargs):
    mark_stale(_scenario_projects(instance.scenario_id), create=False)
