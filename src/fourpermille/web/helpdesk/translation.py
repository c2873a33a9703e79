"""The desks' descriptions, translated (``description_en``, ``description_fr``, ``description_es``)."""

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.core.translated import keep_history_of_translations
from fourpermille.web.helpdesk.models import Desk

DESK_FIELDS = ("description",)


@register(Desk)
class DeskTranslation(TranslationOptions):
    fields = DESK_FIELDS


keep_history_of_translations(Desk)
