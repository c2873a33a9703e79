from django.urls import path

from fourpermille.web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("settings/", views.preferences, name="preferences"),
]
