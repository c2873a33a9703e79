"""``{% published_case_studies project as studies %}``: the published case studies of a project (for the
project page's include ``resources/_project_case_studies.html``)."""

from django import template

from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus

register = template.Library()


@register.simple_tag
def published_case_studies(project):
    return (
        CaseStudy.objects.filter(project=project, status=CaseStudyStatus.PUBLISHED)
        .select_related("organisation")
        .order_by("-year", "title")
    )
