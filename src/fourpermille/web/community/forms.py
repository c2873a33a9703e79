from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import SECRETARIAT_FIELDS, Organisation
from fourpermille.web.core import roles


class OrganisationForm(forms.ModelForm):
    """An organisation's record. ``user`` decides what may change: the fields the secretariat owns
    (``SECRETARIAT_FIELDS``) are shown disabled to anyone else, and Django then ignores what is posted."""

    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "type",
            "country",
            "region",
            "body",
            "declaration_signed",
            "status",
            "website",
            "description",
        ]
        # A date input takes ISO dates whatever the page's language (a French "08/10/2018" shows empty).
        widgets = {"declaration_signed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not roles.is_secretariat(user):
            for name in SECRETARIAT_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Set by the secretariat.")
