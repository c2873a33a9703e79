"""The upload form and model refuse bad input with clear errors: a bad DOI, too large a file, a wrong type,
no title, no way to the document."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from fourpermille.web.library.forms import DocumentForm
from fourpermille.web.library.models import Document, normalise_doi, validate_doi

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny pdf\n"


def form(files=None, **data):
    base = {"kind": "guide", "title_en": "A guide", "year": "2024", "language": "en"}
    return DocumentForm({**base, **data}, files or {})


def test_a_document_with_a_doi_is_valid_and_stored_without_the_resolver():
    f = form(doi="https://doi.org/10.1016/j.geoderma.2017.01.002")
    assert f.is_valid(), f.errors
    document = f.save()
    assert document.doi == "10.1016/j.geoderma.2017.01.002"
    assert document.doi_url == "https://doi.org/10.1016/j.geoderma.2017.01.002"


@pytest.mark.parametrize("doi", ["10.1016", "doi 10/abc", "11.1016/j.x", "10.12/abc", "geoderma.2017"])
def test_a_bad_doi_is_refused_naming_the_value(doi):
    f = form(doi=doi)
    assert not f.is_valid()
    assert "is not a DOI" in f.errors["doi"][0]
    assert doi in f.errors["doi"][0]


def test_doi_helpers():
    assert normalise_doi(" doi:10.1038/nature17174 ") == "10.1038/nature17174"
    validate_doi("10.5194/soil-7-217-2021")


def test_no_title_in_any_language_is_refused():
    f = form(title_en="", url="https://example.org/x")
    assert not f.is_valid()
    assert "at least one language" in str(f.errors)


def test_one_language_is_enough():
    f = form(title_en="", title_es="Una guía", url="https://example.org/x")
    assert f.is_valid(), f.errors


def test_a_document_needs_a_doi_an_address_or_a_file():
    f = form()
    assert not f.is_valid()
    assert "DOI, an address or a file" in str(f.errors)


def test_a_pdf_file_is_accepted_and_its_name_kept():
    f = form(files={"file": SimpleUploadedFile("Report 2024.pdf", PDF, "application/pdf")})
    assert f.is_valid(), f.errors
    document = f.save()
    assert document.file_name == "Report 2024.pdf"
    assert document.file.name.startswith("library/") and document.file.name.endswith(".pdf")
    assert "Report" not in document.file.name  # the uploader's name never reaches a path
    document.file.delete(save=False)


@override_settings(MAX_LIBRARY_FILE_BYTES=1000)
def test_too_large_a_file_is_refused_with_the_limit():
    f = form(files={"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, "application/pdf")})
    assert not f.is_valid()
    assert "the limit is" in f.errors["file"][0]


def test_a_wrong_type_is_refused_naming_the_allowed_ones():
    f = form(files={"file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00", "application/octet-stream")})
    assert not f.is_valid()
    assert "PDF" in f.errors["file"][0] and ".exe" in f.errors["file"][0]


def test_content_must_match_the_name():
    f = form(files={"file": SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")})
    assert not f.is_valid()
    assert "not a PDF document" in f.errors["file"][0]
    f = form(files={"file": SimpleUploadedFile("data.csv", b"a,b\n1,2\n", "text/csv")})
    assert f.is_valid(), f.errors
    f = form(files={"file": SimpleUploadedFile("data.csv", b"\x00\x01binary", "text/csv")})
    assert not f.is_valid()


def test_shown_falls_back_to_the_document_language_and_says_which():
    document = Document.objects.create(
        kind="report",
        title_fr="Un rapport",
        summary_fr="Résumé",
        year=2020,
        language="fr",
        url="https://x.org",
    )
    with translation.override("es"):
        assert (document.shown_title.text, document.shown_title.lang) == ("Un rapport", "fr")
    document.title_es = "Un informe"
    with translation.override("es"):
        assert (document.shown_title.text, document.shown_title.lang) == ("Un informe", "es")
    with translation.override("en"):
        assert document.shown_title.lang == "fr"  # no English title: the document's language
