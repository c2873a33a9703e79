"""Forget a project's stored ex-ante estimate when what it was computed from changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from fourpermille.web.estimates.services import forget_ex_ante
from fourpermille.web.projects.models import Project, Site


@receiver(post_save, sender=Project)
def project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        forget_ex_ante(instance.pk)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        forget_ex_ante(instance.project_id)


@receiver(m2m_changed, sender=Project.practices.through)
def practices_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Project):
        forget_ex_ante(instance.pk)
    else:  # a practice's projects changed
        ids = pk_set if pk_set is not None else instance.projects.values_list("pk", flat=True)
        for pk in ids:
            forget_ex_ante(pk)
