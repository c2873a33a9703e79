from django.core.management.base import BaseCommand

from fourpermille.web.registry.demo import load_demo_registry


class Command(BaseCommand):
    help = "Issue the demo's verified MRV results in the registry (labelled demo) and retire a part."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo registry: {load_demo_registry()} issuance(s) made.")
