"""Library fixtures: documents of org A (editor-a's), one per status."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    """Uploaded files go to a directory of the test, not to the platform's ``var/media``."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def documents(db):
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.library.models import Document

    User = get_user_model()
    org_a = Organisation.objects.get(name="Org A")
    editor = User.objects.get(username="editor-a")

    def make(title, status):
        return Document.objects.create(
            kind="guide",
            title_en=title,
            summary_en=f"{title} summary",
            year=2024,
            language="en",
            url="https://example.org/doc",
            status=status,
            uploaded_by=editor,
            organisation=org_a,
        )

    return {s: make(f"Doc {s}", s) for s in ("submitted", "published", "rejected")}
