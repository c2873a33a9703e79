"""The case-study form: a member's organisation is set from the account, never chosen; the secretariat,
writing for a member organisation, chooses it."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core import roles
from fourpermille.web.projects.models import Project
from fourpermille.web.resources.models import CaseStudy, Practice


class CaseStudyForm(forms.ModelForm):
    class Meta:
        model = CaseStudy
        fields = [
            "title",
            "language",
            "summary",
            "body",
            "region",
            "country",
            "year",
            "practices",
            "project",
            "organisation",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "practices": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["language"].initial = (get_language() or "en")[:2]
        else:  # the text stays in its author's language: say so to browsers, spell checkers, screen readers
            for name in ("title", "summary", "body"):
                self.fields[name].widget.attrs["lang"] = self.instance.language
        self.fields["practices"].queryset = Practice.objects.order_by("category", "name")
        self.fields["practices"].label_from_instance = lambda p: p.display_name
        if roles.is_secretariat(user):
            projects = Project.objects.all()
            self.fields["organisation"].help_text = _("The member organisation the case study comes from.")
        else:
            projects = Project.objects.filter(organisation_id=roles.editor_organisation_id(user))
            del self.fields["organisation"]
        self.fields["project"].queryset = projects.order_by("title")
        self.fields["project"].help_text = _("A project of your organisation on this platform, if any.")
