from django.urls import path

from fourpermille.web.estimates import views

app_name = "estimates"

urlpatterns = [
    path("projects/<int:pk>/ex-ante.json", views.ex_ante_json, name="ex-ante-json"),
    path("projects/<int:pk>/ex-ante/<int:index>.png", views.ex_ante_png, name="ex-ante-png"),
    path("projects/<int:pk>/mrv/upload/", views.mrv_upload, name="mrv-upload"),
    path("mrv/<int:pk>/report.<str:fmt>", views.mrv_report, name="mrv-report"),
]
