from django.urls import path

from fourpermille.web.groups import views

app_name = "groups"
urlpatterns = [
    path("", views.GroupList.as_view(), name="list"),
    path("new/", views.GroupCreate.as_view(), name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.GroupUpdate.as_view(), name="update"),
    path("<int:pk>/join/", views.group_join, name="join"),
    path("<int:pk>/leave/", views.group_leave, name="leave"),
    path("<int:pk>/members/", views.group_members, name="members"),
    path("<int:pk>/members/<int:user_pk>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/threads/new/", views.thread_create, name="thread-create"),
    path("<int:pk>/documents/new/", views.document_upload, name="document-upload"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/edit/", views.thread_edit, name="thread-edit"),
    path("replies/<int:pk>/edit/", views.reply_edit, name="reply-edit"),
    path("<str:which>/<int:pk>/hide/", views.post_hide, name="hide"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document-delete"),
]
