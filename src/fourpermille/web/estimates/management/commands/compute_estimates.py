from django.core.management.base import BaseCommand

from fourpermille.web.estimates import services
from fourpermille.web.estimates.demo import compute_demo_estimates, load_demo_exante, load_demo_mrv


class Command(BaseCommand):
    help = (
        "Compute the ex-ante estimate of every project (with --stale, only of those whose record is missing, "
        "stale or failed); with --demo-mrv, add the demo MRV results and the demo project's climate and "
        "scenarios (once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-mrv",
            action="store_true",
            help="Add the demo MRV results and the demo ex-ante inputs (climate, scenarios).",
        )
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Only projects without a current record (never computed, stale, or failed).",
        )

    def handle(self, *args, **options):
        added = load_demo_mrv() if options["demo_mrv"] else 0
        if options["demo_mrv"] and load_demo_exante():
            self.stdout.write("Demo ex-ante inputs added: a site climate and four scenarios.")
        if options["stale"]:
            n = services.compute_ex_ante_many(services.stale_projects())
        else:
            n = compute_demo_estimates()
        self.stdout.write(f"Ex-ante estimates computed for {n} projects; {added} demo MRV results added.")
