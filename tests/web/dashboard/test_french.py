"""The dashboards' French catalogue is complete and compiled (every message translated, .mo up to date)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import fourpermille.web.dashboard as dashboard

LOCALE = Path(dashboard.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def entries():
    text = (LOCALE / "django.po").read_text("utf-8")
    for block in text.split("\n\n")[1:]:
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        yield fields


def test_every_message_is_translated():
    untranslated = [
        e["msgid"] for e in entries() if not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]
    assert untranslated == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext's msgfmt")
def test_compiled_catalogue_is_current(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()
