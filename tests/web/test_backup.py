"""Production: ``backup`` writes every record and stored file; ``restore`` loads them into an empty,
migrated database and gets the same records (compared model by model, in their serialised form)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from fourpermille.errors import InputError
from fourpermille.web.ops.backup import EXCLUDED, backup, record_counts, restore
from tests.web.conftest import api_client

pytestmark = pytest.mark.django_db

MEDIA_NAME = "uploads/2026/site-1.csv"
MEDIA = b"profile_id,depth_top_cm\nP1,0\n"


def platform(env, *args):
    """``python -m fourpermille.web *args`` in a fresh process (development settings, its own database)."""
    command = [sys.executable, "-m", "fourpermille.web", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def empty_platform(tmp_path):
    """The environment of a second platform: an SQLite file under its own var/, migrated, empty."""
    var = tmp_path / "restored"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fourpermille.web.settings.development"}
    env.update(FOURPERMILLE_VAR=str(var), DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}")
    env.pop("PYTEST_DATABASE_URL", None)
    var.mkdir()
    platform(env, "migrate", "--noinput", "-v0")
    return env, var


@pytest.fixture
def some_records(projects):
    """The test world plus an upload, a commitment revision and a stored file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    site = projects["draft-a"].sites.get()
    csv = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,20,1.2\n"
    response = api_client("editor-a").post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("m.csv", csv), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    default_storage.save(MEDIA_NAME, ContentFile(MEDIA))
    yield
    default_storage.delete(MEDIA_NAME)


DUMP = ["dumpdata", "--natural-foreign", "--natural-primary", *(f"--exclude={e}" for e in EXCLUDED)]


def records(dump: str) -> list[str]:
    """The records of a ``dumpdata`` output, each as canonical JSON, sorted."""
    return sorted(json.dumps(record, sort_keys=True) for record in json.loads(dump))


@pytest.mark.slow
def test_restore_into_an_empty_database_gives_the_same_records(tmp_path, some_records, empty_platform):
    """Backed up from the test database (SQLite, or PostgreSQL with PYTEST_DATABASE_URL), restored by the
    ``restore`` command of another platform into its new SQLite database: the same records."""
    env, var = empty_platform
    archive = tmp_path / "backup.tar.gz"
    summary = backup(archive)
    assert summary.records == sum(record_counts().values()) > 50
    assert summary.files >= 1
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "data.exactjson", f"media/{MEDIA_NAME}"} <= set(names)
    assert manifest["records"]["monitoring.soilmeasurement"] == 1

    out = platform(env, "restore", str(archive))
    assert f"Restored {summary.records} records and {summary.files} files" in out
    expected = io.StringIO()
    call_command(*DUMP, stdout=expected)
    assert records(platform(env, *DUMP)) == records(expected.getvalue())
    assert (var / "media" / MEDIA_NAME).read_bytes() == MEDIA

    result = subprocess.run(
        [sys.executable, "-m", "fourpermille.web", "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0 and "not empty" in result.stderr


def test_restore_refuses_a_database_that_holds_records(tmp_path, some_records):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    before = record_counts()
    with pytest.raises(InputError, match="not empty"):
        restore(archive)
    assert record_counts() == before


def test_restore_command_names_a_bad_archive(tmp_path):
    bad = tmp_path / "not-a-backup.tar.gz"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(bad))


def test_backup_command_writes_under_var_by_default(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    call_command("backup")
    written = list((tmp_path / "backups").glob("fourpermille-*.tar.gz"))
    assert len(written) == 1 and "Backed up" in capsys.readouterr().out


def test_backup_without_a_media_directory(tmp_path):
    from django.core.files.storage import FileSystemStorage

    summary = backup(tmp_path / "b.tar.gz", storage=FileSystemStorage(location=tmp_path / "never-created"))
    assert summary.files == 0 and summary.records > 0
