"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

from fourpermille.web.community.models import Organisation
from fourpermille.web.core import roles


class OwnOrganisationFormMixin:
    """The ``organisation`` field offers the editor's own organisation only (the secretariat: all)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            if roles.is_secretariat(user):
                queryset = Organisation.objects.all()
            else:
                queryset = Organisation.objects.filter(pk=roles.editor_organisation_id(user))
                self.fields["organisation"].initial = roles.editor_organisation_id(user)
            self.fields["organisation"].queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FormUserMixin:
    """Pass ``request.user`` to the form (views)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class BootstrapFormRenderer(TemplatesSetting):
    """Django's form renderer with the project's templates first: ``{{ form }}`` (and ``as_p``, whose
    template ``django/forms/p.html`` is overridden in web/templates) renders with Bootstrap 5 classes
    through crispy-forms, so every form on every page looks the same without per-template markup."""

    form_template_name = "forms/bootstrap.html"
