"""Backup and restore of the platform: every record of the database and every stored file, in one archive.

The archive (``.tar.gz``) holds ``manifest.json`` (format, date, database vendor, the migrations the data
belongs to, records per model, files with their SHA-256), ``data.exactjson`` (Django's JSON serialisation
with times to the microsecond, natural keys, so it restores into any database vendor: SQLite to
PostgreSQL and back) and ``media/``
(the files of the default storage).

A restore goes into an empty, migrated database of the same migrations, all-or-nothing: the records load
in one transaction and the files are written only once they have loaded. A database that already holds
records is refused, and so is a file that exists with other content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from fourpermille.errors import InputError
from fourpermille.web.ops import exact_json

FORMAT = 1
DATA_FILE = f"data.{exact_json.FORMAT}"
serializers.register_serializer(exact_json.FORMAT, "fourpermille.web.ops.exact_json")
#: Not backed up: rebuilt by ``migrate`` (content types, permissions) or transient (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
#: Records a new database gets from ``migrate`` itself (data migrations): the practice catalogue, the regional
#: helpdesks, the library's topics and reference documents (with their links). The backup holds them too, so
#: a restore replaces them (in this order); any other record makes the database "not empty".
SEEDED_BY_MIGRATIONS = (
    "library.document",
    "library.topic",
    "helpdesk.desk",
    "resources.practice",
)
#: Rows of many-to-many tables that go with the records above.
SEEDED_LINKS = ("library.document_topics", "library.document_practices")


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    records: int
    files: int


def _models():
    """The models a backup holds: every concrete, managed model outside ``EXCLUDED``."""
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED:
            continue
        yield model


def record_counts(database: str = "default") -> dict[str, int]:
    """{app_label.model: number of records} over the backed-up models."""
    return {m._meta.label_lower: m._default_manager.using(database).count() for m in _models()}


def applied_migrations(database: str = "default") -> dict[str, str]:
    """{app label: name of its latest applied migration}."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connections[database]).applied_migrations()):
        latest[app] = max(latest.get(app, name), name)
    return latest


def _storage_files(storage, directory: str = ""):
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # nothing was ever stored: no media directory yet
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _storage_files(storage, f"{directory}/{name}" if directory else name)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path, database: str = "default", storage=None) -> BackupSummary:
    """Write the archive to ``path`` (written beside it first, then renamed: never half an archive)."""
    storage = storage or default_storage
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / DATA_FILE
        call_command(
            "dumpdata",
            format=exact_json.FORMAT,
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            database=database,
            output=str(data),
            verbosity=0,
        )
        counts = record_counts(database)
        files = []
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(data, arcname=DATA_FILE)
            for name in _storage_files(storage):
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                files.append(
                    {"name": name, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
                )
                _add_bytes(archive, f"media/{name}", content)
            manifest = {
                "format": FORMAT,
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database_vendor": connections[database].vendor,
                "migrations": applied_migrations(database),
                "records": counts,
                "files": files,
            }
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        partial.replace(path)
    return BackupSummary(path, sum(counts.values()), len(files))


def _member(archive: tarfile.TarFile, name: str, source: str) -> bytes:
    try:
        handle = archive.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise InputError(f"{name} is missing: not a platform backup", file=source)
    return handle.read()


def _safe_media_name(name: str, source: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise InputError(f"refusing the file name {name!r} (outside the media directory)", file=source)
    return str(path)


def restore(path: Path, database: str = "default", storage=None) -> BackupSummary:
    """Load the archive into an empty database migrated to the archive's migrations, then its files."""
    storage = storage or default_storage
    source = str(path)
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise InputError(f"not a readable backup archive ({exc})", file=source) from None
    with archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.loads(_member(archive, "manifest.json", source))
        except ValueError:
            raise InputError("manifest.json is not valid JSON", file=source) from None
        if manifest.get("format") != FORMAT:
            raise InputError(
                f"backup format {manifest.get('format')!r}; this version reads {FORMAT}", file=source
            )
        ours = applied_migrations(database)
        theirs = manifest.get("migrations", {})
        differ = sorted(app for app in set(ours) | set(theirs) if ours.get(app) != theirs.get(app))
        if differ:
            details = "; ".join(
                f"{app}: backup {theirs.get(app)}, database {ours.get(app)}" for app in differ
            )
            raise InputError(
                f"the database's migrations differ from the backup's ({details}): restore with the "
                "platform version that made the backup, then upgrade and migrate",
                file=source,
            )
        present = {
            label: n
            for label, n in record_counts(database).items()
            if n and label not in SEEDED_BY_MIGRATIONS and label not in SEEDED_LINKS
        }
        if present:
            listed = ", ".join(f"{label} ({n})" for label, n in sorted(present.items())[:5])
            raise InputError(
                f"the database is not empty ({listed}...): restore only into a new, migrated database",
                file=source,
            )
        media = []
        for entry in manifest.get("files", []):
            name = _safe_media_name(entry["name"], source)
            content = _member(archive, f"media/{entry['name']}", source)
            if hashlib.sha256(content).hexdigest() != entry["sha256"]:
                raise InputError(
                    f"media/{name} does not match its checksum: the archive is damaged", file=source
                )
            if storage.exists(name):
                with storage.open(name, "rb") as handle:
                    if handle.read() != content:
                        raise InputError(
                            f"media/{name} exists with other content; not overwritten", file=source
                        )
                continue
            media.append((name, content))
        data = Path(tmp) / DATA_FILE
        data.write_bytes(_member(archive, DATA_FILE, source))
        with transaction.atomic(using=database):
            # Loading many-to-many fields would record history entries of their own: the backup has them.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                for label in SEEDED_BY_MIGRATIONS:  # nothing else is there to refer to them
                    apps.get_model(label)._default_manager.using(database).all().delete()
                call_command("loaddata", str(data), database=database, verbosity=0)
            counts = record_counts(database)
            expected = manifest.get("records", {})
            wrong = {k: (n, counts.get(k)) for k, n in expected.items() if counts.get(k) != n}
            if wrong:
                raise InputError(
                    f"restored records differ (backup, restored): {wrong}; nothing restored",
                    file=source,
                )
        for name, content in media:
            storage.save(name, ContentFile(content))
    return BackupSummary(Path(path), sum(counts.values()), len(manifest.get("files", [])))
