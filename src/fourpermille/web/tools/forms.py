"""Forms of the catalogue: the secretariat's entry (every field, the text in English, French and Spanish)
and a member's proposal (English required; French and Spanish welcome, completed by the secretariat)."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from fourpermille.web.tools.models import TOOL_LANGUAGES, ExternalTool, Scale, split_codes
from fourpermille.web.tools.translation import TOOL_FIELDS

LANGS = ("en", "fr", "es")
TEXT_FIELDS = [f"{field}_{lang}" for field in TOOL_FIELDS for lang in LANGS]


class ToolForm(forms.ModelForm):
    scales = forms.MultipleChoiceField(
        label=_("Scales"), choices=Scale.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=list(TOOL_LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages of the tool or its documentation; none ticked: not stated."),
    )
    link = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")
    sources = forms.CharField(
        label=_("Documentation read"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The public documentation this entry was written from: one address per line."),
    )
    #: Translations this form requires (the secretariat publishes in every language).
    required_text = TEXT_FIELDS

    class Meta:
        model = ExternalTool
        fields = [
            "name",
            "developer",
            "category",
            *TEXT_FIELDS,
            "scales",
            "cost",
            "languages",
            "licence_kind",
            "licence",
            "validation_reference",
            "link",
            "sources",
            "monitoring",
            "last_checked",
        ]
        widgets = {
            # each text is marked with its language (screen readers; the English of a French page is meant)
            **{name: forms.Textarea(attrs={"rows": 2, "lang": name[-2:]}) for name in TEXT_FIELDS},
            "last_checked": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["scales"] = split_codes(self.instance.scales)
            self.initial["languages"] = split_codes(self.instance.languages)
        for name in TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].required = name in self.required_text

    def clean_scales(self) -> str:
        return " ".join(self.cleaned_data["scales"])

    def clean_languages(self) -> str:
        return " ".join(self.cleaned_data["languages"])

    def clean_sources(self) -> str:
        validate = forms.URLField(assume_scheme="https").clean
        lines = [line.strip() for line in self.cleaned_data["sources"].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Give at least one address of the documentation read."))
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("“%(line)s” is not a web address."), params={"line": line}
                ) from exc
        return "\n".join(lines)

    def save(self, commit=True):
        tool = super().save(commit=False)
        if not tool.slug:
            tool.slug = unique_slug(tool.name)
        if commit:
            tool.save()
        return tool


class ProposalForm(ToolForm):
    required_text = [f"{field}_en" for field in TOOL_FIELDS]

    class Meta(ToolForm.Meta):
        fields = [name for name in ToolForm.Meta.fields if name != "last_checked"]


def unique_slug(name: str) -> str:
    base = (slugify(name) or "tool")[:70]
    slug, n = base, 2
    while ExternalTool.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
