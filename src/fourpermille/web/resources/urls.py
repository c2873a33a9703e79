from django.urls import path

from fourpermille.web.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.PracticeList.as_view(), name="practice-list"),
    path("practices/<slug:code>/", views.PracticeDetail.as_view(), name="practice-detail"),
]
