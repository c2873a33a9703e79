"""Running the platform for real: the database cache table (created by ``migrate``), structured request
and error logs, and the ``backup`` / ``restore`` commands. Holds no domain data of its own."""

#: The database cache table (production settings' CACHES); created by this app's first migration.
CACHE_TABLE = "fourpermille_cache"
