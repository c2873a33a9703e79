"""ISO 3166-1 countries: the list the toolbox ships (``data/countries.csv``, see ``data/README.md``).

Usage is counted per country by its alpha-2 code. An organisation's country is free text
(``community.Organisation.country``); :func:`iso_code` maps it to a code by the names the list knows
(English, French, Spanish, common and official names, the codes themselves), so "France", "FR", "FRA",
"French Republic" and "Francia" count as one country.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).parent / "data" / "countries.csv"
#: The code of usage whose country is not known (no organisation, no country chosen).
UNKNOWN = "unknown"
#: Names in use that the ISO list spells otherwise (normalised as :func:`_key` does).
ALIASES = {
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "laos": "LA",
    "ivory coast": "CI",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "drc": "CD",
    "republic of the congo": "CG",
    "the netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "swaziland": "SZ",
    "turkey": "TR",
    "cape verde": "CV",
    "burma": "MM",
    "vatican": "VA",
    "east timor": "TL",
    "macedonia": "MK",
}


@dataclass(frozen=True)
class Country:
    alpha_2: str
    alpha_3: str
    numeric: str
    name_en: str
    name_fr: str
    name_es: str
    common_name: str
    official_name: str

    @property
    def name(self) -> str:
        """The name in the active language (English when it is neither French nor Spanish)."""
        language = (get_language() or "en")[:2]
        return {"fr": self.name_fr, "es": self.name_es}.get(language) or self.name_en


@cache
def countries() -> dict[str, Country]:
    """Every country of the list by alpha-2 code."""
    with open(DATA, encoding="utf-8", newline="") as fh:
        return {row["alpha_2"]: Country(**row) for row in csv.DictReader(fh)}


def _key(text: str) -> str:
    """Case, accents, punctuation and spacing removed: 'Côte d’Ivoire ' -> 'cote divoire'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    words = "".join(c if c.isalnum() or c.isspace() else "" for c in plain.replace("-", " ")).split()
    return " ".join(words)


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    # names before the comma ("Bolivia, Plurinational State of" -> "bolivia"), unless two countries share it
    short: dict[str, set[str]] = {}
    for code, c in countries().items():
        for name in (c.name_en, c.name_fr, c.name_es, c.official_name):
            if "," in name:
                short.setdefault(_key(name.split(",")[0]), set()).add(code)
    index.update({key: codes.pop() for key, codes in short.items() if len(codes) == 1})
    index.update({_key(alias): code for alias, code in ALIASES.items()})
    for code, c in countries().items():
        for name in (c.official_name, c.common_name, c.name_es, c.name_fr, c.name_en, c.alpha_3, c.alpha_2):
            if name:
                index[_key(name)] = code
    return index


def iso_code(text: str | None) -> str:
    """The alpha-2 code of a country written as free text, or :data:`UNKNOWN`."""
    if not text:
        return UNKNOWN
    return _index().get(_key(text), UNKNOWN)


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself if the list has no such country."""
    country = countries().get(code)
    return country.name if country else code


def choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the active language."""
    pairs = [(code, c.name) for code, c in countries().items()]
    return sorted(pairs, key=lambda pair: _key(pair[1]))
