"""Fields of the roadmap objectives that users read, translated (``text_en``, ``text_fr``, ``text_es`` ...).

Seeded from ``data/roadmap_objectives.csv`` (English, the plan's wording) and
``data/roadmap_objectives.fr.csv`` / ``.es.csv`` (our translations: the sources at hand give the plan in
English only).
"""

import csv
import io
from importlib import resources

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.core.translated import keep_history_of_translations
from fourpermille.web.roadmap.models import RoadmapObjective

#: The translated fields, which the seed and the data migration fill.
OBJECTIVE_FIELDS = ("text", "baseline_2020", "target_2030", "target_2050", "kpi")


@register(RoadmapObjective)
class RoadmapObjectiveTranslation(TranslationOptions):
    fields = OBJECTIVE_FIELDS


keep_history_of_translations(RoadmapObjective)


def objective_translations() -> dict[str, dict[str, dict[str, str]]]:
    """objective code -> language -> field -> text, from ``data/roadmap_objectives.<lang>.csv``."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for lang in ("fr", "es"):
        text = resources.files("fourpermille.web.roadmap").joinpath("data", f"roadmap_objectives.{lang}.csv")
        for row in csv.DictReader(io.StringIO(text.read_text(encoding="utf-8"))):
            found.setdefault(row["objective"], {})[lang] = {f: row[f] for f in OBJECTIVE_FIELDS if row[f]}
    return found
