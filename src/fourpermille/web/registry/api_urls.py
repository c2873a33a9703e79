from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fourpermille.web.registry import api

app_name = "registry-api"

router = DefaultRouter()
router.register("issuances", api.IssuanceViewSet, basename="issuance")
router.register("retirements", api.RetirementViewSet, basename="retirement")
router.register("transfers", api.TransferViewSet, basename="transfer")
router.register("cancellations", api.CancellationViewSet, basename="cancellation")
router.register("ledger", api.LedgerViewSet, basename="ledger")

urlpatterns = [
    path("verify/", api.VerifyView.as_view(), name="verify"),
    path("", include(router.urls)),
]
