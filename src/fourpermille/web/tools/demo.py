"""Demo of the catalogue: one member's proposal awaiting the secretariat (flagged ``is_demo``, named
"... (demo)"), so the proposal, notification and decision pages have something to show. The real
entries come from the seed (``tools.catalogue``), not from here."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from fourpermille.web.tools.models import ExternalTool, ToolStatus
from fourpermille.web.tools.services import propose

DEMO_SLUG = "demo-soil-carbon-field-kit"


def load_app_demo() -> None:
    if ExternalTool.objects.filter(slug=DEMO_SLUG).exists():
        return
    proposer = get_user_model().objects.filter(username="demo-editor-1").first()
    if proposer is None:
        return
    tool = ExternalTool(
        slug=DEMO_SLUG,
        name="Field kit for soil carbon sampling (demo)",
        developer="Demo organisation (invented)",
        category="field_protocol",
        scales="plot farm",
        cost="free",
        languages="en fr",
        licence_kind="not_stated",
        link="https://example.org/demo-field-kit",
        sources="https://example.org/demo-field-kit/manual",
        monitoring=True,
        last_checked=dt.date(2026, 12, 1),
        validation_reference="",
        status=ToolStatus.SUBMITTED,
        is_demo=True,
        purpose_en="Invented for the demonstration: a sampling kit and guide to measure topsoil carbon.",
        purpose_fr="Inventé pour la démonstration : kit et guide d’échantillonnage du carbone de surface.",
        purpose_es="Inventado para la demostración: un kit y una guía de muestreo del carbono superficial.",
        inputs_en="Invented: soil cores at fixed depths and their dry mass.",
        inputs_fr="Inventé : carottes de sol à profondeur fixe et leur masse sèche.",
        inputs_es="Inventado: núcleos de suelo a profundidad fija y su masa seca.",
        outputs_en="Invented: carbon stock per sampling point.",
        outputs_fr="Inventé : stock de carbone par point de prélèvement.",
        outputs_es="Inventado: existencias de carbono por punto de muestreo.",
        validation_en="Invented: none.",
        validation_fr="Inventé : aucune.",
        validation_es="Inventado: ninguna.",
    )
    propose(tool, proposer)
