"""Login (throttled) and the view helpers every app shares (``RulesMixin``, ``deny``)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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
