from django.urls import path

from fourpermille.web.estimates import views

app_name = "estimates"

urlpatterns = [
    path("projects/<int:pk>/", views.project_estimate, name="project"),
    path("projects/<int:pk>/ex-ante.json", views.ex_ante_json, name="ex-ante-json"),
    path("projects/<int:pk>/ex-ante/<int:index>.png", views.ex_ante_png, name="ex-ante-png"),
    path("projects/<int:pk>/site-<int:index>/project.yaml", views.project_file, name="project-file"),
    path("projects/<int:pk>/site-<int:index>/scenarios.png", views.scenarios_png, name="scenarios-png"),
    path("projects/<int:pk>/options/", views.estimate_options, name="options"),
    path("projects/<int:pk>/scenarios/new/", views.scenario_create, name="scenario-create"),
    path("scenarios/<int:pk>/edit/", views.scenario_update, name="scenario-update"),
    path("scenarios/<int:pk>/delete/", views.scenario_delete, name="scenario-delete"),
    path("sites/<int:pk>/climate/", views.site_climate, name="site-climate"),
    path("projects/<int:pk>/mrv/upload/", views.mrv_upload, name="mrv-upload"),
    path("mrv/<int:pk>/report.<str:fmt>", views.mrv_report, name="mrv-report"),
    path("mrv/<int:pk>/original.<str:fmt>", views.mrv_original, name="mrv-original"),
    path("mrv/<int:pk>/verify/", views.mrv_verify, name="mrv-verify"),
]
