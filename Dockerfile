# The platform for production: gunicorn + the production settings; PostgreSQL from docker-compose.yml.
# docs/guide/platform.md ("Production") says how to run, back up and restore it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=fourpermille.web.settings.production \
    FOURPERMILLE_VAR=/var/lib/fourpermille \
    FOURPERMILLE_STATIC_ROOT=/app/static

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
RUN pip install --no-cache-dir -c constraints.txt ".[web]"

# Static files are collected into the image (whitenoise serves them); the development settings are
# enough for that and need neither a secret key nor a database.
RUN DJANGO_SETTINGS_MODULE=fourpermille.web.settings.development \
    python -m fourpermille.web collectstatic --noinput -v0

COPY deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN useradd --system --home /var/lib/fourpermille fourpermille \
    && mkdir -p /var/lib/fourpermille/media /var/lib/fourpermille/backups \
    && chown -R fourpermille /var/lib/fourpermille
USER fourpermille
VOLUME /var/lib/fourpermille
EXPOSE 8000
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["serve"]
