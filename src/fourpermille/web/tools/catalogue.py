"""Read the catalogue of tools (``data/tools.yaml``) and load it into the database.

Each entry states its fields (see ``REQUIRED``) and the public documentation it was written from
(``sources``); the text users read comes in English, French and Spanish. A malformed entry is an
``InputError`` naming the file, the entry and the field, and nothing is loaded.

    >>> entries = read_catalogue()
    >>> all(entry.sources for entry in entries)
    True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlparse

import yaml
from django.db import transaction

from fourpermille.errors import InputError
from fourpermille.web.tools.models import (
    TOOL_LANGUAGES,
    Cost,
    ExternalTool,
    LicenceKind,
    Scale,
    ToolCategory,
    ToolStatus,
)
from fourpermille.web.tools.translation import TOOL_FIELDS

FILE = "tools.yaml"
#: The languages every translated text must be given in.
TEXT_LANGUAGES = ("en", "fr", "es")
#: Fields every entry states (``licence`` and ``validation_reference`` may be empty strings).
REQUIRED = (
    "slug",
    "name",
    "developer",
    "category",
    "scales",
    "cost",
    "languages",
    "licence_kind",
    "licence",
    "link",
    "sources",
    "monitoring",
    "last_checked",
    "validation_reference",
    *TOOL_FIELDS,
)


@dataclass(frozen=True)
class ToolEntry:
    """One entry of the file, checked. ``texts``: field -> language -> text."""

    slug: str
    name: str
    developer: str
    category: str
    scales: tuple[str, ...]
    cost: str
    languages: tuple[str, ...]
    licence_kind: str
    licence: str
    link: str
    sources: tuple[str, ...]
    monitoring: bool
    last_checked: dt.date
    validation_reference: str
    texts: dict

    def record_values(self) -> dict:
        """The ``ExternalTool`` fields of this entry (translated fields in every language)."""
        values = {
            "name": self.name,
            "developer": self.developer,
            "category": self.category,
            "scales": " ".join(self.scales),
            "cost": self.cost,
            "languages": " ".join(self.languages),
            "licence_kind": self.licence_kind,
            "licence": self.licence,
            "link": self.link,
            "sources": "\n".join(self.sources),
            "monitoring": self.monitoring,
            "last_checked": self.last_checked,
            "validation_reference": self.validation_reference,
        }
        for field in TOOL_FIELDS:
            values[field] = self.texts[field]["en"]
            for lang in TEXT_LANGUAGES:
                values[f"{field}_{lang}"] = self.texts[field][lang]
        return values


def _is_url(text) -> bool:
    parsed = urlparse(text) if isinstance(text, str) else None
    return parsed is not None and parsed.scheme in ("http", "https") and bool(parsed.netloc)


class _Entry:
    """Checks of one raw entry, each error naming the entry and the field."""

    def __init__(self, raw: dict, index: int, file: str):
        self.raw = raw
        self.file = file
        self.label = str(raw.get("slug") or f"#{index + 1}")

    def error(self, field: str, message: str) -> InputError:
        return InputError(
            message, file=self.file, row=self.label, column=field, row_label="entry", column_label="field"
        )

    def text(self, field: str, allow_empty: bool = False) -> str:
        value = self.raw[field]
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            raise self.error(field, "must be a text" + ("" if allow_empty else " (not empty)"))
        return value.strip()

    def choice(self, field: str, allowed) -> str:
        value = self.raw[field]
        if value not in allowed:
            raise self.error(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def choices(self, field: str, allowed, allow_empty: bool = False) -> tuple[str, ...]:
        values = self.raw[field]
        if not isinstance(values, list) or (not values and not allow_empty):
            raise self.error(field, f"must be a list of {', '.join(sorted(allowed))}")
        for value in values:
            if value not in allowed:
                raise self.error(field, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return tuple(values)

    def translated(self, field: str) -> dict[str, str]:
        value = self.raw[field]
        if not isinstance(value, dict):
            raise self.error(field, f"must give the text in {', '.join(TEXT_LANGUAGES)}")
        texts = {}
        for lang in TEXT_LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise self.error(
                    f"{field}.{lang}", "is missing (every text is given in English, French, Spanish)"
                )
            texts[lang] = " ".join(text.split())
        return texts

    def check(self) -> ToolEntry:
        for field in REQUIRED:
            if field not in self.raw:
                raise self.error(field, "is missing")
        unknown = set(self.raw) - set(REQUIRED)
        if unknown:
            raise self.error(sorted(unknown)[0], f"is not a field; the fields are {', '.join(REQUIRED)}")
        slug = self.text("slug")
        if not slug.replace("-", "").isalnum() or slug != slug.lower():
            raise self.error("slug", "must be lower-case letters, digits and hyphens")
        link = self.text("link")
        if not _is_url(link):
            raise self.error("link", f"{link!r} is not an http(s) address")
        sources = self.raw["sources"]
        if not isinstance(sources, list) or not sources:
            raise self.error("sources", "must list at least one address of the documentation read")
        for source in sources:
            if not _is_url(source):
                raise self.error("sources", f"{source!r} is not an http(s) address")
        monitoring = self.raw["monitoring"]
        if not isinstance(monitoring, bool):
            raise self.error("monitoring", "must be true or false")
        checked = self.raw["last_checked"]
        if not isinstance(checked, dt.date):
            raise self.error("last_checked", "must be a date (YYYY-MM-DD)")
        return ToolEntry(
            slug=slug,
            name=self.text("name"),
            developer=self.text("developer"),
            category=self.choice("category", ToolCategory.values),
            scales=self.choices("scales", Scale.values),
            cost=self.choice("cost", Cost.values),
            languages=self.choices("languages", TOOL_LANGUAGES.keys(), allow_empty=True),
            licence_kind=self.choice("licence_kind", LicenceKind.values),
            licence=self.text("licence", allow_empty=True),
            link=link,
            sources=tuple(sources),
            monitoring=monitoring,
            last_checked=checked,
            validation_reference=self.text("validation_reference", allow_empty=True),
            texts={field: self.translated(field) for field in TOOL_FIELDS},
        )


def parse_catalogue(text: str, file: str = FILE) -> list[ToolEntry]:
    """The checked entries of a catalogue file's ``text``."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", file=file) from exc
    if not isinstance(raw, list):
        raise InputError("must be a list of entries", file=file)
    entries, seen = [], set()
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise InputError("must be a mapping of fields", file=file, row=f"#{index + 1}", row_label="entry")
        entry = _Entry(item, index, file).check()
        if entry.slug in seen:
            raise _Entry(item, index, file).error("slug", "appears twice in the file")
        seen.add(entry.slug)
        entries.append(entry)
    return entries


def read_catalogue() -> list[ToolEntry]:
    """The entries of the packaged ``data/tools.yaml``."""
    text = resources.files("fourpermille.web.tools").joinpath("data", FILE).read_text(encoding="utf-8")
    return parse_catalogue(text)


@transaction.atomic
def load_tools(entries: list[ToolEntry] | None = None) -> int:
    """One record per entry (matched by ``slug``): created when new, updated where the file changed;
    a status the secretariat set (retired) is kept. Returns how many records were created."""
    created = 0
    for entry in read_catalogue() if entries is None else entries:
        values = entry.record_values()
        tool = ExternalTool.objects.filter(slug=entry.slug).first()
        if tool is None:
            ExternalTool.objects.create(slug=entry.slug, status=ToolStatus.PUBLISHED, **values)
            created += 1
            continue
        # the plain translated names (``purpose``) stand for the active language's column: compare columns
        changed = [
            name for name, value in values.items() if name not in TOOL_FIELDS and getattr(tool, name) != value
        ]
        if changed:
            for name in changed:
                setattr(tool, name, values[name])
            tool.save()
    return created
