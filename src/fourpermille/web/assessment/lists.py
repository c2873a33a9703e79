"""The assessment queue's filters (stage, reviewer, text), sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fourpermille.web.assessment.models import Assessment
from fourpermille.web.core import roles
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.projects.models import ProjectStatus

ALL = _("All")


def reviewer_name(user) -> str:
    return user.get_full_name() or user.get_username()


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

    class Meta:
        model = Assessment
        fields = ["q", "stage", "reviewer"]

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
            del self.filters["reviewer"]
            self.form.fields.pop("reviewer", None)


SORT_FIELDS = {
    "project": ("project__title",),
    "organisation": ("project__organisation__name", "project__title"),
    "stage": ("project__status", "project__title"),
    "framework": ("framework__version", "project__title"),
    "updated": ("updated_at",),
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
