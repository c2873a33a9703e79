from django import template

from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import MrvRecord

register = template.Library()


@register.inclusion_tag("estimates/project_section.html", takes_context=True)
def project_estimates(context, project):
    """The ex-ante estimate (or what is missing for it) and the MRV results of ``project``."""
    user = context["request"].user
    record = services.ex_ante_record(project)
    records = list(MrvRecord.objects.filter(project=project).defer("report_html", "report_pdf"))
    rows = services.readable_results(records)
    results = [result for _r, result, _why in rows if result is not None]
    return {
        "project": project,
        "record": record,
        "estimate": services.ex_ante_provider(project),
        "sites": (record.result or {}).get("sites", []),
        "left_out": (record.result or {}).get("left_out", []),
        "mrv": rows,
        "mrv_results": results,
        "can_upload": user.has_perm("estimates.add_mrvrecord", MrvRecord(project=project)),
    }
