from django.urls import path

from fourpermille.web.library import views

app_name = "library"
urlpatterns = [
    path("", views.DocumentList.as_view(), name="document-list"),
    path("new/", views.DocumentCreate.as_view(), name="document-create"),
    path("<int:pk>/", views.DocumentDetail.as_view(), name="document-detail"),
    path("<int:pk>/edit/", views.DocumentUpdate.as_view(), name="document-update"),
    path("<int:pk>/delete/", views.DocumentDelete.as_view(), name="document-delete"),
    path("<int:pk>/decide/", views.decide, name="document-decide"),
    path("<int:pk>/file/", views.document_file, name="document-file"),
]
