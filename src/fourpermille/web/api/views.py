"""REST API view sets: thin; visibility from ``projects.services``, changes through the workflow services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from fourpermille.web.api import serializers as s
from fourpermille.web.assessment import workflow
from fourpermille.web.assessment.models import Assessment, Criterion, Framework
from fourpermille.web.commitments.models import Commitment
from fourpermille.web.community.models import Organisation
from fourpermille.web.core import roles, throttle
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.monitoring.services import import_measurements
from fourpermille.web.portal.figures import platform_figures
from fourpermille.web.projects.models import Project, Site
from fourpermille.web.projects.services import visible_sites
from fourpermille.web.resources.models import Practice
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective


class OrganisationViewSet(viewsets.ModelViewSet):
    """Members and partners. Public read; the secretariat creates and deletes, an editor changes their own."""

    queryset = Organisation.objects.all()
    serializer_class = s.OrganisationSerializer
    filterset_fields = ["type", "region", "body", "status", "country"]
    search_fields = ["name", "acronym", "country"]
    ordering_fields = ["name", "declaration_signed", "country"]


class PracticeViewSet(viewsets.ReadOnlyModelViewSet):
    """The practice catalogue (types of action)."""

    queryset = Practice.objects.all()
    serializer_class = s.PracticeSerializer
    lookup_field = "code"
    filterset_fields = ["category"]
    search_fields = ["name"]


class ObjectiveViewSet(viewsets.ModelViewSet):
    """Roadmap objectives with their KPI values; the secretariat edits them."""

    queryset = RoadmapObjective.objects.prefetch_related("values")
    serializer_class = s.ObjectiveSerializer
    lookup_field = "code"
    filterset_fields = ["goal"]
    search_fields = ["text", "kpi"]


class KpiValueViewSet(viewsets.ModelViewSet):
    """KPI values over time (one per objective and year); the secretariat records them."""

    queryset = KpiValue.objects.select_related("objective")
    serializer_class = s.KpiValueSerializer
    filterset_fields = ["objective", "year"]


class CommitmentViewSet(viewsets.ModelViewSet):
    """Commitments of the signatories (every revision kept: see ``history``)."""

    queryset = Commitment.objects.select_related("organisation").prefetch_related("actions", "milestones")
    serializer_class = s.CommitmentSerializer
    filterset_fields = ["organisation", "target_unit", "resources_kind"]
    search_fields = ["title", "target_text"]

    @extend_schema(responses=s.CommitmentRevisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every saved revision, newest first."""
        commitment = self.get_object()
        revisions = []
        for record in commitment.history.all().order_by("-history_date", "-history_id"):
            data = s.CommitmentSerializer(record.instance, context={"request": request}).data
            data["history_date"] = record.history_date
            data["history_user"] = record.history_user.username if record.history_user else None
            data["history_change_reason"] = record.history_change_reason
            revisions.append(data)
        return Response(revisions)


class ProjectViewSet(viewsets.ModelViewSet):
    """Projects. Anonymous users see published projects (investment opportunities); editors their own;
    reviewers their assignments; the secretariat all. ``POST transition/`` moves a project in the workflow."""

    serializer_class = s.ProjectSerializer
    queryset = Project.objects.all()
    filterset_fields = ["status", "modality", "region", "country", "organisation", "primary_aim"]
    search_fields = ["title", "summary", "country"]
    ordering_fields = ["title", "start", "area_ha", "updated_at"]

    def get_queryset(self):
        return (
            Project.objects.select_related("organisation")
            .prefetch_related("practices", "objectives", "sites")
            .visible_to(self.request.user)
            .order_by("title", "pk")
        )

    @extend_schema(request=s.TransitionSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Apply a workflow action: submit, withdraw, start_eligibility, declare_eligible, declare_ineligible,
        complete, publish. 409 if not possible from the current state or its conditions are not met."""
        project = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = workflow.transition(
            project, data.validated_data["action"], request.user, data.validated_data["note"]
        )
        return Response(s.ProjectSerializer(project, context={"request": request}).data)

    @extend_schema(responses=s.WorkflowEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        """The project's workflow history (who, when, from, to, note)."""
        return Response(s.WorkflowEventSerializer(self.get_object().events.all(), many=True).data)


class SiteViewSet(viewsets.ModelViewSet):
    """Sites of the projects the user sees. ``POST measurements/`` uploads a CSV (all-or-nothing)."""

    serializer_class = s.SiteSerializer
    queryset = Site.objects.all()
    filterset_fields = ["project", "climate_zone"]

    def get_queryset(self):
        return visible_sites(self.request.user).order_by("project", "name", "pk")

    def get_serializer_class(self):
        if getattr(self, "action", None) == "measurements":
            return s.UploadInputSerializer
        return s.SiteSerializer

    @extend_schema(
        request={"multipart/form-data": s.UploadInputSerializer}, responses={201: s.UploadSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def measurements(self, request, pk=None):
        """Upload soil measurements (CSV, stocks input layout). Errors name the row and column; nothing is
        stored unless every row is valid."""
        site = self.get_object()
        if not request.user.has_perm("projects.change_site", site):
            raise PermissionDenied("You may only upload to your organisation's sites.")
        data = s.UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        result = import_measurements(
            site,
            values["file"],
            request.user,
            values["note"],
            sampled_on=values["sampled_on"],
            campaign=values["campaign"],
        )
        return Response(s.UploadSerializer(result.upload).data, status=status.HTTP_201_CREATED)


class UploadViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Accepted measurement uploads; ``GET {id}/rows/`` lists the stored rows, ``GET {id}/stocks/`` the
    stored SOC stock of each profile."""

    serializer_class = s.UploadSerializer
    queryset = MeasurementUpload.objects.all()
    filterset_fields = ["site"]

    def get_queryset(self):
        return (
            MeasurementUpload.objects.filter(site__in=visible_sites(self.request.user).values("pk"))
            .select_related("uploaded_by")
            .order_by("-uploaded_at", "-pk")
        )

    @extend_schema(responses=s.MeasurementSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        upload = self.get_object()
        page = self.paginate_queryset(upload.measurements.order_by("row"))
        return self.get_paginated_response(s.MeasurementSerializer(page, many=True).data)

    @extend_schema(responses=s.ProfileStockSerializer(many=True))
    @action(detail=True, methods=["get"])
    def stocks(self, request, pk=None):
        """SOC stock of each profile, 0 to the reporting depth (30 cm), as stored when the file was
        uploaded; ``status`` says whether the profile counts (``shallow``: sampled shallower, left out)."""
        upload = self.get_object()
        page = self.paginate_queryset(upload.profile_stocks.order_by("pk"))
        return self.get_paginated_response(s.ProfileStockSerializer(page, many=True).data)


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Versions of the STC's reference criteria and indicators (edited by the secretariat in the admin)."""

    queryset = Framework.objects.prefetch_related("steps__criteria__indicators")
    serializer_class = s.FrameworkSerializer
    filterset_fields = ["status", "version"]


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assessments the user may see: the secretariat all, a reviewer their assignments, an editor their
    organisation's once completed, everyone the published ones."""

    serializer_class = s.AssessmentSerializer
    queryset = Assessment.objects.all()
    filterset_fields = ["project", "recommendation"]

    def get_queryset(self):
        user = self.request.user
        queryset = (
            Assessment.objects.select_related("project", "framework")
            .prefetch_related("results__criterion", "assignments__reviewer")
            .order_by("-created_at", "-pk")
        )
        if roles.is_secretariat(user):
            return queryset
        ids = [
            a.pk
            for a in queryset.filter(project__in=Project.objects.visible_to(user).values("pk"))
            if user.has_perm("assessment.view_assessment", a)
        ]
        return queryset.filter(pk__in=ids)

    def get_serializer_class(self):
        return {
            "edit": s.AssessmentEditSerializer,
            "assign": s.AssignSerializer,
            "results": s.ResultInputSerializer,
        }.get(getattr(self, "action", None), s.AssessmentSerializer)

    @extend_schema(request=s.AssessmentEditSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["patch"])
    def edit(self, request, pk=None):
        """Eligibility fields (secretariat, eligibility check) or report fields (assigned reviewer)."""
        assessment = self.get_object()
        data = s.AssessmentEditSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        assessment = workflow.edit_assessment(assessment, request.user, **data.validated_data)
        return Response(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=s.AssignSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """The secretariat assigns a reviewer (by user name)."""
        assessment = self.get_object()
        data = s.AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workflow.assign_reviewer(
            assessment, data.validated_data["reviewer"], request.user, data.validated_data["external"]
        )
        return Response(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=s.ResultInputSerializer, responses=s.AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """An assigned reviewer records a criterion's outcome (safeguards first; a failed one ends it)."""
        assessment = self.get_object()
        data = s.ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        criterion = get_object_or_404(
            Criterion, step__framework=assessment.framework, code=data.validated_data["criterion"]
        )
        workflow.record_result(
            assessment,
            criterion,
            data.validated_data["outcome"],
            data.validated_data["rationale"],
            request.user,
        )
        assessment = Assessment.objects.get(pk=assessment.pk)
        return Response(s.AssessmentSerializer(assessment).data)


class FiguresView(APIView):
    """Aggregated figures of the initiative and the platform (public)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=s.FiguresSerializer)
    def get(self, request):
        return Response(platform_figures())


class TokenView(ObtainAuthToken):
    """Exchange a user name and password for an API token (throttled like the login page)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    permission_classes = [AllowAny]

    def post(self, request, *args, **kwargs):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if throttle.is_locked(
            username if isinstance(username, str) else None, throttle.client_address(request)
        ):
            return Response(
                {"detail": "Too many failed attempts; try again later."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return super().post(request, *args, **kwargs)
