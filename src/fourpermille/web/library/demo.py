"""Demo uploads of the library: one published, one waiting for the secretariat, one rejected (all
``is_demo``, named "... (demo)"), uploaded by demo editors. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from fourpermille.web.library.models import Document, DocumentStatus, Topic
from fourpermille.web.resources.models import Practice

DEMO_DOCUMENTS = [
    {
        "uploader": "demo-editor-1",
        "status": DocumentStatus.PUBLISHED,
        "kind": "training",
        "title_en": "Field guide to soil sampling for carbon (demo)",
        "title_fr": "Guide de terrain pour l’échantillonnage des sols pour le carbone (démo)",
        "title_es": "Guía de campo para el muestreo de suelos para el carbono (demo)",
        "summary_en": "Invented for the demonstration: how a member shares training material.",
        "summary_fr": "Inventé pour la démonstration : comment un membre partage un support de formation.",
        "summary_es": "Inventado para la demostración: cómo un miembro comparte material de formación.",
        "authors": "Demo editor 1",
        "year": 2025,
        "language": "fr",
        "region": "africa",
        "url": "https://example.org/demo/soil-sampling-guide",
        "topics": ["mrv"],
        "practices": ["cover-crops"],
    },
    {
        "uploader": "demo-editor-2",
        "status": DocumentStatus.SUBMITTED,
        "kind": "dataset",
        "title_en": "Topsoil organic carbon of demonstration plots (demo)",
        "title_fr": "Carbone organique de l’horizon de surface des parcelles de démonstration (démo)",
        "title_es": "Carbono orgánico de la capa superficial de las parcelas de demostración (demo)",
        "summary_en": "Invented for the demonstration: a small CSV file waiting for the secretariat.",
        "summary_fr": "Inventé pour la démonstration : un petit fichier CSV qui attend le secrétariat.",
        "summary_es": "Inventado para la demostración: un pequeño archivo CSV que espera a la secretaría.",
        "authors": "Demo editor 2",
        "year": 2026,
        "language": "en",
        "region": "latin_america",
        "file": ("demo-plots.csv", b"plot,depth_cm,soc_g_kg\nA,0-30,12.5\nB,0-30,14.1\n"),
        "topics": ["soil-data"],
        "practices": ["no-till"],
    },
    {
        "uploader": "demo-editor-3",
        "status": DocumentStatus.REJECTED,
        "reason": "Demo: the address does not lead to the document.",
        "kind": "policy_brief",
        "title_en": "Soil carbon in regional policies (demo)",
        "title_fr": "Le carbone du sol dans les politiques régionales (démo)",
        "title_es": "El carbono del suelo en las políticas regionales (demo)",
        "summary_en": "Invented for the demonstration: a rejected submission.",
        "summary_fr": "Inventé pour la démonstration : une soumission refusée.",
        "summary_es": "Inventado para la demostración: una propuesta rechazada.",
        "authors": "Demo editor 3",
        "year": 2024,
        "language": "es",
        "region": "europe",
        "url": "https://example.org/demo/policy-brief",
        "topics": ["policy"],
        "practices": [],
    },
]


def load_app_demo() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    secretariat = users.get("demo-secretariat")
    for entry in DEMO_DOCUMENTS:
        entry = dict(entry)
        uploader = users.get(entry.pop("uploader"))
        if uploader is None or Document.objects.filter(title_en=entry["title_en"], is_demo=True).exists():
            continue
        topics, practices, upload = entry.pop("topics"), entry.pop("practices"), entry.pop("file", None)
        document = Document(**entry, is_demo=True, uploaded_by=uploader)
        document.organisation_id = getattr(getattr(uploader, "person", None), "organisation_id", None)
        if document.status != DocumentStatus.SUBMITTED:
            document.decided_by, document.decided_at = secretariat, timezone.now()
        if upload is not None:
            document.file_name = upload[0]
            document.file.save(upload[0], ContentFile(upload[1]), save=False)
        document.save()
        document.topics.set(Topic.objects.filter(code__in=topics))
        document.practices.set(Practice.objects.filter(code__in=practices))
