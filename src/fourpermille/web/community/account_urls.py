"""Accounts: the secretariat's pages (namespace ``accounts``) and Django's own password views, which keep
their un-namespaced names (``password_reset_confirm`` ...) because Django's views and e-mails reverse them."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from fourpermille.web.community import views
from fourpermille.web.community.forms import AccountPasswordResetForm

manage = (
    [
        path("", views.AccountList.as_view(), name="list"),
        path("new/", views.account_create, name="create"),
        path("<int:pk>/active/", views.account_set_active, name="set-active"),
    ],
    "accounts",
)

urlpatterns = [
    path("manage/", include(manage)),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=AccountPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
