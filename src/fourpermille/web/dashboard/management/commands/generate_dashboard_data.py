"""Generate the dashboard benchmark volume (default 10,000 projects, 50,000 sites, 1,000,000 soil
measurements) into the configured database. With PostgreSQL, ``--create-database`` first creates the
database named in DATABASE_URL (e.g. fourpermille_bench) if it does not exist, then migrates it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fourpermille_bench \\
        python -m fourpermille.web generate_dashboard_data --create-database
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from fourpermille.web.dashboard.generate import generate, generated


def create_postgres_database() -> bool:
    """Create the PostgreSQL database of the default connection if missing. True if it was created."""
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    params = {
        "host": settings.get("HOST") or "127.0.0.1",
        "port": settings.get("PORT") or 5432,
        "user": settings.get("USER") or "postgres",
        "dbname": "postgres",
        "autocommit": True,
    }
    if settings.get("PASSWORD"):
        params["password"] = settings["PASSWORD"]
    with psycopg.connect(**params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
        return not exists


class Command(BaseCommand):
    help = "Generate the dashboard benchmark volume (projects, sites, soil measurements) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument("--sites", type=int, default=50_000)
        parser.add_argument("--measurements", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--create-database", action="store_true", help="PostgreSQL: create the database, then migrate."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when generated projects already exist."
        )

    def handle(self, *args, **options):
        if min(options["projects"], options["sites"], options["measurements"]) < 1:
            raise CommandError("--projects, --sites and --measurements must be at least 1")
        if options["sites"] < options["projects"]:
            raise CommandError("--sites must be at least --projects (every project has a site)")
        if options["create_database"]:
            if connection.vendor == "postgresql":
                if create_postgres_database():
                    self.stdout.write(f"Created database {connection.settings_dict['NAME']}.")
            call_command("migrate", verbosity=0, interactive=False)
        if options["if_empty"] and generated():
            self.stdout.write(f"{generated()} generated projects already present: nothing to do.")
            return
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        ) as progress:
            tasks = {}

            def report(step, done, total):
                if step not in tasks:
                    tasks[step] = progress.add_task(step, total=total)
                progress.update(tasks[step], completed=done)

            counts = generate(
                options["projects"], options["sites"], options["measurements"], options["seed"], report
            )
        if connection.vendor == "postgresql":
            # the planner's statistics of the bulk-loaded tables: without them PostgreSQL guessed a few
            # rows where there are hundreds of thousands and chose plans 100x slower (issue 17)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(", ".join(f"{v:,} {k}" for k, v in counts.items()))
