"""Helpers for model fields translated with django-modeltranslation (each app's ``translation.py``).

A translated field ``name`` has one column per language (``name_en``, ``name_fr``, ``name_es``); reading
``obj.name`` gives the active language's text (English when it is missing). Writing ``obj.name`` writes the
active language's column only, so code that creates or copies records passes every language explicitly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.utils.module_loading import import_string
from modeltranslation.utils import build_localized_fieldname


def languages() -> list[str]:
    """The platform's language codes (``settings.LANGUAGES``), English first."""
    return [code for code, _name in settings.LANGUAGES]


def every_language(obj, fields: Iterable[str]) -> dict[str, str | None]:
    """``{name_en: ..., name_fr: ..., ...}`` of ``obj``: what a copy of it needs to keep every translation."""
    return {
        build_localized_fieldname(field, lang): getattr(obj, build_localized_fieldname(field, lang))
        for field in fields
        for lang in languages()
    }


def from_source(
    english: Mapping[str, object], translations: Mapping[str, Mapping[str, str]], fields: Iterable[str]
) -> dict[str, object]:
    """Field values for a record seeded from a source text: ``english`` (field -> English text) and
    ``translations`` (language -> field -> text). Missing translations stay empty (shown in English)."""
    values: dict[str, object] = {}
    for field in fields:
        text = english.get(field, "")
        values[field] = text
        values[build_localized_fieldname(field, "en")] = text
        for lang in languages():
            if lang != "en":
                values[build_localized_fieldname(field, lang)] = translations.get(lang, {}).get(field) or None
    return values


def keep_history_of_translations(model) -> None:
    """Give ``model``'s change history (django-simple-history) a column for each translation.

    Call after registering ``model``'s translations: the historical model was built when ``model`` was
    defined, before the translated columns existed, and the history records every column of the model, so
    each edit of a translation is kept beside the others."""
    historical = model.history.model
    have = {field.name for field in historical._meta.get_fields()}
    for field in model._meta.fields:
        if getattr(field, "translated_field", None) is None or field.name in have:
            continue
        _name, path, args, kwargs = field.deconstruct()
        historical.add_to_class(field.name, import_string(path)(*args, **kwargs))
