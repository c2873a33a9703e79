from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fourpermille.errors import InputError
from fourpermille.web.ops.backup import restore


class Command(BaseCommand):
    help = (
        "Restore a `backup` archive into an EMPTY database (run `migrate` first, with the platform version "
        "that made the backup): every record in one transaction, then the stored files. A database that "
        "holds records, or a file that exists with other content, is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database="default", **options):
        try:
            summary = restore(Path(archive), database=database)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {summary.records} records and {summary.files} files from {archive}")
