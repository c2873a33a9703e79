"""Shared helpers of the joining tests: documents, a filled application, links read from the outbox."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="declaration.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def application(**overrides) -> dict:
    data = {
        "name": "Sols Vivants",
        "acronym": "SV",
        "type": "ngo",
        "country": "Senegal",
        "region": "africa",
        "body": "forum",
        "website": "sols-vivants.example.org",
        "description": "Agroforestry with farmers.",
        "contact_name": "Awa Diop",
        "contact_email": "awa@sols-vivants.example.org",
        "contact_position": "Director",
        "declaration_signed": "2026-11-02",
        "declaration": pdf(),
        "accept": "on",
    }
    data.update(overrides)
    return data


def link_in(message, path_part: str) -> str:
    """The path (no host) of the first link in an e-mail whose path contains ``path_part``."""
    for url in re.findall(r"https?://\S+", message.body):
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        if path_part in path:
            return path
    raise AssertionError(f"no link with {path_part!r} in:\n{message.body}")
