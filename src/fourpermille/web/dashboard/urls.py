from django.urls import path

from fourpermille.web.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.ProgressView.as_view(), name="progress"),
    path("soc/", views.MonitoringView.as_view(), name="monitoring"),
    path("projects/<int:pk>/", views.ProjectDashboardView.as_view(), name="project"),
]
