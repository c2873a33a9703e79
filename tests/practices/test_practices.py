"""The good-practice database: schema checks name the entry and field; search; applying practices."""

import copy

import pytest
import yaml

from fourpermille import practices
from fourpermille.errors import ParameterError
from fourpermille.practices import PracticeSchemaError, planned_state, validate

ISSUE_PRACTICES = {
    "no_till",
    "reduced_tillage",
    "cover_crops",
    "residue_retention",
    "manure",
    "compost",
    "agroforestry",
    "hedgerows",
    "improved_grassland",
    "improved_grazing",
    "n_fertilisation_isfm",
    "irrigation",
    "degraded_land_restoration",
    "rice_paddy_management",
}


@pytest.fixture(scope="module")
def raw():
    from importlib import resources

    text = resources.files("fourpermille.practices").joinpath("data", "practices.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def test_packaged_database_is_valid_and_covers_the_issue():
    db = practices.load()
    assert ISSUE_PRACTICES <= set(db.practices)
    assert db.version
    for practice in db.practices.values():
        for key in practice.references():
            assert key in db.references, (practice.id, key)


def test_published_numbers_are_the_ones_cited():
    db = practices.load()
    cover = db.get("cover_crops")
    # Poeplau & Don (2015), doi:10.1016/j.agee.2014.10.024: 0.32 +- 0.08 Mg C/ha/yr.
    assert cover.sequestration[0] == {
        **cover.sequestration[0],
        "value": 0.32,
        "low": 0.24,
        "high": 0.40,
        "reference": "poeplau2015",
    }
    assert db.references["poeplau2015"]["doi"] == "10.1016/j.agee.2014.10.024"
    # Cardinael et al. (2018): cropland to agroforestry F_LU 1.25 +- 0.04.
    change = db.get("agroforestry").extra["factor_change"][0]
    assert (change["value"], change["low"], change["high"]) == (1.25, 1.21, 1.29)
    # Maillard & Angers (2014): manure-C retention 12 +- 4 %.
    assert db.get("manure").extra["manure_c_retention_pct"]["value"] == 12.0


def test_search_by_land_use_climate_and_text():
    db = practices.load()
    grass = {p.id for p in db.search(land_use="grassland")}
    assert {"improved_grassland", "improved_grazing", "degraded_land_restoration"} <= grass
    assert "no_till" not in grass
    assert "hedgerows" not in {p.id for p in db.search(climate="tropical_moist")}
    assert "hedgerows" in {p.id for p in db.search(climate="C1")}
    assert [p.id for p in db.search(text="HEDGEROWS")] == ["hedgerows"]
    assert {p.id for p in db.search(text="green manures")} == {"cover_crops"}
    with pytest.raises(ParameterError, match="valid names"):
        db.search(land_use="orchard")
    with pytest.raises(ParameterError, match="valid practices"):
        db.get("biochar_magic")


@pytest.mark.parametrize(
    ("mutate", "entry", "field", "message"),
    [
        (lambda d: d["practices"][2].pop("land_uses"), "cover_crops", "land_uses", "missing field"),
        (
            lambda d: d["practices"][2].update(land_uses=["orchard"]),
            "cover_crops",
            "land_uses",
            "unknown land use 'orchard'",
        ),
        (
            lambda d: d["practices"][2].update(climates=["mediterranean"]),
            "cover_crops",
            "climates",
            "unknown climate zone",
        ),
        (lambda d: d["practices"][2].update(category="magic"), "cover_crops", "category", "must be one of"),
        (
            lambda d: d["practices"][2]["sequestration"][0].pop("reference"),
            "cover_crops",
            "sequestration",
            "needs a reference",
        ),
        (
            lambda d: d["practices"][2]["sequestration"][0].update(reference="nobody2020"),
            "cover_crops",
            "sequestration",
            "'nobody2020' is not defined",
        ),
        (
            lambda d: d["practices"][2]["sequestration"][0].update(low=0.5),
            "cover_crops",
            "sequestration",
            "low 0.5 > high 0.4",
        ),
        (
            lambda d: d["practices"][2]["sequestration"][0].update(value="a lot"),
            "cover_crops",
            "sequestration",
            "must be a number",
        ),
        (
            lambda d: d["practices"][2]["ipcc"].update(input="enormous"),
            "cover_crops",
            "ipcc",
            "not IPCC levels",
        ),
        (lambda d: d["practices"][3].update(id="cover_crops"), "cover_crops", "id", "used twice"),
    ],
)
def test_schema_errors_name_entry_and_field(raw, mutate, entry, field, message):
    data = copy.deepcopy(raw)
    assert data["practices"][2]["id"] == "cover_crops"
    mutate(data)
    with pytest.raises(PracticeSchemaError) as info:
        validate(data, file="practices.yaml")
    text = str(info.value)
    assert f"practice '{entry}'" in text and f"field '{field}'" in text and message in text
    assert text.startswith("practices.yaml")


def test_meta_analysis_needs_a_doi(raw):
    data = copy.deepcopy(raw)
    data["references"]["poeplau2015"]["doi"] = "not a doi"
    with pytest.raises(PracticeSchemaError, match="poeplau2015.*needs a DOI"):
        validate(data)


def test_planned_state_combines_practices():
    db = practices.load()
    state = planned_state(
        db, "long_term_cultivated", "full_tillage", "low", ["no_till", "cover_crops", "manure"], "W1"
    )
    assert (state.land_use, state.management, state.input) == (
        "long_term_cultivated",
        "no_till",
        "high_with_manure",
    )
    # Input levels only rise: residue retention (medium) does not lower high input.
    state = planned_state(
        db, "long_term_cultivated", "full_tillage", "high_without_manure", ["residue_retention"], "W1"
    )
    assert state.input == "high_without_manure"
    restored = planned_state(
        db, "grassland", "severely_degraded", "none", ["degraded_land_restoration"], "T3"
    )
    assert restored.management == "nominally_managed"
    agro = planned_state(db, "long_term_cultivated", "full_tillage", "medium", ["agroforestry"], "W1")
    assert agro.factor_multiplier == 1.25 and agro.factor_multiplier_range == (1.21, 1.29)


def test_planned_state_bad_input():
    db = practices.load()
    with pytest.raises(ParameterError, match="does not apply to grassland"):
        planned_state(db, "grassland", "nominally_managed", "none", ["no_till"], "W1")
    warned = planned_state(db, "grassland", "nominally_managed", "none", ["no_till"], "W1", strict=False)
    assert warned.warnings and warned.management == "nominally_managed"
    with pytest.raises(ParameterError, match="two different managements"):
        planned_state(
            db, "long_term_cultivated", "full_tillage", "medium", ["no_till", "reduced_tillage"], "W1"
        )
    with pytest.raises(ParameterError, match="does not apply to long_term_cultivated in tropical_moist"):
        planned_state(db, "long_term_cultivated", "full_tillage", "medium", ["hedgerows"], "T3")


def test_a_former_id_still_names_the_practice():
    # grazing_management was renamed improved_grazing when the platform's catalogue was merged into this one
    db = practices.load()
    assert db.get("grazing_management") is db.get("improved_grazing")


def test_every_practice_is_readable_in_french_and_spanish():
    db = practices.load()
    for practice in db.practices.values():
        for language in ("fr", "es"):
            assert practice.name_in(language) != practice.name or practice.id == "biochar", practice.id
            assert practice.description_in(language) != practice.description, practice.id
    assert db.get("cover_crops").name_in("fr") == "Cultures intermédiaires et engrais verts"
    assert db.get("cover_crops").name_in("es-ar") == "Cultivos de cobertura y abonos verdes"
    assert db.get("cover_crops").name_in("de") == "Cover crops and green manures"
    assert [p.id for p in db.search(text="biocarbón")] == ["biochar"]


def test_practices_without_a_number_say_so_with_a_reference():
    db = practices.load()
    unquantified = {p.id for p in db.practices.values() if not p.has_quantified_effect}
    assert unquantified == {"compost", "biochar", "reforestation", "peatland_rewetting"}
    for pid in unquantified:
        marker = db.get(pid).no_quantified_effect
        assert marker["text"].startswith("No quantified effect") and marker["reference"] in db.references
    # crop rotations: West & Post (2002), doi:10.2136/sssaj2002.1930, abstract: 20 +- 12 g C/m2/yr
    rotation = db.get("crop_rotation").sequestration[0]
    assert (rotation["value"], rotation["low"], rotation["high"], rotation["reference"]) == (
        0.20,
        0.08,
        0.32,
        "west2002",
    )


def _entry(raw, pid):
    return next(e for e in raw["practices"] if e["id"] == pid)


MARKER = {"text": "x", "reference": "west2002"}


@pytest.mark.parametrize(
    ("mutate", "entry", "message"),
    [
        (lambda d: _entry(d, "biochar").pop("no_quantified_effect"), "biochar", "no effect is quantified"),
        (
            lambda d: _entry(d, "cover_crops").update(no_quantified_effect=MARKER),
            "cover_crops",
            "has a quantified effect",
        ),
        (
            lambda d: _entry(d, "biochar")["no_quantified_effect"].pop("reference"),
            "biochar",
            "needs a reference",
        ),
        (lambda d: _entry(d, "cover_crops")["translations"].pop("es"), "cover_crops", "in 'es'"),
        (lambda d: _entry(d, "cover_crops")["translations"]["fr"].update(name=" "), "cover_crops", "in 'fr'"),
        (lambda d: _entry(d, "compost").update(former_ids=["manure"]), "compost", "another practice's id"),
    ],
)
def test_catalogue_fields_are_checked(raw, mutate, entry, message):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(PracticeSchemaError, match=message) as error:
        validate(data)
    assert f"practice '{entry}'" in str(error.value)


@pytest.mark.parametrize(
    ("mutate", "entry", "message"),
    [
        (lambda d: _entry(d, "no_till").pop("estimate"), "no_till", "needs 'effects'"),
        (
            lambda d: _entry(d, "no_till")["estimate"].update(effects=["magic"]),
            "no_till",
            "must be a list of",
        ),
        (lambda d: _entry(d, "biochar")["estimate"].pop("not_estimated"), "biochar", "say why"),
        (
            lambda d: _entry(d, "compost")["estimate"].update(effects=["soc_tier1"]),
            "compost",
            "needs an IPCC level",
        ),
        (lambda d: _entry(d, "manure")["estimate"].pop("note"), "manure", "needs a 'note'"),
        (lambda d: _entry(d, "manure")["estimate"]["translations"].pop("fr"), "manure", "translations"),
    ],
)
def test_estimate_field_is_checked(raw, mutate, entry, message):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(PracticeSchemaError, match=message) as error:
        validate(data)
    assert f"practice '{entry}'" in str(error.value) and "field 'estimate'" in str(error.value)


def test_every_practice_says_how_the_estimate_treats_it_in_three_languages():
    for practice in practices.load().practices.values():
        texts = {lang: practice.estimate_text_in(lang) for lang in ("en", "fr", "es")}
        assert all(len(t) > 30 for t in texts.values()) and len(set(texts.values())) == 3, practice.id
        assert bool(practice.estimate_effects) != bool(practice.not_estimated)


def test_improved_grassland_from_nominal_management_takes_the_medium_input_level():
    state = planned_state(
        practices.load(),
        "grassland",
        "nominally_managed",
        "none",
        ["improved_grassland"],
        "warm_temperate_moist",
    )
    assert (state.management, state.input) == ("improved_grassland", "medium")
