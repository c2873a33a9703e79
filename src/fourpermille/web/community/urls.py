from django.urls import path

from fourpermille.web.community import views

app_name = "community"
urlpatterns = [
    path("", views.OrganisationList.as_view(), name="organisation-list"),
    path("new/", views.OrganisationCreate.as_view(), name="organisation-create"),
    path("<int:pk>/", views.OrganisationDetail.as_view(), name="organisation-detail"),
    path("<int:pk>/edit/", views.OrganisationUpdate.as_view(), name="organisation-update"),
    path("<int:pk>/delete/", views.OrganisationDelete.as_view(), name="organisation-delete"),
]
