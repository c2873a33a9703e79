"""Registry API: public reads (issuances with their figures, retirements, the ledger, a verification),
writes by role through ``services`` (issue and cancel: secretariat; transfer and retire: the account's
organisation editors or the secretariat)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from fourpermille.web.community.models import Organisation
from fourpermille.web.core import roles
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.projects.models import Project
from fourpermille.web.registry import services
from fourpermille.web.registry.models import (
    Account,
    Cancellation,
    Issuance,
    LedgerEntry,
    Retirement,
    Transfer,
)


class IssuanceSerializer(serializers.ModelSerializer):
    serials = serializers.SerializerMethodField()
    units_now = serializers.SerializerMethodField(help_text="held, buffer, retired, cancelled [t CO2e]")
    url = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField(
        help_text="the 4 per 1000 label for the period: its page (url), granted, reasons"
    )
    project_title = serializers.CharField(source="project.title", read_only=True)
    country = serializers.CharField(source="project.country", read_only=True)

    class Meta:
        model = Issuance
        fields = [
            "id",
            "url",
            "project",
            "project_title",
            "country",
            "period",
            "vintage",
            "rule_set",
            "credits_t_co2e",
            "buffer_t_co2e",
            "units",
            "buffer_units",
            "serials",
            "units_now",
            "label",
            "verifier",
            "issued_at",
            "evidence_hash",
            "is_demo",
        ]
        read_only_fields = fields

    def get_serials(self, obj) -> str:
        return services.serials(obj)

    def get_units_now(self, obj) -> dict[str, int]:
        return services.summary(obj)

    def get_label(self, obj) -> dict:
        decision = services.label(obj)
        return {
            "url": reverse("registry:label", args=[obj.project_id, obj.period]),
            "granted": decision.granted,
            "reasons": list(decision.reasons),
            "failing_safeguards": list(decision.failing_safeguards),
        }

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class IssueSerializer(serializers.Serializer):
    mrv_record = serializers.PrimaryKeyRelatedField(queryset=MrvRecord.objects.all())
    verifier = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="required unless the MRV result names one"
    )
    verified_on = serializers.DateField(required=False, help_text="the day the verifier signed")


class RetirementSerializer(serializers.ModelSerializer):
    serials = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="account.organisation.name", read_only=True)

    class Meta:
        model = Retirement
        fields = [
            "id",
            "organisation",
            "quantity",
            "beneficiary",
            "reason",
            "location",
            "retired_at",
            "serials",
            "is_demo",
        ]
        read_only_fields = ["id", "organisation", "retired_at", "serials", "is_demo"]

    def get_serials(self, obj) -> list[str]:
        return [b.serial for b in obj.blocks.select_related("issuance")]


class FromAccount(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text="whose account the units leave; default: the editor's own organisation",
    )


class RetireSerializer(FromAccount, serializers.ModelSerializer):
    class Meta:
        model = Retirement
        fields = ["organisation", "quantity", "beneficiary", "reason", "location"]


class TransferSerializer(FromAccount, serializers.Serializer):
    to_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    quantity = serializers.IntegerField(min_value=1)


class TransferOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transfer
        fields = ["id", "source", "target", "quantity", "transferred_at"]


class CancelSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    quantity = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=300)


class CancellationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cancellation
        fields = ["id", "project", "quantity", "from_buffer", "reason", "cancelled_at"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["sequence", "kind", "payload", "evidence_hash", "previous_hash", "hash", "recorded_at"]


def _refused(error: services.RegistryRefused):
    return ValidationError({"detail": str(error)})


def _source_account(request, organisation) -> Account:
    """The account units leave: the given organisation's (secretariat), else the editor's own."""
    if organisation is None:
        organisation_id = roles.editor_organisation_id(request.user)
        if organisation_id is None:
            raise ValidationError({"organisation": "name the organisation whose account the units leave"})
        organisation = Organisation.objects.get(pk=organisation_id)
    account = Account.objects.filter(organisation=organisation).first()
    if account is None or not request.user.has_perm("registry.move_units", account):
        raise PermissionDenied("you may move units only from your own organisation's account")
    return account


class IssuanceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Issuances (public). POST (secretariat): issue a verified MRV result, naming the verifier."""

    queryset = Issuance.objects.select_related("project").prefetch_related("blocks__account")
    serializer_class = IssuanceSerializer
    filterset_fields = ["vintage", "rule_set", "project"]

    def get_queryset(self):
        p = self.request.query_params
        return services.public_issuances(
            p.get("country", ""), p.get("vintage", ""), p.get("practice", ""), p.get("status", "")
        )

    @extend_schema(request=IssueSerializer, responses={201: IssuanceSerializer})
    def create(self, request, *args, **kwargs):
        data = IssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            issuance = services.issue(
                data.validated_data["mrv_record"],
                data.validated_data.get("verifier", ""),
                request.user,
                verified_on=data.validated_data.get("verified_on"),
            )
        except services.RegistryRefused as error:
            raise _refused(error) from None
        return Response(IssuanceSerializer(issuance).data, status=status.HTTP_201_CREATED)


class RetirementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Retirements (public). POST (the account's editors, the secretariat): retire units for a beneficiary."""

    queryset = Retirement.objects.select_related("account__organisation")
    serializer_class = RetirementSerializer

    @extend_schema(request=RetireSerializer, responses={201: RetirementSerializer})
    def create(self, request, *args, **kwargs):
        data = RetireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        account = _source_account(request, v.get("organisation"))
        try:
            retirement = services.retire(
                account,
                services.RetirementRequest(v["quantity"], v["beneficiary"], v["reason"], v["location"]),
                request.user,
            )
        except services.RegistryRefused as error:
            raise _refused(error) from None
        return Response(RetirementSerializer(retirement).data, status=status.HTTP_201_CREATED)


class TransferViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers (public). POST (the account's editors, the secretariat): move units to another account."""

    queryset = Transfer.objects.all()
    serializer_class = TransferOutSerializer

    @extend_schema(request=TransferSerializer, responses={201: TransferOutSerializer})
    def create(self, request, *args, **kwargs):
        data = TransferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        source = _source_account(request, v.get("organisation"))
        target = services.account_for(v["to_organisation"])
        try:
            row = services.transfer(source, target, v["quantity"], request.user)
        except services.RegistryRefused as error:
            raise _refused(error) from None
        return Response(TransferOutSerializer(row).data, status=status.HTTP_201_CREATED)


class CancellationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Cancellations (public). POST (secretariat): cancel a project's units after a loss, buffer first."""

    queryset = Cancellation.objects.all()
    serializer_class = CancellationSerializer

    @extend_schema(request=CancelSerializer, responses={201: CancellationSerializer})
    def create(self, request, *args, **kwargs):
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            row = services.cancel(v["project"], v["quantity"], v["reason"], request.user)
        except services.RegistryRefused as error:
            raise _refused(error) from None
        return Response(CancellationSerializer(row).data, status=status.HTTP_201_CREATED)


class LedgerViewSet(viewsets.ReadOnlyModelViewSet):
    """The ledger, entry by entry (public): recompute the chain yourself with ``fourpermille.registry``."""

    queryset = LedgerEntry.objects.all()
    serializer_class = LedgerEntrySerializer
    lookup_field = "sequence"


class VerifySerializer(serializers.Serializer):
    sound = serializers.BooleanField()
    entries = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField())


class VerifyView(APIView):
    """Recompute the chain and check the invariants now (what ``registry_verify`` does)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=VerifySerializer)
    def get(self, request):
        problems = services.verify()
        return Response({"sound": not problems, "entries": LedgerEntry.objects.count(), "problems": problems})
