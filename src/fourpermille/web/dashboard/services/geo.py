"""Country names as the platform stores them -> names in the shipped Natural Earth boundaries
(projects/static/maps/vendor/world-atlas/countries-110m.json, property ``name``)."""

from __future__ import annotations

NATURAL_EARTH_NAMES = {
    "United States": "United States of America",
    "USA": "United States of America",
    "Viet Nam": "Vietnam",
    "Russian Federation": "Russia",
    "Democratic Republic of the Congo": "Dem. Rep. Congo",
    "DR Congo": "Dem. Rep. Congo",
    "Republic of the Congo": "Congo",
    "Bosnia and Herzegovina": "Bosnia and Herz.",
    "Central African Republic": "Central African Rep.",
    "Dominican Republic": "Dominican Rep.",
    "Equatorial Guinea": "Eq. Guinea",
    "South Sudan": "S. Sudan",
    "Eswatini": "eSwatini",
    "North Macedonia": "Macedonia",
    "Czech Republic": "Czechia",
    "Republic of Korea": "South Korea",
    "Korea, Republic of": "South Korea",
    "Lao PDR": "Laos",
    "Lao People's Democratic Republic": "Laos",
    "Iran (Islamic Republic of)": "Iran",
    "Syrian Arab Republic": "Syria",
    "Bolivia (Plurinational State of)": "Bolivia",
    "Venezuela (Bolivarian Republic of)": "Venezuela",
    "United Republic of Tanzania": "Tanzania",
    "Türkiye": "Turkey",
    "Solomon Islands": "Solomon Is.",
    "Western Sahara": "W. Sahara",
    "Ivory Coast": "Côte d'Ivoire",
    "Cote d'Ivoire": "Côte d'Ivoire",
    "UK": "United Kingdom",
}


def map_name(country: str) -> str:
    return NATURAL_EARTH_NAMES.get(country, country)
