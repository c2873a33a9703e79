"""Login (throttled), the view helpers every app shares (``RulesMixin``, ``deny``) and the error pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from rules.contrib.views import PermissionRequiredMixin

from fourpermille.web.core import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing further attempts after repeated failures (core.throttle)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed login attempts. Try again in a few minutes."),
    }

    def clean(self):
        username = self.data.get("username") if hasattr(self.data, "get") else None
        if throttle.is_locked(
            username if isinstance(username, str) else None, throttle.client_address(self.request)
        ):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        cleaned = super().clean()
        throttle.reset(self.cleaned_data.get("username"), None)
        return cleaned


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm):
    """The admin's login form (staff only) with the same throttle."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(
                _("Please enter the correct %(username)s and password for a staff account."),
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"


def deny(request):
    """Anonymous users go to the login page; a logged-in user without the permission gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class RulesMixin(PermissionRequiredMixin):
    """Permission from the app's rules; anonymous users are sent to the login page, others get 403."""

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()


# Error pages (web/urls.py names these as handler400/403/404/500): the platform's own layout, with the menu.
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"request_path": request.path}, status=404)


def server_error(request):
    """Rendered without the request's context processors (they read the database, which may be what
    failed); a plain sentence if even the template cannot be rendered."""
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # noqa: BLE001 - the last resort must answer whatever broke
        body = "<!doctype html><title>Server error</title><h1>Server error</h1>"
    return HttpResponseServerError(body)
