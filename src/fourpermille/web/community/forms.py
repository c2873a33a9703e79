import unicodedata
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import SECRETARIAT_FIELDS, Body, JoinRequest, Organisation, Person
from fourpermille.web.core import roles
from fourpermille.web.core.forms import DateInput


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


# --- joining and accounts ------------------------------------------------------------------------------

#: Accepted document types: extension -> (content type, the bytes a file of that type starts with).
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def validate_document(upload) -> None:
    """A PDF, PNG or JPEG no larger than ``settings.MAX_DOCUMENT_BYTES``, whose content is what its name says
    (an executable renamed .pdf is refused)."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise forms.ValidationError(
            _("Upload a PDF, PNG or JPEG file (this one is “%(suffix)s”).") % {"suffix": suffix or "?"},
            code="type",
        )
    limit = settings.MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 1e6:.1f}", "limit": f"{limit / 1e6:.0f}"},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_TYPES[suffix][1]):
        raise forms.ValidationError(
            _("The file's content is not a %(type)s document.") % {"type": suffix[1:].upper()}, code="content"
        )


class JoinRequestForm(forms.ModelForm):
    """The public application form. A Consortium member (non-profit) adds proof of its non-profit status."""

    website = forms.URLField(
        label=capfirst(JoinRequest._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )
    accept = forms.BooleanField(
        label=_("I act for this organisation and the information given is correct."), required=True
    )

    class Meta:
        model = JoinRequest
        fields = [
            "name",
            "acronym",
            "type",
            "country",
            "region",
            "body",
            "website",
            "description",
            "contact_name",
            "contact_email",
            "contact_position",
            "declaration_signed",
            "declaration",
            "non_profit_proof",
        ]
        widgets = {"declaration_signed": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "declaration": _("PDF, PNG or JPEG, scanned and signed."),
            "non_profit_proof": _("Required for Consortium members: statutes or registration as non-profit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept = "application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
        for name in ("declaration", "non_profit_proof"):
            self.fields[name].widget = forms.FileInput(attrs={"accept": accept})
            self.fields[name].validators.append(validate_document)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("“%(name)s” is a member or partner already: ask its editors to invite you."),
                params={"name": name},
                code="exists",
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("body") == Body.CONSORTIUM and not cleaned.get("non_profit_proof"):
            self.add_error("non_profit_proof", _("Consortium members are non-profit: attach the proof."))
        return cleaned

    def save(self, commit=True):
        join_request = super().save(commit=False)
        join_request.declaration_name = PurePosixPath(self.cleaned_data["declaration"].name).name[:255]
        proof = self.cleaned_data.get("non_profit_proof")
        join_request.non_profit_proof_name = PurePosixPath(proof.name).name[:255] if proof else ""
        if commit:
            join_request.save()
        return join_request


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve: create the organisation and invite its contact")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; the applicant receives it by e-mail."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)


class AcceptInvitationForm(UserCreationForm):
    """Django's sign-up form (user name, password twice, with the password validators) and the name."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, validators=[UnicodeUsernameValidator()])
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The link to choose a password is sent here."))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    role_names = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[
            (name, roles.ROLE_LABELS[name]) for name in (roles.EDITOR, roles.REVIEWER, roles.SECRETARIAT)
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."), code="taken")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address exists already."), code="taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if roles.EDITOR in cleaned.get("role_names", []) and not cleaned.get("organisation"):
            self.add_error("organisation", _("An organisation editor needs an organisation."))
        return cleaned


class PersonSettingsForm(forms.ModelForm):
    """What a user sets about themself: the language of the e-mails they receive."""

    class Meta:
        model = Person
        fields = ["language"]


class AccountPasswordResetForm(PasswordResetForm):
    """Django's reset form, also for an active account that has no password yet (opened by the secretariat,
    whose first link expired): choosing a password is what the link is for."""

    def get_users(self, email):
        email_field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        wanted = unicodedata.normalize("NFKC", email).casefold()
        return (
            u for u in users if unicodedata.normalize("NFKC", getattr(u, email_field)).casefold() == wanted
        )
