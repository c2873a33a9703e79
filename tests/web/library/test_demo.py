"""The library's demo uploads: flagged, named "(demo)", one per status, loaded once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fourpermille.web.library.demo import DEMO_DOCUMENTS, load_app_demo
from fourpermille.web.library.models import Document

pytestmark = pytest.mark.django_db


def test_demo_uploads_cover_every_status_and_load_once():
    from fourpermille.web.community.models import Organisation, Person

    organisation = Organisation.objects.get(name="Org B")
    for name in ("demo-secretariat", "demo-editor-1", "demo-editor-2", "demo-editor-3"):
        user = get_user_model().objects.create_user(name)
        Person.objects.create(user=user, organisation=None if name == "demo-secretariat" else organisation)
    load_app_demo()
    load_app_demo()
    demo = Document.objects.filter(is_demo=True)
    assert demo.count() == len(DEMO_DOCUMENTS)
    assert set(demo.values_list("status", flat=True)) == {"submitted", "published", "rejected"}
    for document in demo:
        assert all(
            getattr(document, f"title_{lang}").endswith(("(demo)", "(démo)")) for lang in ("en", "fr", "es")
        )
        assert document.organisation == organisation and document.uploaded_by.username.startswith(
            "demo-editor"
        )
    with_file = demo.get(kind="dataset")
    assert with_file.file_name == "demo-plots.csv" and with_file.file.read().startswith(b"plot,")
    with_file.file.delete(save=False)
