"""Framework editing for the secretariat: steps, criteria and indicators of a draft version."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from fourpermille.web.assessment.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
    FrameworkStatus,
    Indicator,
    ReviewerAssignment,
    Step,
)
from fourpermille.web.core.admin import AuditedAdmin


class StepInline(TranslationTabularInline):
    model = Step
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(TranslationAdmin, AuditedAdmin):
    list_display = ["version", "title", "status", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "published_at"]
    inlines = [StepInline]


class CriterionInline(TranslationStackedInline):
    model = Criterion
    extra = 0


class DraftOnlyMixin:
    """Choices of framework / step are limited to drafts: published versions are frozen."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "framework":
            kwargs["queryset"] = Framework.objects.filter(status=FrameworkStatus.DRAFT)
        elif db_field.name == "step":
            kwargs["queryset"] = Step.objects.filter(framework__status=FrameworkStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Step)
class StepAdmin(DraftOnlyMixin, TranslationAdmin, AuditedAdmin):
    list_display = ["framework", "number", "kind", "name"]
    list_filter = ["framework"]
    inlines = [CriterionInline]


class IndicatorInline(TranslationTabularInline):
    model = Indicator
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(DraftOnlyMixin, TranslationAdmin, AuditedAdmin):
    list_display = ["code", "name", "step", "sdgs", "is_proposal"]
    list_filter = ["step__framework", "step__kind", "is_proposal"]
    search_fields = ["code", "name"]
    inlines = [IndicatorInline]


class AssignmentInline(admin.TabularInline):
    model = ReviewerAssignment
    extra = 0


class ResultInline(admin.TabularInline):
    model = CriterionResult
    extra = 0
    readonly_fields = ["criterion", "outcome", "rationale", "reviewer"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin):
    """Results are recorded through the workflow (pages or API), which enforces safeguards first."""

    list_display = ["project", "framework", "recommendation", "completed_at"]
    readonly_fields = ["project", "framework", "completed_at"]
    inlines = [AssignmentInline, ResultInline]
