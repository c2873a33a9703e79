"""The catalogue's text users read, translated (``purpose_en``, ``purpose_fr``, ``purpose_es`` ...): filled
from ``data/tools.yaml``, which gives every entry in English, French and Spanish. Names, developers and
licences are proper names and stay as published."""

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.core.translated import keep_history_of_translations
from fourpermille.web.tools.models import ExternalTool

#: The translated fields, which the seed fills.
TOOL_FIELDS = ("purpose", "inputs", "outputs", "validation")


@register(ExternalTool)
class ExternalToolTranslation(TranslationOptions):
    fields = TOOL_FIELDS
    required_languages = ("en",)


keep_history_of_translations(ExternalTool)
