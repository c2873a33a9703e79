from django.contrib.auth import views as auth_views
from django.urls import path

from fourpermille.web.core import views
from fourpermille.web.portal import views as home

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
