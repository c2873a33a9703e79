from django.urls import path

from fourpermille.web.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.issuance_list, name="list"),
    path("issuances/<int:pk>/", views.issuance_detail, name="issuance"),
    path("retirements/<int:pk>/", views.retirement_detail, name="retirement"),
    path("accounts/<int:pk>/", views.account_detail, name="account"),
    path("labels/<int:project>/<str:period>/", views.label_detail, name="label"),
    path("labels/<int:project>/<str:period>/seal.<str:fmt>", views.label_seal, name="seal"),
    path("compare/<int:pk>/", views.compare, name="compare"),
]
