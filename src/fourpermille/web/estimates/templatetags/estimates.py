from django import template

from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import MrvRecord

register = template.Library()


@register.inclusion_tag("estimates/project_section.html", takes_context=True)
def project_estimates(context, project):
    """The ex-ante estimate (or what is missing for it) and the MRV results of ``project``."""
    user = context["request"].user
    record = services.ex_ante_record(project)  # stored when the project changed; never computed here
    result = (record.result or {}) if record is not None and record.status == "ok" else {}
    records = list(MrvRecord.objects.filter(project=project).defer("report_html", "report_pdf"))
    rows = services.readable_results(records)
    mrv_results = [mrv for _r, mrv, _why in rows if mrv is not None]
    return {
        "project": project,
        "record": record,
        "estimate": services.ex_ante_provider(project),
        "sites": result.get("sites", []),
        "left_out": result.get("left_out", []),
        "scenario_summary": result.get("scenario_summary"),
        "missing": [services.reason_text(r) for r in (record.missing if record is not None else [])],
        "mrv": rows,
        "mrv_results": mrv_results,
        "can_upload": user.has_perm("estimates.add_mrvrecord", MrvRecord(project=project)),
        "can_verify": user.has_perm("estimates.verify_mrvrecord", MrvRecord(project=project)),
    }


@register.inclusion_tag("estimates/site_block.html", takes_context=True)
def site_climate(context, site):
    """A site's climate for RothC (or a link to give it) on the site page."""
    from fourpermille.web.estimates.models import SiteClimate

    climate = SiteClimate.objects.filter(site=site).first()
    user = context["request"].user
    return {
        "site": site,
        "climate": climate,
        "can_edit": user.has_perm("estimates.change_siteclimate", SiteClimate(site=site)),
    }


@register.inclusion_tag("estimates/dashboard_card.html", takes_context=True)
def exante_dashboard_card(context, project):
    """The project dashboard's card of the complete assessment: the scenarios ranked by the 4 per 1000 gap
    with their balance by gas (stored record; never computed here)."""
    context_data = services.estimate_page(project, context["request"].user)
    return {**context_data, "request": context["request"]}
