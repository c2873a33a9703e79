"""The document's title and summary and the topic's name, translated (``title_en``, ``title_fr``,
``title_es`` ...). An uploader may fill one language; ``Document.shown`` picks what a page shows."""

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.core.translated import keep_history_of_translations
from fourpermille.web.library.models import Document, Topic

DOCUMENT_FIELDS = ("title", "summary")
TOPIC_FIELDS = ("name",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = DOCUMENT_FIELDS


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = TOPIC_FIELDS


keep_history_of_translations(Document)
