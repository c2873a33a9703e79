"""Reading a project file (YAML or JSON) for ``fourpermille estimate``; errors name the file and field."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import yaml

from fourpermille.errors import InputError
from fourpermille.estimate import Project, parse_project
from fourpermille.io.files import read_text

SUFFIXES = (".yaml", ".yml", ".json")


def read_project(path: str | os.PathLike) -> Project:
    """Parse and check a project file (see docs/guide/ex-ante.md for the format)."""
    name, data = read_project_mapping(path)
    try:
        return parse_project(data)
    except InputError as exc:
        raise exc.in_file(name) from None


def read_any_project(path: str | os.PathLike):
    """A one-plan :class:`~fourpermille.estimate.Project` or, if the file has ``scenarios``, a
    :class:`~fourpermille.estimate_scenarios.ScenarioProject` (docs/guide/ex-ante.md)."""
    from fourpermille.estimate_scenarios import is_scenario_project, parse_scenario_project

    name, data = read_project_mapping(path)
    try:
        return parse_scenario_project(data) if is_scenario_project(data) else parse_project(data)
    except InputError as exc:
        raise exc.in_file(name) from None


def read_project_mapping(path: str | os.PathLike) -> tuple[str, object]:
    """(file name, parsed YAML or JSON, finite numbers only) of a project file; InputError naming the file."""
    path = Path(path)
    name = str(path)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"a project file must end in {', '.join(SUFFIXES)}", file=name)
    text = read_text(path, what="project")  # missing, directory, binary, encoding: named with the row
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(
            f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} ({first})", file=name
        ) from None
    try:
        _check_finite(data)
    except InputError as exc:
        raise exc.in_file(name) from None
    return name, data


def _check_finite(value, where: str = "") -> None:
    """Refuse NaN and infinite numbers anywhere in the file (YAML .nan/.inf, JSON NaN/Infinity/1e400)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"field '{where}': {value} is not a finite number")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_finite(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_finite(item, f"{where}[{i}]")
