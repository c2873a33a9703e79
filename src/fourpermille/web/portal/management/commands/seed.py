from django.core.management.base import BaseCommand

from fourpermille.web.portal.seed import seed


class Command(BaseCommand):
    help = "Load the reference data (practices, roadmap objectives, default criteria framework, role groups)."

    def handle(self, *args, **options):
        created = seed()
        self.stdout.write(", ".join(f"{k}: {v} created" for k, v in created.items()))
