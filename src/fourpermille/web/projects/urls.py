from django.urls import path

from fourpermille.web.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectList.as_view(), name="list"),
    path("new/", views.ProjectCreate.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectUpdate.as_view(), name="update"),
    path("<int:pk>/delete/", views.ProjectDelete.as_view(), name="delete"),
    path("<int:pk>/transition/<slug:action>/", views.project_transition, name="transition"),
    path("<int:project_pk>/sites/new/", views.SiteCreate.as_view(), name="site-create"),
    path("sites/<int:pk>/", views.SiteDetail.as_view(), name="site-detail"),
    path("sites/<int:pk>/edit/", views.SiteUpdate.as_view(), name="site-update"),
    path("sites/<int:pk>/delete/", views.SiteDelete.as_view(), name="site-delete"),
    path("sites/<int:pk>/upload/", views.site_upload, name="site-upload"),
    path("sites/measurements-template.csv", views.measurement_template, name="measurement-template"),
    path("sites/geometry/check/", views.geometry_check, name="geometry-check"),
    path("sites/outlines.geojson", views.site_outlines, name="site-outlines"),
]
