"""Reading a project file (YAML or JSON) for ``fourpermille estimate``; errors name the file and field."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from fourpermille.errors import InputError
from fourpermille.estimate import Project, parse_project

SUFFIXES = (".yaml", ".yml", ".json")


def read_project(path: str | os.PathLike) -> Project:
    """Parse and check a project file (see docs/guide/ex-ante.md for the format)."""
    path = Path(path)
    name = str(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"a project file must end in {', '.join(SUFFIXES)}", file=name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file ({exc})", file=name) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(
            f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} ({first})", file=name
        ) from None
    try:
        return parse_project(data)
    except InputError as exc:
        raise exc.in_file(name) from None
