"""Fields of the criteria framework that users read, translated (``name_en``, ``name_fr``, ``name_es`` ...).

The default framework carries its French and Spanish text in ``data/default_framework.yaml`` (``fr:`` and
``es:`` under each item); the secretariat edits the translations of a draft version in the admin.
"""

from modeltranslation.translator import TranslationOptions, register

from fourpermille.web.assessment.models import Criterion, Framework, Indicator, Step
from fourpermille.web.core.translated import keep_history_of_translations

FRAMEWORK_FIELDS = ("title", "notes")
STEP_FIELDS = ("name", "description")
CRITERION_FIELDS = ("name", "guidance")
INDICATOR_FIELDS = ("name", "method", "metric")


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = FRAMEWORK_FIELDS


@register(Step)
class StepTranslation(TranslationOptions):
    fields = STEP_FIELDS


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = CRITERION_FIELDS


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = INDICATOR_FIELDS


keep_history_of_translations(Framework)
keep_history_of_translations(Step)
keep_history_of_translations(Criterion)
keep_history_of_translations(Indicator)
