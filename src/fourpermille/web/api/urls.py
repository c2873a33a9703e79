"""API routes. The OpenAPI schema is at /api/schema/ (stable), browsable docs at /api/docs/ (Swagger UI,
served from vendored static files) and /api/redoc/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from fourpermille.web.api import views

app_name = "api"

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("kpi-values", views.KpiValueViewSet, basename="kpivalue")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("sites", views.SiteViewSet, basename="site")
router.register("uploads", views.UploadViewSet, basename="upload")
router.register("frameworks", views.FrameworkViewSet, basename="framework")
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = [
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
