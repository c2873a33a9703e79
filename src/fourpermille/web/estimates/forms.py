from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fourpermille.web.estimates import services


class MrvUploadForm(forms.Form):
    period = forms.CharField(
        label=_("Monitoring period"), max_length=9, help_text=_("START-END in years, e.g. 2020-2025.")
    )
    change = forms.FileField(
        label=_("Change (JSON)"), help_text=_("The file written by `fourpermille mrv change -o CHANGE.json`.")
    )
    credits = forms.FileField(
        label=_("Credits (JSON)"),
        required=False,
        help_text=_("Optional: the file written by `fourpermille mrv credits CHANGE.json -o CREDITS.json`."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    verified = forms.BooleanField(label=_("Verified"), required=False)

    def __init__(self, *args, can_verify=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_verify:
            del self.fields["verified"]

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        try:
            services.parse_period(period)
        except services.MrvInputError as error:
            raise forms.ValidationError(str(error)) from None
        return period

    def _file(self, name):
        upload = self.cleaned_data.get(name)
        if upload is None:
            return None
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(n)d bytes)."), params={"n": settings.MAX_UPLOAD_BYTES}
            )
        return upload.read(), upload.name

    def clean_change(self):
        return self._file("change")

    def clean_credits(self):
        return self._file("credits")
