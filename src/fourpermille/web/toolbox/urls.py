from django.urls import path

from fourpermille.web.toolbox import views

app_name = "toolbox"
urlpatterns = [
    path("", views.ToolboxIndex.as_view(), name="index"),
    path("stocks/", views.StocksView.as_view(), name="stocks"),
    path("target/", views.TargetView.as_view(), name="target"),
    path("tier1/", views.Tier1View.as_view(), name="tier1"),
    path("rothc/", views.RothCView.as_view(), name="rothc"),
    path("mrv/", views.MrvView.as_view(), name="mrv"),
    path("examples/<str:name>", views.example, name="example"),
    path("usage/", views.UsageView.as_view(), name="usage"),
]
