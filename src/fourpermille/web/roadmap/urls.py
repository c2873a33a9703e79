from django.urls import path

from fourpermille.web.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.ObjectiveList.as_view(), name="objective-list"),
    path("values/<int:pk>/delete/", views.delete_value, name="delete-value"),
    path("<str:code>/", views.ObjectiveDetail.as_view(), name="objective-detail"),
    path("<str:code>/edit/", views.ObjectiveUpdate.as_view(), name="objective-update"),
    path("<str:code>/values/", views.add_value, name="add-value"),
]
