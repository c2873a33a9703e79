"""The upload form and the secretariat's decision form."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.translated import languages
from fourpermille.web.library.models import Document, normalise_doi

#: Accepted file types: extension -> (content type, the bytes a file of that type starts with; None: text).
FILE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".zip": ("application/zip", (b"PK\x03\x04",)),
    ".csv": ("text/csv", None),
}
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def max_file_bytes() -> int:
    return settings.MAX_LIBRARY_FILE_BYTES


def validate_library_file(upload) -> None:
    """A PDF, office document, ZIP or CSV file no larger than ``settings.MAX_LIBRARY_FILE_BYTES`` whose
    content is what its name says (an executable renamed .pdf is refused)."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix not in FILE_TYPES:
        raise forms.ValidationError(
            _("Upload a file of one of these types: %(types)s (this one is “%(suffix)s”).")
            % {"types": ", ".join(s[1:].upper() for s in FILE_TYPES), "suffix": suffix or "?"},
            code="type",
        )
    limit = max_file_bytes()
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": f"{upload.size / 2**20:.1f}", "limit": f"{limit / 2**20:.0f}"},
            code="size",
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    signatures = FILE_TYPES[suffix][1]
    if signatures is None:
        is_text = b"\x00" not in head
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            is_text = is_text and error.start > len(head) - 4  # a character cut at the end of the sample
        ok = is_text
    else:
        ok = head.startswith(signatures)
    if not ok:
        raise forms.ValidationError(
            _("The file's content is not a %(type)s document.") % {"type": suffix[1:].upper()}, code="content"
        )


class DocumentForm(forms.ModelForm):
    """Upload or edit a document: its metadata, in one language or more, and a DOI, an address or a file."""

    url = forms.URLField(label=_("Address (URL)"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Document
        fields = [
            "kind",
            *[f"title_{lang}" for lang in languages()],
            "authors",
            "year",
            "language",
            "doi",
            "url",
            "file",
            *[f"summary_{lang}" for lang in languages()],
            "region",
            "topics",
            "practices",
        ]
        widgets = {
            "topics": forms.CheckboxSelectMultiple,
            "practices": forms.SelectMultiple(attrs={"size": 8}),
            **{f"summary_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in languages()},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for lang in languages():
            self.fields[f"title_{lang}"].label = _("Title (%(language)s)") % {
                "language": LANGUAGE_NAMES[lang]
            }
            self.fields[f"summary_{lang}"].label = _("Summary (%(language)s)") % {
                "language": LANGUAGE_NAMES[lang]
            }
        self.fields[f"title_{languages()[0]}"].help_text = _(
            "Fill the title and summary in one language at least; "
            "readers of the others see it in that language."
        )
        self.fields["file"].widget = forms.ClearableFileInput(attrs={"accept": ",".join(FILE_TYPES)})
        self.fields["file"].validators.append(validate_library_file)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, ZIP or CSV; at most %(n)s MB."
        ) % {"n": f"{max_file_bytes() / 2**20:.0f}"}
        self.fields["practices"].required = False
        self.fields["topics"].required = False

    def clean_doi(self):
        return normalise_doi(self.cleaned_data.get("doi", ""))

    def save(self, commit=True):
        document = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload (not the stored file)
            document.file_name = PurePosixPath(upload.name).name[:255]
        elif not upload:
            document.file_name = ""
        if commit:
            document.save()
            self.save_m2m()
        return document


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("published", _("Publish")), ("rejected", _("Reject"))])
    reason = forms.CharField(
        label=_("Reason (sent to the uploader)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "rejected" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the document is rejected."))
        return cleaned
