from django.urls import path

from fourpermille.web.tools import views

app_name = "tools"
urlpatterns = [
    path("", views.ToolList.as_view(), name="tool-list"),
    path("compare/", views.compare, name="tool-compare"),
    path("new/", views.ToolCreate.as_view(), name="tool-create"),
    path("propose/", views.ToolPropose.as_view(), name="tool-propose"),
    path("proposals/", views.proposals, name="tool-proposals"),
    path("<slug:slug>/", views.ToolDetail.as_view(), name="tool-detail"),
    path("<slug:slug>/edit/", views.ToolUpdate.as_view(), name="tool-update"),
    path("<slug:slug>/decide/", views.decide, name="tool-decide"),
    path("<slug:slug>/retire/", views.retire, name="tool-retire"),
]
