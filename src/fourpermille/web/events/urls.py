from django.urls import path

from fourpermille.web.events import views

app_name = "events"
urlpatterns = [
    path("", views.EventList.as_view(), name="list"),
    path("past/", views.PastEventList.as_view(), name="past"),
    path("feed.ics", views.events_feed, name="feed"),
    path("new/", views.EventCreate.as_view(), name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/edit/", views.EventUpdate.as_view(), name="update"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/unregister/", views.event_unregister, name="unregister"),
    path("<int:pk>/attendance/", views.event_attendance, name="attendance"),
]
