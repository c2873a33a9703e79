from django.core.management.base import BaseCommand

from fourpermille.web.dashboard.services.stocks import refresh_all, refresh_site, refresh_upload
from fourpermille.web.dashboard.signals import missing_summaries


class Command(BaseCommand):
    help = (
        "Rebuild the dashboard summaries a failed after-commit refresh left missing: uploads with soil "
        "measurements but no SOC observation, sites with observations but no summary. --all rebuilds every "
        "summary. Safe to run at any time (the production start runs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every observation and site summary")

    def handle(self, *args, all=False, **options):
        if all:
            observations, sites = refresh_all()
            self.stdout.write(f"Rebuilt {observations} observations and {sites} site summaries.")
            return
        uploads, sites = missing_summaries()
        for upload_id in uploads:
            refresh_upload(upload_id)
        for site_id in sites:
            refresh_site(site_id)
        self.stdout.write(f"Refreshed {len(uploads)} uploads and {len(sites)} sites missing a summary.")
