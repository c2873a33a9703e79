"""The good-practice database of the 4 per 1000 initiative: validated on load, searchable.

The database is a versioned YAML file packaged beside this module (``data/practices.yaml``). Each practice
has a description, a category, the IPCC land uses and climate zones it applies to, its Tier 1 effect (the
land use, management or input level it moves a unit to), the extra carbon input to use in RothC where a
default is published, published sequestration rates and relative changes (each with its reference),
co-benefits and trade-offs, and references with DOI.

:func:`validate` checks a parsed file completely and names the entry and field of the first problem;
:func:`load` returns the packaged database; :meth:`PracticeDB.search` filters by land use, climate and
text; :func:`planned_state` applies practices to a current Tier 1 state.

References
----------
See the ``references`` section of ``data/practices.yaml`` (every number there carries one).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from fourpermille.errors import InputError, ParameterError
from fourpermille.ipcc import tables as ipcc

PACKAGED_FILE = "practices.yaml"
SCHEMA_VERSION = 1
CATEGORIES = (
    "tillage",
    "soil_cover",
    "organic_inputs",
    "nutrient_management",
    "agroforestry",
    "grassland_management",
    "restoration",
    "water_management",
    "rice",
    "crop_diversification",
    "peatland",
)
#: Languages every practice's name and description are given in besides English (``translations``).
LANGUAGES = ("fr", "es")
#: Fields holding a quantified effect; a practice with none of them says so in ``no_quantified_effect``.
EFFECT_FIELDS = (
    "ipcc",
    "rothc_extra_input",
    "sequestration",
    "relative_change_pct",
    "factor_change",
    "soc_stock_gain_t_c_ha",
    "manure_c_retention_pct",
)
REFERENCE_TYPES = ("meta_analysis", "review", "guideline")
#: Effects a practice can have in the ex-ante balance (:mod:`fourpermille.estimate_scenarios`), field
#: ``estimate.effects``: the Tier 1 SOC level, a published SOC rate or stock gain, N2O (its N inputs), rice
#: CH4, woody biomass, RothC's extra input. A practice with none says why in ``estimate.not_estimated``.
ESTIMATE_EFFECTS = ("soc_tier1", "soc_rate", "soc_stock_gain", "n2o", "ch4_rice", "biomass", "rothc_input")
#: Reference types that must carry a DOI.
NEEDS_DOI = ("meta_analysis", "review")
ALL_CLIMATES = "all"
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = (
    "id",
    "name",
    "category",
    "description",
    "land_uses",
    "climates",
    "ipcc",
    "rothc_extra_input",
    "sequestration",
    "co_benefits",
    "trade_offs",
)
_RANGED = ("value", "low", "high")


class PracticeSchemaError(InputError):
    """The practice database breaks its schema (the message names the entry and the field)."""


@dataclass(frozen=True)
class Practice:
    """One good practice (fields as in the YAML file; numbers in the units named there)."""

    id: str
    name: str
    category: str
    description: str
    land_uses: tuple[str, ...]
    climates: tuple[str, ...]
    ipcc: dict | None
    rothc_extra_input: dict | None
    sequestration: tuple[dict, ...]
    co_benefits: tuple[dict, ...]
    trade_offs: tuple[dict, ...]
    extra: dict = field(default_factory=dict)
    #: language -> {"name", "description"} (``LANGUAGES``).
    translations: dict = field(default_factory=dict)
    #: {"text", "reference"} where no effect is quantified yet (None otherwise).
    no_quantified_effect: dict | None = None
    #: Ids the practice had before (still accepted by :meth:`PracticeDB.get`).
    former_ids: tuple[str, ...] = ()
    #: Its effects in the ex-ante balance (``ESTIMATE_EFFECTS``) and how they are computed.
    estimate_effects: tuple[str, ...] = ()
    estimate_note: str = ""
    #: Why the estimate leaves the practice out (None when it has an effect).
    not_estimated: str | None = None
    #: language -> the estimate note (or the reason it is left out) in that language (``LANGUAGES``).
    estimate_translations: dict = field(default_factory=dict)

    @property
    def has_quantified_effect(self) -> bool:
        """Whether the catalogue gives a number for the practice's effect (IPCC level, rate, change ...)."""
        return self.no_quantified_effect is None

    def name_in(self, language: str | None) -> str:
        """The name in ``language`` (``fr``, ``es``; English otherwise)."""
        return self.translations.get((language or "")[:2], {}).get("name", self.name)

    def description_in(self, language: str | None) -> str:
        """The description in ``language`` (``fr``, ``es``; English otherwise)."""
        return self.translations.get((language or "")[:2], {}).get("description", self.description)

    def applies_to(self, land_use: str | None = None, climate: str | None = None) -> bool:
        """Whether the practice is listed for ``land_use`` and ``climate`` (None: any)."""
        if land_use is not None and land_use not in self.land_uses:
            return False
        return climate is None or ALL_CLIMATES in self.climates or climate in self.climates

    def estimate_text_in(self, language: str | None) -> str:
        """How the estimate treats the practice (its note, or why it is left out) in ``language``."""
        text = self.estimate_note or self.not_estimated or ""
        return self.estimate_translations.get((language or "")[:2], text)

    def references(self) -> list[str]:
        """Keys of every reference the practice cites."""
        keys = []
        for item in _numbers_and_claims(self):
            if item.get("reference") and item["reference"] not in keys:
                keys.append(item["reference"])
        return keys


@dataclass(frozen=True)
class PracticeDB:
    """The validated database: ``version``, ``references`` (key -> dict), ``practices`` (id -> Practice)."""

    version: str
    title: str
    references: dict
    practices: dict

    def get(self, practice_id: str) -> Practice:
        """The practice ``practice_id`` (or one of its former ids); ParameterError listing the valid ids."""
        for practice in self.practices.values():
            if practice_id in practice.former_ids:
                return practice
        if practice_id not in self.practices:
            raise ParameterError(
                f"unknown practice {practice_id!r}; valid practices: {', '.join(self.practices)}"
            )
        return self.practices[practice_id]

    def search(
        self,
        land_use: str | None = None,
        climate: str | None = None,
        text: str | None = None,
        category: str | None = None,
    ) -> list[Practice]:
        """Practices that apply to ``land_use`` and ``climate`` and mention every word of ``text``.

        Names are checked (an unknown land use or climate zone is an error listing the valid names); the
        text search is case-insensitive over id, name, description (also in French and Spanish), category
        and notes.
        """
        use = ipcc.land_use_name(land_use) if land_use is not None else None
        zone = ipcc.climate_zone_name(climate) if climate is not None else None
        if category is not None and category not in CATEGORIES:
            raise ParameterError(f"unknown category {category!r}; valid categories: {', '.join(CATEGORIES)}")
        words = [w for w in re.split(r"\s+", (text or "").lower()) if w]
        found = []
        for practice in self.practices.values():
            if not practice.applies_to(use, zone):
                continue
            if category is not None and practice.category != category:
                continue
            translated = [t for text in practice.translations.values() for t in text.values()]
            haystack = " ".join(
                [
                    practice.id,
                    practice.name,
                    practice.description,
                    practice.category,
                    str(practice.extra),
                    *translated,
                ]
            ).lower()
            if all(w in haystack for w in words):
                found.append(practice)
        return found


def _numbers_and_claims(practice: Practice):
    yield from practice.sequestration
    yield from practice.co_benefits
    yield from practice.trade_offs
    for value in (practice.ipcc, practice.rothc_extra_input):
        if isinstance(value, dict):
            yield value
    for value in practice.extra.values():
        if isinstance(value, dict):
            yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, dict))


def _fail(message: str, entry: str | None = None, field_name: str | None = None, file=None):
    where = []
    if entry is not None:
        where.append(f"practice '{entry}'")
    if field_name is not None:
        where.append(f"field '{field_name}'")
    prefix = ", ".join(where)
    raise PracticeSchemaError(f"{prefix}: {message}" if prefix else message, file=file)


def validate(data, file=None) -> PracticeDB:
    """Check a parsed practice file and return the database.

    Parameters
    ----------
    data : dict
        The parsed YAML.
    file : str, optional
        Named in errors.

    Raises
    ------
    PracticeSchemaError
        Naming the practice and field: a missing field, an unknown category, land use, climate zone or
        IPCC level, a number without reference (or low > value > high), a reference key not defined, a
        meta-analysis without a well-formed DOI, a practice id used twice.
    """
    if not isinstance(data, dict):
        _fail("the file must be a mapping with schema_version, version, references and practices", file=file)
    for key in ("schema_version", "version", "references", "practices"):
        if key not in data:
            _fail(f"missing top-level field '{key}'", file=file)
    if data["schema_version"] != SCHEMA_VERSION:
        _fail(f"schema_version must be {SCHEMA_VERSION}; got {data['schema_version']!r}", file=file)
    references = data["references"] or {}
    for key, ref in references.items():
        if not isinstance(ref, dict) or not ref.get("citation"):
            _fail(f"reference '{key}' needs a citation", file=file)
        if ref.get("type") not in REFERENCE_TYPES:
            _fail(
                f"reference '{key}': type must be one of {', '.join(REFERENCE_TYPES)}; got "
                f"{ref.get('type')!r}",
                file=file,
            )
        if ref["type"] in NEEDS_DOI and not _DOI.match(str(ref.get("doi", ""))):
            _fail(
                f"reference '{key}' ({ref['type']}) needs a DOI of the form 10.xxxx/...; got "
                f"{ref.get('doi')!r}",
                file=file,
            )
        if ref["type"] == "guideline" and not (ref.get("url") or ref.get("doi")):
            _fail(f"reference '{key}' (guideline) needs a url or DOI", file=file)
    practices = {}
    if not isinstance(data["practices"], list) or not data["practices"]:
        _fail("'practices' must be a non-empty list", file=file)
    for position, entry in enumerate(data["practices"], start=1):
        practice = _practice(entry, position, references, file)
        if practice.id in practices:
            _fail("the id is used twice", practice.id, "id", file)
        practices[practice.id] = practice
    ids = set(practices)
    for practice in practices.values():
        for former in practice.former_ids:
            others = [p.id for p in practices.values() if p is not practice and former in p.former_ids]
            if former in ids or others:
                _fail(f"former id '{former}' is also another practice's id", practice.id, "former_ids", file)
    return PracticeDB(
        version=str(data["version"]),
        title=str(data.get("title", "")),
        references=references,
        practices=practices,
    )


def _practice(entry, position, references, file) -> Practice:
    if not isinstance(entry, dict):
        _fail(f"entry {position} is not a mapping", file=file)
    pid = entry.get("id", f"#{position}")
    for key in _REQUIRED:
        if key not in entry:
            _fail("missing field", pid, key, file)
    if not isinstance(pid, str) or not _ID.match(pid):
        _fail("must be lower_snake_case", pid, "id", file)
    if entry["category"] not in CATEGORIES:
        _fail(f"must be one of {', '.join(CATEGORIES)}; got {entry['category']!r}", pid, "category", file)
    for key in ("name", "description"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            _fail("must be a non-empty text", pid, key, file)
    land_uses = entry["land_uses"]
    if not isinstance(land_uses, list) or not land_uses:
        _fail("must be a non-empty list of IPCC land uses", pid, "land_uses", file)
    for use in land_uses:
        if use not in ipcc.LAND_USES:
            _fail(
                f"unknown land use {use!r}; valid names: {', '.join(ipcc.LAND_USES)}", pid, "land_uses", file
            )
    climates = entry["climates"]
    climates = [climates] if climates == ALL_CLIMATES else climates
    if not isinstance(climates, list) or not climates:
        _fail(f"must be '{ALL_CLIMATES}' or a list of climate zones", pid, "climates", file)
    for zone in climates:
        if zone != ALL_CLIMATES and zone not in ipcc.CLIMATE_ZONES:
            _fail(
                f"unknown climate zone {zone!r}; valid names: {', '.join(ipcc.CLIMATE_ZONES)}",
                pid,
                "climates",
                file,
            )
    _check_ipcc(entry["ipcc"], land_uses, pid, references, file)
    for key in ("rothc_extra_input",):
        if entry[key] is not None:
            _check_number(entry[key], pid, key, references, file)
            if not entry[key].get("unit") == "t C/ha/yr":
                _fail("needs unit: t C/ha/yr", pid, key, file)
    for key in ("sequestration", "relative_change_pct", "factor_change"):
        items = entry.get(key, [])
        if not isinstance(items, list):
            _fail("must be a list", pid, key, file)
        for item in items:
            _check_number(item, pid, key, references, file)
    for key in ("manure_c_retention_pct", "soc_stock_gain_t_c_ha"):
        if key in entry:
            _check_number(entry[key], pid, key, references, file)
    quantified = [k for k in EFFECT_FIELDS if entry.get(k) not in (None, [], {})]
    marker = entry.get("no_quantified_effect")
    if not quantified and marker is None:
        _fail(
            "no effect is quantified (none of " + ", ".join(EFFECT_FIELDS) + "): say so with a text and "
            "a reference",
            pid,
            "no_quantified_effect",
            file,
        )
    if quantified and marker is not None:
        _fail(
            f"the practice has a quantified effect ({', '.join(quantified)})",
            pid,
            "no_quantified_effect",
            file,
        )
    if marker is not None:
        if not isinstance(marker, dict) or not marker.get("text"):
            _fail("needs a text", pid, "no_quantified_effect", file)
        _check_reference(marker, pid, "no_quantified_effect", references, file)
    translations = entry.get("translations")
    if not isinstance(translations, dict):
        _fail(f"needs the name and description in {', '.join(LANGUAGES)}", pid, "translations", file)
    for language in LANGUAGES:
        text = translations.get(language)
        if not isinstance(text, dict) or not all(
            isinstance(text.get(k), str) and text[k].strip() for k in ("name", "description")
        ):
            _fail(f"needs a name and a description in '{language}'", pid, "translations", file)
    former = entry.get("former_ids", [])
    if not isinstance(former, list) or not all(isinstance(f, str) and _ID.match(f) for f in former):
        _fail("must be a list of lower_snake_case ids", pid, "former_ids", file)
    for key in ("co_benefits", "trade_offs"):
        if not isinstance(entry[key], list):
            _fail("must be a list", pid, key, file)
        for item in entry[key]:
            if not isinstance(item, dict) or not item.get("text"):
                _fail("each item needs a text", pid, key, file)
            _check_reference(item, pid, key, references, file)
    effects, note, not_estimated, estimate_tr = _check_estimate(entry.get("estimate"), entry, pid, file)
    known = {*_REQUIRED, "translations", "no_quantified_effect", "former_ids", "estimate"}
    extra = {k: v for k, v in entry.items() if k not in known}
    return Practice(
        id=pid,
        name=entry["name"],
        category=entry["category"],
        description=entry["description"].strip(),
        land_uses=tuple(land_uses),
        climates=tuple(climates),
        ipcc=entry["ipcc"],
        rothc_extra_input=entry["rothc_extra_input"],
        sequestration=tuple(entry["sequestration"]),
        co_benefits=tuple(entry["co_benefits"]),
        trade_offs=tuple(entry["trade_offs"]),
        extra=extra,
        translations={k: {n: v.strip() for n, v in translations[k].items()} for k in LANGUAGES},
        no_quantified_effect=marker,
        former_ids=tuple(former),
        estimate_effects=effects,
        estimate_note=note,
        not_estimated=not_estimated,
        estimate_translations=estimate_tr,
    )


def _check_estimate(block, entry, pid, file):
    """(effects, note, not_estimated) of the ``estimate`` field: known effects with a note, or a reason."""
    if not isinstance(block, dict):
        _fail(
            "needs 'effects' (a list of " + ", ".join(ESTIMATE_EFFECTS) + ") with a 'note', or an empty "
            "list with 'not_estimated' (why)",
            pid,
            "estimate",
            file,
        )
    effects = block.get("effects")
    if not isinstance(effects, list) or not all(e in ESTIMATE_EFFECTS for e in effects):
        allowed = ", ".join(ESTIMATE_EFFECTS)
        _fail(f"'effects' must be a list of {allowed}; got {effects!r}", pid, "estimate", file)
    soc = "ipcc" in entry and entry["ipcc"] is not None or entry.get("factor_change")
    if "soc_tier1" in effects and not soc:
        _fail("'soc_tier1' needs an IPCC level or a factor_change", pid, "estimate", file)
    if effects and not str(block.get("note", "")).strip():
        _fail("needs a 'note' saying how the effects are computed", pid, "estimate", file)
    reason = block.get("not_estimated")
    if not effects and not str(reason or "").strip():
        _fail("no effect in the estimate: say why in 'not_estimated'", pid, "estimate", file)
    if effects and reason:
        _fail("has effects and a 'not_estimated' reason", pid, "estimate", file)
    translations = block.get("translations")
    if not isinstance(translations, dict) or not all(
        isinstance(translations.get(lang), str) and translations[lang].strip() for lang in LANGUAGES
    ):
        _fail(f"needs 'translations' of the note in {', '.join(LANGUAGES)}", pid, "estimate", file)
    note = str(block.get("note", "")).strip()
    tr = {lang: translations[lang].strip() for lang in LANGUAGES}
    return tuple(effects), note, (str(reason).strip() if reason else None), tr


def _check_reference(item, pid, key, references, file):
    ref = item.get("reference")
    if not ref:
        _fail("every number and claim needs a reference", pid, key, file)
    if ref not in references:
        _fail(f"reference '{ref}' is not defined in 'references'", pid, key, file)


def _check_number(item, pid, key, references, file):
    if not isinstance(item, dict):
        _fail("must be a mapping with value/low/high and reference", pid, key, file)
    numbers = {k: item[k] for k in _RANGED if k in item}
    if not numbers:
        _fail("needs a value or a low/high range", pid, key, file)
    for name, number in numbers.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            _fail(f"{name} must be a number; got {number!r}", pid, key, file)
    low, high = numbers.get("low"), numbers.get("high")
    value = numbers.get("value")
    if low is not None and high is not None and low > high:
        _fail(f"low {low} > high {high}", pid, key, file)
    if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
        _fail(f"value {value} outside its range [{low}, {high}]", pid, key, file)
    _check_reference(item, pid, key, references, file)


def _check_ipcc(effect, land_uses, pid, references, file):
    if effect is None:
        return
    if not isinstance(effect, dict):
        _fail("must be a mapping (land_use/management/input, reference) or null", pid, "ipcc", file)
    levels = {k: effect[k] for k in ("land_use", "management", "input") if k in effect}
    if not levels:
        _fail("needs at least one of land_use, management, input", pid, "ipcc", file)
    _check_reference(effect, pid, "ipcc", references, file)
    if "land_use" in levels and levels["land_use"] not in ipcc.LAND_USES:
        _fail(
            f"unknown land use {levels['land_use']!r}; valid names: {', '.join(ipcc.LAND_USES)}",
            pid,
            "ipcc",
            file,
        )
    target_uses = [levels["land_use"]] if "land_use" in levels else list(land_uses)
    for use in target_uses:
        chapter = ipcc.LAND_USES[use][0]
        if "management" in levels and levels["management"] not in ipcc.MANAGEMENT.get(chapter, {}):
            continue
        if "input" in levels and levels["input"] not in ipcc.INPUT.get(chapter, {}):
            continue
        return
    _fail(
        f"the levels {levels} are not IPCC levels for any of the land uses {target_uses}", pid, "ipcc", file
    )


@functools.cache
def load() -> PracticeDB:
    """The packaged, validated practice database."""
    text = resources.files("fourpermille.practices").joinpath("data", PACKAGED_FILE).read_text("utf-8")
    return validate(yaml.safe_load(text), file=PACKAGED_FILE)


def default_extra_input(db: PracticeDB, practice_ids) -> float | None:
    """The RothC extra carbon input [t C/ha/yr] the catalogue publishes for ``practice_ids`` together: the
    sum of their ``rothc_extra_input`` values; None when none of them has one (the project gives it).

    The ex-ante estimate (:mod:`fourpermille.estimate_scenarios`) takes it where an adoption gives no extra
    input of its own, and the practice pages show the same field: one number, one place."""
    values = [db.get(pid).rothc_extra_input for pid in practice_ids]
    given = [v["value"] for v in values if v is not None and v.get("value") is not None]
    return float(sum(given)) if given else None


# --- applying practices to a Tier 1 state ---------------------------------------------------------------


@dataclass(frozen=True)
class PlannedState:
    """A Tier 1 state after practices: IPCC names, extra factor multipliers and notes."""

    land_use: str
    management: str
    input: str
    factor_multiplier: float = 1.0
    factor_multiplier_range: tuple[float, float] = (1.0, 1.0)
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def planned_state(
    db: PracticeDB,
    land_use: str,
    management: str,
    input: str,
    practice_ids,
    climate: str,
    strict: bool = True,
) -> PlannedState:
    """Apply practices to a current Tier 1 state (land use, management, input) in ``climate``.

    A practice sets the level it names (``ipcc`` field); input levels only ever rise (cover crops and
    manure together give high input with manure); two practices asking for different management or land
    use are an error. A practice not listed for the land use or climate is an error (``strict``) or a
    warning. Published stock change factors of practices without an IPCC level (agroforestry) multiply the
    equilibrium stock.

    Raises
    ------
    ParameterError
        Unknown practice (listing the valid ones), a practice not applicable (naming where it applies),
        conflicting practices.
    """
    use = ipcc.land_use_name(land_use)
    mg = ipcc.management_name(management, use)
    inp = ipcc.input_name(input, use, mg)
    zone = ipcc.climate_zone_name(climate)
    warnings: list[str] = []
    notes: list[str] = []
    multiplier, low, high = 1.0, 1.0, 1.0
    new = {"land_use": None, "management": None, "input": None}
    for pid in practice_ids:
        practice = db.get(pid)
        if not practice.applies_to(use, zone):
            message = (
                f"practice '{pid}' does not apply to {use} in {zone}; it applies to land uses "
                f"{', '.join(practice.land_uses)} and climates {', '.join(practice.climates)}"
            )
            if strict:
                raise ParameterError(message)
            warnings.append(message)
            continue
        effect = dict(practice.ipcc or {})
        chapter = ipcc.LAND_USES[effect.get("land_use", use)][0]
        for key, levels in (("management", ipcc.MANAGEMENT), ("input", ipcc.INPUT)):
            if key in effect and effect[key] not in levels.get(chapter, {}):
                notes.append(f"{pid}: the Tier 1 {key} level {effect.pop(key)} is not defined for {chapter}")
        effect = {k: v for k, v in effect.items() if k in ("land_use", "management", "input")}
        for key in ("land_use", "management"):
            if key in effect:
                if new[key] is not None and new[key] != effect[key]:
                    raise ParameterError(
                        f"practices ask for two different {key.replace('_', ' ')}s: {new[key]} and "
                        f"{effect[key]} ({pid})"
                    )
                new[key] = effect[key]
        if "input" in effect:
            new["input"] = _higher_input(new["input"], effect["input"])
        for change in practice.extra.get("factor_change", []):
            if change.get("from_land_use") == use:
                multiplier *= change["value"]
                low *= change.get("low", change["value"])
                high *= change.get("high", change["value"])
                notes.append(f"{pid}: stock change factor {change['value']} ({change['reference']})")
        if not effect and not practice.extra.get("factor_change"):
            notes.append(f"{pid}: no Tier 1 default ({practice.extra.get('ipcc_note', 'see the database')})")
    out_use = new["land_use"] or use
    chapter = ipcc.LAND_USES[out_use][0]
    out_mg = new["management"] or (mg if ipcc.LAND_USES[use][0] == chapter else None)
    out_inp = inp
    if new["input"] is not None:
        out_inp = _higher_input(inp if ipcc.LAND_USES[use][0] == chapter else None, new["input"])
    out_mg = (
        ipcc.management_name(out_mg, out_use)
        if "management" not in ipcc.FACTORS_NOT_USED.get(out_use, ())
        else ipcc.NOT_USED
    )
    if "input" in ipcc.FACTORS_NOT_USED.get(out_use, ()):
        out_inp = ipcc.NOT_USED
    else:
        if out_mg == "improved_grassland" and out_inp in (None, ipcc.NOT_USED):
            # Table 6.2 (Updated) gives improved grassland an input level: medium unless a practice raises it.
            out_inp = "medium"
        out_inp = ipcc.input_name(out_inp, out_use, out_mg)
    return PlannedState(out_use, out_mg, out_inp, multiplier, (low, high), tuple(notes), tuple(warnings))


def _higher_input(a: str | None, b: str | None) -> str | None:
    if a is None or a == ipcc.NOT_USED:
        return b
    if b is None or b == ipcc.NOT_USED:
        return a
    order = ipcc.CROPLAND_INPUT_ORDER
    if a in order and b in order:
        return a if order.index(a) >= order.index(b) else b
    grass = ("medium", "high")
    if a in grass and b in grass:
        return a if grass.index(a) >= grass.index(b) else b
    return b
