"""The STC's formative assessment: the reference criteria framework (versioned data, not code) and the
assessment of each project against one framework version.

A framework is a ``draft`` (editable) until the secretariat publishes it; a published framework is frozen
and new assessments use the newest published one. A new version starts as a copy of the current one
(``services.new_framework_draft``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.core.models import TimeStamped
from fourpermille.web.projects.models import Project

sdg_list = RegexValidator(
    r"^((1[0-7]|[1-9])(\s*,\s*(1[0-7]|[1-9]))*)?$",
    _("List Sustainable Development Goal numbers (1-17) separated by commas, e.g. 1, 5, 16."),
)


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Framework(TimeStamped):
    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What changed in this version and on whose decision.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("criteria framework")
        verbose_name_plural = _("criteria frameworks")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:framework-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == FrameworkStatus.DRAFT

    @classmethod
    def current(cls) -> Framework | None:
        """The newest published framework (the one new assessments use)."""
        return cls.objects.filter(status=FrameworkStatus.PUBLISHED).order_by("-published_at", "-pk").first()

    def criteria(self):
        return (
            Criterion.objects.filter(step__framework=self)
            .select_related("step")
            .order_by("step__number", "position", "code")
        )


def _refuse_published(framework) -> None:
    if framework is not None and not framework.is_editable:
        raise ValidationError(
            _("Version %(version)s is published: start a new version to change it."),
            params={"version": framework.version},
        )


class StepKind(models.TextChoices):
    SAFEGUARDS = "safeguards", _("Safeguards")
    DIRECT = "direct", _("Direct effects")
    INDIRECT = "indirect", _("Indirect effects")
    FEASIBILITY = "feasibility", _("Feasibility and enabling conditions")


class Step(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="steps", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("step"))
    kind = models.CharField(_("type"), max_length=20, choices=StepKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="unique_step_number")]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self):
        _refuse_published(getattr(self, "framework", None) if self.framework_id else None)

    @property
    def is_safeguards(self) -> bool:
        return self.kind == StepKind.SAFEGUARDS


class Criterion(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("step"))
    code = models.CharField(_("code"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    sdgs = models.CharField(_("SDG links"), max_length=60, blank=True, validators=[sdg_list])
    guidance = models.TextField(_("guidance"), blank=True)
    is_proposal = models.BooleanField(
        _("proposal"),
        default=False,
        help_text=_("Not published by the STC: a proposal to be confirmed before use."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["step__number", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["step", "code"], name="unique_criterion_code")]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        if self.step_id:
            _refuse_published(self.step.framework)

    @property
    def is_safeguard(self) -> bool:
        return self.step.kind == StepKind.SAFEGUARDS

    @property
    def sdg_numbers(self) -> list[int]:
        return [int(s) for s in self.sdgs.replace(" ", "").split(",") if s]


class Indicator(models.Model):
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("criterion")
    )
    code = models.CharField(_("code"), max_length=12)
    name = models.CharField(_("name"), max_length=300)
    method = models.TextField(_("method"), blank=True)
    metric = models.CharField(_("metric"), max_length=200, blank=True)
    is_proposal = models.BooleanField(
        _("proposal"),
        default=False,
        help_text=_("Not published by the STC: a proposal to be confirmed before use."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        if self.criterion_id:
            _refuse_published(self.criterion.step.framework)


class Recommendation(models.TextChoices):
    SUPPORT = "support", _("Support (letter of support)")
    SUPPORT_WITH_CONDITIONS = "conditional", _("Support with conditions")
    NOT_SUPPORTED = "not_supported", _("Not supported")


class Assessment(TimeStamped):
    """A project's assessment against one framework version (recorded when the project is submitted)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("project")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework version")
    )
    # Eligibility check (assessment_framework.md): complete request; organisation exists; contributes to
    # at least one strategy objective; primary aim a quantifiable SOC increase or reduced losses.
    request_complete = models.BooleanField(_("request complete"), null=True, blank=True)
    eligibility_note = models.TextField(_("eligibility note"), blank=True)
    report = models.TextField(_("report"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    letter_of_support = models.TextField(_("letter of support"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return str(_("Assessment of %(project)s") % {"project": self.project})

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.project.organisation_id

    def is_assigned(self, user) -> bool:
        return (
            bool(getattr(user, "is_authenticated", False)) and self.assignments.filter(reviewer=user).exists()
        )


class ReviewerAssignment(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("assessment")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    external = models.BooleanField(_("external reviewer"), default=False)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "reviewer"], name="one_assignment")]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.assessment.project}"


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class CriterionResult(TimeStamped):
    """A reviewer's finding on one criterion. A safeguard passes only when ``met`` or ``not_applicable``."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="results", verbose_name=_("criterion")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__step__number", "criterion__position", "criterion__code"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="one_result")]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_outcome_display()}"

    def clean(self):
        if (
            self.criterion_id
            and self.assessment_id
            and self.criterion.step.framework_id != self.assessment.framework_id
        ):
            raise ValidationError({"criterion": _("The criterion is not in the assessment's framework.")})

    @property
    def passes_safeguard(self) -> bool:
        return self.outcome in (Outcome.MET, Outcome.NOT_APPLICABLE)


class AssessmentDraft(TimeStamped):
    """What an assigned reviewer has typed on the one-page assessment and not yet submitted: each criterion's
    outcome and rationale and the report fields. Saved as they go (nothing recorded, no workflow effect); the
    preview of the report is drawn from it; "Submit assessment" records it through the workflow (safeguards
    first) and then deletes it. One draft per reviewer and assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("assessment")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessment_drafts",
        verbose_name=_("reviewer"),
    )
    #: ``{"<criterion pk>": {"outcome": "met", "rationale": "..."}}``; a row left empty is not kept.
    entries = models.JSONField(_("entries"), default=dict, blank=True)
    report = models.TextField(_("report"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    letter_of_support = models.TextField(_("letter of support"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "reviewer"], name="one_draft")]
        verbose_name = _("assessment draft")
        verbose_name_plural = _("assessment drafts")

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.assessment.project} ({_('draft')})"

    def entry(self, criterion_pk: int) -> tuple[str, str]:
        values = self.entries.get(str(criterion_pk), {})
        return values.get("outcome", ""), values.get("rationale", "")
