from django.urls import path

from fourpermille.web.dashboard import api

app_name = "dashboard-api"

urlpatterns = [
    path("progress/<slug:chart>/", api.progress_chart, name="progress"),
    path("monitoring/<slug:chart>/", api.monitoring_chart, name="monitoring"),
    path("sites/<int:pk>/series/", api.site_series, name="site-series"),
    path("sites/<int:pk>/measurements.csv", api.site_measurements, name="site-measurements"),
    path("sites/<int:pk>/profiles/", api.site_profiles, name="site-profiles"),
    path("projects/<int:pk>/series/", api.project_series, name="project-series"),
    path("projects/<int:pk>/sites/", api.project_sites_view, name="project-sites"),
    path("projects/<int:pk>/profiles/", api.project_profiles, name="project-profiles"),
]
