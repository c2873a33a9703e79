from django.urls import path

from fourpermille.web.community import views

app_name = "community"
urlpatterns = [
    path("", views.OrganisationList.as_view(), name="organisation-list"),
    path("new/", views.OrganisationCreate.as_view(), name="organisation-create"),
    path("<int:pk>/", views.OrganisationDetail.as_view(), name="organisation-detail"),
    path("<int:pk>/edit/", views.OrganisationUpdate.as_view(), name="organisation-update"),
    path("<int:pk>/delete/", views.OrganisationDelete.as_view(), name="organisation-delete"),
    path("<int:pk>/invite/", views.organisation_invite, name="organisation-invite"),
    path("join/", views.join_apply, name="join"),
    path("join/confirm/<str:token>/", views.join_confirm, name="join-confirm"),
    path("join/requests/", views.JoinRequestList.as_view(), name="join-list"),
    path("join/requests/<int:pk>/", views.join_request_detail, name="join-detail"),
    path(
        "join/requests/<int:pk>/<str:which>/",
        views.join_document,
        name="join-document",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
