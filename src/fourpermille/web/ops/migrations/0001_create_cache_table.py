"""The database cache table of the production settings (login throttle, dashboard figures shared by every
gunicorn worker), created here so that ``migrate`` is the only set-up step: no ``createcachetable``.

It is created whatever the current CACHES setting, so a database first migrated under the development
settings (local-memory cache) serves the production settings too. Django's own ``createcachetable`` code
makes it, so its layout is exactly the one ``DatabaseCache`` expects.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from fourpermille.web.ops import CACHE_TABLE


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    if CACHE_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
