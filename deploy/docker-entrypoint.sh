#!/bin/sh
# The platform's container: `serve` (the default) migrates, seeds the reference data (idempotent),
# rebuilds any missing dashboard summary and runs gunicorn; anything else is a management command
# (`docker compose run --rm platform backup`, `... restore /var/lib/fourpermille/backups/x.tar.gz`).
set -e
if [ "${1:-serve}" = "serve" ]; then
    python -m fourpermille.web migrate --noinput
    python -m fourpermille.web seed
    python -m fourpermille.web repair_dashboard_summaries
    exec gunicorn -c python:fourpermille.web.gunicorn_conf fourpermille.web.wsgi
fi
exec python -m fourpermille.web "$@"
