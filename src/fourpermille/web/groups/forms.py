from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.forms import validate_document
from fourpermille.web.groups.models import Document, MemberRole, Reply, Thread, WorkingGroup


class WorkingGroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "region", "private", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class ThreadForm(forms.ModelForm):
    class Meta:
        model = Thread
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = ["body"]
        labels = {"body": _("Your reply")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class DocumentForm(forms.ModelForm):
    """A PDF, PNG or JPEG within the platform's document limit (``settings.MAX_DOCUMENT_BYTES``)."""

    class Meta:
        model = Document
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG or JPEG, at most %(limit)s MB.") % {
            "limit": f"{settings.MAX_DOCUMENT_BYTES / 1e6:.0f}"
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload)
        return upload


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )
