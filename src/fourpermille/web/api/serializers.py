"""API schemas. Input and output are the same for these models (none holds a secret); read-only fields
(status, revision, computed coordinates, demo flag) are declared so, and users are exposed by user name only.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from fourpermille.web.assessment.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Framework,
    Indicator,
    Outcome,
    ReviewerAssignment,
    Step,
)
from fourpermille.web.commitments.models import Commitment, Milestone
from fourpermille.web.community.models import SECRETARIAT_FIELDS, Organisation
from fourpermille.web.core import roles
from fourpermille.web.monitoring.models import (
    NUMERIC_COLUMNS,
    MeasurementUpload,
    ProfileStock,
    SoilMeasurement,
)
from fourpermille.web.monitoring.services import validate_sampling_date
from fourpermille.web.projects.models import Project, Site, WorkflowEvent, validate_geometry
from fourpermille.web.resources.models import Practice
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
from fourpermille.web.roadmap.services import is_computed, kpi_figure


class ModelCleanMixin:
    """Run the model's ``clean()`` so cross-field rules (end after start ...) give field errors here too."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = model(**{k: v for k, v in attrs.items() if not _is_m2m(model, k)})
        if self.instance is not None:
            for field in model._meta.concrete_fields:
                if field.name not in attrs and field.attname not in attrs:
                    setattr(instance, field.attname, getattr(self.instance, field.attname))
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict if hasattr(exc, "message_dict") else {"non_field_errors": exc.messages}
            ) from None
        return attrs


def _is_m2m(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:  # noqa: BLE001  (FieldDoesNotExist: not a model field)
        return False


class OwnOrganisationMixin:
    """An editor may only name their own organisation; the secretariat any."""

    def validate_organisation(self, organisation):
        user = self.context["request"].user
        if roles.is_secretariat(user):
            return organisation
        if organisation is None or roles.editor_organisation_id(user) != organisation.pk:
            raise exceptions.PermissionDenied("You may only act for your own organisation.")
        return organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "type",
            "country",
            "region",
            "body",
            "declaration_signed",
            "status",
            "website",
            "description",
            "is_demo",
        ]
        read_only_fields = ["is_demo"]
        extra_kwargs = {
            name: {"help_text": "Set by the secretariat; anyone else changing it gets 403."}
            for name in SECRETARIAT_FIELDS
        }

    def validate(self, attrs):
        """An editor may change their organisation's record but not the fields the secretariat owns
        (an unchanged value, as in a PUT of what GET returned, is accepted)."""
        attrs = super().validate(attrs)
        if roles.is_secretariat(self.context["request"].user):
            return attrs
        changed = [
            name
            for name in SECRETARIAT_FIELDS
            if name in attrs and (self.instance is None or getattr(self.instance, name) != attrs[name])
        ]
        if changed:
            raise exceptions.PermissionDenied(f"Only the secretariat may change: {', '.join(changed)}.")
        return attrs


class PracticeSerializer(serializers.ModelSerializer):
    has_quantified_effect = serializers.SerializerMethodField(
        help_text="whether the practice catalogue (fourpermille.practices) gives a number for its effect"
    )

    class Meta:
        model = Practice
        fields = ["code", "name", "category", "description", "has_quantified_effect"]

    def get_has_quantified_effect(self, practice) -> bool:
        entry = practice.catalogue_entry()
        return entry is not None and entry.has_quantified_effect


class KpiValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = KpiValue
        fields = ["id", "objective", "year", "value", "note", "is_demo"]
        read_only_fields = ["is_demo"]

    def validate(self, attrs):
        objective = attrs.get("objective") or getattr(self.instance, "objective", None)
        note = attrs.get("note", getattr(self.instance, "note", ""))
        if objective is not None and is_computed(objective.code) and not (note or "").strip():
            raise serializers.ValidationError(
                {
                    "note": _(
                        "The KPI of %(code)s is counted from the platform's records: a value entered for a "
                        "year where they are incomplete needs its source."
                    )
                    % {"code": objective.code}
                }
            )
        return attrs


class KpiFigureSerializer(serializers.Serializer):
    """A KPI's current figure (``roadmap.services.KpiFigure``): the same value the dashboards show."""

    kind = serializers.ChoiceField(choices=["computed", "entered", "none"])
    value = serializers.FloatField(allow_null=True)
    year = serializers.IntegerField(allow_null=True, help_text="the year the value applies to")
    records = serializers.IntegerField(allow_null=True, help_text="records counted (computed KPIs)")
    entered_on = serializers.DateField(allow_null=True)
    source = serializers.CharField(allow_blank=True)
    demo = serializers.BooleanField(help_text="derived from demo records, or a demo value")
    url = serializers.CharField(allow_blank=True, help_text="the page listing the records counted")
    counted = serializers.FloatField(
        allow_null=True,
        source="counted.value",
        default=None,
        help_text="what the records count, where an entered value applies instead (records incomplete)",
    )


class ObjectiveSerializer(serializers.ModelSerializer):
    goal_name = serializers.CharField(source="get_goal_display", read_only=True)
    values = KpiValueSerializer(many=True, read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = RoadmapObjective
        fields = [
            "code",
            "goal",
            "goal_name",
            "text",
            "baseline_2020",
            "target_2030",
            "target_2050",
            "kpi",
            "kpi_baseline_2020",
            "kpi_target_2030",
            "kpi_target_2050",
            "current",
            "values",
        ]

    @extend_schema_field(KpiFigureSerializer)
    def get_current(self, objective) -> dict:
        return KpiFigureSerializer(kpi_figure(objective)).data


@extend_schema_field({"type": "object", "description": "GeoJSON Point or Polygon (longitude, latitude)"})
class GeoJSONField(serializers.Field):
    def to_representation(self, value):
        try:
            return json.loads(value)
        except ValueError:
            return None

    def to_internal_value(self, data):
        try:
            text = data if isinstance(data, str) else json.dumps(data, allow_nan=False)
        except (ValueError, TypeError, RecursionError):
            raise serializers.ValidationError("Not a GeoJSON geometry.") from None
        try:
            validate_geometry(text)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return text


class SiteSerializer(OwnOrganisationMixin, ModelCleanMixin, serializers.ModelSerializer):
    geometry = GeoJSONField()

    class Meta:
        model = Site
        fields = [
            "id",
            "project",
            "name",
            "geometry",
            "longitude",
            "latitude",
            "climate_zone",
            "soil_class",
            "wrb_group",
            "clay_pct",
            "baseline_soc_t_ha",
            "baseline_depth_cm",
            "is_demo",
            "geometry_type",
            "area_ha",
        ]
        read_only_fields = ["longitude", "latitude", "is_demo", "geometry_type", "area_ha"]
        extra_kwargs = {
            "geometry_type": {"help_text": "Point, Polygon or MultiPolygon, from the geometry ('' without)"},
            "area_ha": {"help_text": "geodesic area of the polygons [ha] (WGS 84); null for a point"},
        }

    def validate_project(self, project):
        user = self.context["request"].user
        if not user.has_perm("projects.change_site", Site(project=project)):
            raise exceptions.PermissionDenied("You may only add sites to your organisation's projects.")
        return project


class SiteSummarySerializer(serializers.ModelSerializer):
    geometry = GeoJSONField(read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            "name",
            "geometry",
            "climate_zone",
            "soil_class",
            "wrb_group",
            "clay_pct",
            "baseline_soc_t_ha",
            "geometry_type",
            "area_ha",
        ]


class CodeField(serializers.SlugRelatedField):
    """A record named by its code; a code no record can have (a NUL character, which PostgreSQL text cannot
    hold) is refused as unknown before the database is asked."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", "\\x00"))
        return super().to_internal_value(data)


class ProjectSerializer(OwnOrganisationMixin, ModelCleanMixin, serializers.ModelSerializer):
    practices = CodeField(slug_field="code", many=True, queryset=Practice.objects.all(), required=False)
    objectives = CodeField(
        slug_field="code", many=True, queryset=RoadmapObjective.objects.all(), required=False
    )
    sites = SiteSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "organisation",
            "title",
            "summary",
            "country",
            "region",
            "modality",
            "language",
            "status",
            "primary_aim",
            "area_ha",
            "budget_amount",
            "budget_currency",
            "start",
            "end",
            "practices",
            "objectives",
            "sites",
            "is_demo",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "is_demo", "created_at", "updated_at"]


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=40)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class WorkflowEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = WorkflowEvent
        fields = ["action", "from_status", "to_status", "actor", "at", "note"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "date", "description", "achieved"]


class CommitmentSerializer(OwnOrganisationMixin, ModelCleanMixin, serializers.ModelSerializer):
    actions = CodeField(slug_field="code", many=True, queryset=Practice.objects.all(), required=False)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "organisation",
            "title",
            "target_text",
            "target_value",
            "target_unit",
            "actions",
            "start",
            "end",
            "resources_amount",
            "resources_currency",
            "resources_kind",
            "milestones",
            "revision",
            "is_demo",
            "updated_at",
        ]
        read_only_fields = ["revision", "is_demo", "updated_at"]


class CommitmentRevisionSerializer(CommitmentSerializer):
    """One saved revision of a commitment (``history/``): the commitment as it was, and who saved it when."""

    history_date = serializers.DateTimeField(read_only=True)
    history_user = serializers.CharField(read_only=True, allow_null=True)
    history_change_reason = serializers.CharField(read_only=True, allow_null=True)

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "history_date", "history_user", "history_change_reason"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "method", "metric", "is_proposal"]


class CriterionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "sdgs", "guidance", "is_proposal", "indicators"]


class StepSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Step
        fields = ["number", "kind", "name", "description", "criteria"]


class FrameworkSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = ["id", "version", "title", "status", "published_at", "notes", "steps"]


class CriterionResultSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = CriterionResult
        fields = ["criterion", "outcome", "rationale", "reviewer", "updated_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReviewerAssignment
        fields = ["reviewer", "external", "assigned_at"]


class AssessmentSerializer(serializers.ModelSerializer):
    framework_version = serializers.CharField(source="framework.version", read_only=True)
    results = CriterionResultSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    project_status = serializers.CharField(source="project.status", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "project",
            "project_status",
            "framework_version",
            "request_complete",
            "eligibility_note",
            "report",
            "recommendation",
            "letter_of_support",
            "completed_at",
            "assignments",
            "results",
        ]
        read_only_fields = ["project", "completed_at"]


class AssessmentEditSerializer(serializers.Serializer):
    request_complete = serializers.BooleanField(required=False, allow_null=True)
    eligibility_note = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    report = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    recommendation = serializers.ChoiceField(
        choices=Assessment._meta.get_field("recommendation").choices, required=False, allow_blank=True
    )
    letter_of_support = serializers.CharField(required=False, allow_blank=True, max_length=50_000)


class AssignSerializer(serializers.Serializer):
    reviewer = serializers.SlugRelatedField(slug_field="username", queryset=get_user_model().objects.all())
    external = serializers.BooleanField(required=False, default=False)


class ResultInputSerializer(serializers.Serializer):
    criterion = serializers.CharField(max_length=10, help_text="Criterion code, e.g. 1.1")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField(max_length=20_000)


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = SoilMeasurement
        fields = ["row", "profile_id", *NUMERIC_COLUMNS]


class ProfileStockSerializer(serializers.ModelSerializer):
    """The stored SOC stock of one profile (fourpermille.stocks.reporting_depth_stocks when uploaded)."""

    class Meta:
        model = ProfileStock
        fields = [
            "profile_id",
            "depth_cm",
            "sampled_depth_cm",
            "status",
            "soil_mass_t_ha",
            "soc_stock_t_ha",
            "note",
        ]


class UploadSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="null once the user is deleted"
    )

    class Meta:
        model = MeasurementUpload
        fields = [
            "id",
            "site",
            "file_name",
            "sha256",
            "row_count",
            "profile_count",
            "uploaded_by",
            "uploaded_at",
            "sampled_on",
            "campaign",
            "note",
        ]


class UploadInputSerializer(serializers.Serializer):
    """What the upload page asks for: the file, the campaign's sampling date (required) and its name."""

    file = serializers.FileField(help_text="CSV in the stocks input layout")
    sampled_on = serializers.DateField(
        help_text="the day the soil was sampled (the campaign's date, YYYY-MM-DD), not the upload day",
        validators=[validate_sampling_date],
    )
    campaign = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="e.g. baseline, 2026 repeat"
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FiguresSerializer(serializers.Serializer):
    """Aggregated figures (see fourpermille.web.portal.figures.platform_figures)."""

    organisations = serializers.IntegerField()
    organisations_by_type = serializers.DictField(child=serializers.IntegerField())
    organisations_by_body = serializers.DictField(child=serializers.IntegerField())
    organisations_by_region = serializers.DictField(child=serializers.IntegerField())
    projects_by_status = serializers.DictField(child=serializers.IntegerField())
    published_projects = serializers.IntegerField()
    published_area_ha = serializers.FloatField()
    published_budget_by_currency = serializers.DictField(child=serializers.FloatField())
    sites = serializers.IntegerField()
    soil_measurements = serializers.IntegerField()
    commitments = serializers.IntegerField()
    objectives = serializers.ListField(child=serializers.DictField())
