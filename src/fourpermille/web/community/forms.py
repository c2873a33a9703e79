from django import forms

from fourpermille.web.community.models import Organisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name, required=False, assume_scheme="https"
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
        widgets = {"declaration_signed": forms.DateInput(attrs={"type": "date"})}
