from django.urls import path

from fourpermille.web.commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.CommitmentList.as_view(), name="list"),
    path("new/", views.CommitmentCreate.as_view(), name="create"),
    path("<int:pk>/", views.CommitmentDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CommitmentUpdate.as_view(), name="update"),
    path("<int:pk>/delete/", views.CommitmentDelete.as_view(), name="delete"),
    path("<int:pk>/milestones/", views.add_milestone, name="add-milestone"),
]
