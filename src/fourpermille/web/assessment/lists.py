"""The assessment queue's filters (stage, reviewer, text), sort keys and download columns (core.lists)."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fourpermille.web.assessment.models import Assessment
from fourpermille.web.core import roles
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.projects.models import ProjectStatus

ALL = _("All")


def reviewer_name(user) -> str:
    return user.get_full_name() or user.get_username()


#: The queue's age filter: days a project has waited in its current stage.
AGE_CHOICES = [
    ("7", _("Waiting more than 7 days")),
    ("30", _("Waiting more than 30 days")),
    ("90", _("Waiting more than 90 days")),
]


def with_stage_since(queryset):
    """Annotate ``stage_since``: when the project entered its current stage (its latest workflow event;
    its creation if it has none)."""
    return queryset.annotate(stage_since=Coalesce(Max("project__events__at"), "project__created_at"))


class AssessmentFilter(SearchFilterSet):
    search_fields = ("project__title", "project__organisation__name")
    stage = django_filters.ChoiceFilter(
        field_name="project__status", choices=ProjectStatus.choices, label=_("Stage"), empty_label=ALL
    )
    reviewer = django_filters.ModelChoiceFilter(
        field_name="assignments__reviewer",
        queryset=get_user_model().objects.none(),
        label=_("Reviewer"),
        empty_label=ALL,
        distinct=True,
    )

    unassigned = django_filters.ChoiceFilter(
        label=_("Reviewer assigned"),
        choices=[("no", _("No reviewer assigned")), ("yes", _("A reviewer assigned"))],
        method="by_assignment",
        empty_label=ALL,
    )
    age = django_filters.ChoiceFilter(
        label=_("Age in stage"), choices=AGE_CHOICES, method="waiting_longer", empty_label=ALL
    )

    class Meta:
        model = Assessment
        fields = ["q", "stage", "reviewer", "unassigned", "age"]

    def by_assignment(self, queryset, name, value):
        return queryset.filter(assignments__isnull=(value == "no")).distinct()

    def waiting_longer(self, queryset, name, value):
        cutoff = timezone.now() - timedelta(days=int(value))
        return with_stage_since(queryset).filter(stage_since__lt=cutoff)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if roles.is_secretariat(user):
            field = self.filters["reviewer"]
            field.queryset = (
                get_user_model().objects.filter(groups__name=roles.REVIEWER).order_by("username").distinct()
            )
            self.form.fields["reviewer"].queryset = field.queryset
            self.form.fields["reviewer"].label_from_instance = reviewer_name
        else:  # a reviewer's list is their own assignments
            for name in ("reviewer", "unassigned"):
                del self.filters[name]
                self.form.fields.pop(name, None)


SORT_FIELDS = {
    "project": ("project__title",),
    "organisation": ("project__organisation__name", "project__title"),
    "stage": ("project__status", "project__title"),
    "framework": ("framework__version", "project__title"),
    "updated": ("updated_at",),
    "age": ("stage_since",),
}


def reviewers(assessment) -> str:
    return "; ".join(reviewer_name(a.reviewer) for a in assessment.assignments.all())


EXPORT_COLUMNS = [
    Column(_("Project"), "project.title"),
    Column(_("Organisation"), "project.organisation.name"),
    Column(_("Stage"), "project.get_status_display"),
    Column(_("Framework version"), "framework.version"),
    Column(_("Reviewers"), reviewers),
    Column(_("Recommendation"), "get_recommendation_display"),
    Column(_("Last change"), "updated_at"),
    Column(_("Completed"), "completed_at"),
]
