"""The practice's name and description, translated (``name_en``, ``name_fr``, ``name_es`` ...), filled from
the science core's catalogue (``fourpermille.practices``: its ``translations``), which stays their source."""

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.core.translated import keep_history_of_translations
from fourpermille.web.resources.models import Practice

PRACTICE_FIELDS = ("name", "description")


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = PRACTICE_FIELDS


keep_history_of_translations(Practice)
