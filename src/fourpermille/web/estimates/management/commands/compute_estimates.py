from django.core.management.base import BaseCommand

from fourpermille.web.estimates.demo import compute_demo_estimates, load_demo_mrv


class Command(BaseCommand):
    help = "Compute the ex-ante estimate of every project; with --demo-mrv, add the demo MRV results (once)."

    def add_arguments(self, parser):
        parser.add_argument("--demo-mrv", action="store_true", help="Add the demo MRV results.")

    def handle(self, *args, **options):
        added = load_demo_mrv() if options["demo_mrv"] else 0
        n = compute_demo_estimates()
        self.stdout.write(f"Ex-ante estimates computed for {n} projects; {added} demo MRV results added.")
