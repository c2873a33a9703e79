from django.core.management.base import BaseCommand, CommandError

from fourpermille.web.registry.services import verify


class Command(BaseCommand):
    help = (
        "Recompute the registry's hash chain and check its invariants (issued = held + retired + "
        "cancelled + buffer, no overlapping serials, splits partition their block); exit 1 on any problem."
    )

    def handle(self, *args, **options):
        problems = verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"registry check failed: {len(problems)} problem(s)", returncode=1)
        from fourpermille.web.registry.models import LedgerEntry

        self.stdout.write(f"registry sound: {LedgerEntry.objects.count()} ledger entries verified")
