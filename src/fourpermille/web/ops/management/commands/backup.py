import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand

from fourpermille.web.ops.backup import backup


class Command(BaseCommand):
    help = (
        "Back up every record of the database and every stored (uploaded) file into one .tar.gz archive "
        "that `restore` loads into an empty database of any vendor. Run it from cron; keep copies elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: var/backups/fourpermille-<UTC time>.tar.gz)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive=None, database="default", **options):
        from django.conf import settings

        if archive is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            archive = Path(settings.VAR_DIR) / "backups" / f"fourpermille-{stamp}.tar.gz"
        path = Path(archive)
        path.parent.mkdir(parents=True, exist_ok=True)
        summary = backup(path, database=database)
        self.stdout.write(f"Backed up {summary.records} records and {summary.files} files to {summary.path}")
