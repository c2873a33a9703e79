from django.core.management.base import BaseCommand

from fourpermille.web.dashboard.demo import load_dashboard_demo


class Command(BaseCommand):
    help = (
        "Add the dashboards' demo history once (after load_demo): earlier sampling campaigns of the demo "
        "sites and yearly roadmap KPI values, all invented and labelled as demo."
    )

    def handle(self, *args, **options):
        campaigns, kpis = load_dashboard_demo()
        if not campaigns and not kpis:
            self.stdout.write("Dashboard demo history already loaded.")
        else:
            self.stdout.write(f"Dashboard demo history: {campaigns} sampling campaigns, {kpis} KPI values.")
