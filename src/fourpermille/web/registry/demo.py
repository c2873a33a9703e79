"""Demo registry: the demo's verified MRV result issued, and a part of it retired. Labelled demo everywhere.

``load_demo_registry()`` is what the demo loader calls after the demo MRV results exist
(``python -m fourpermille.web registry_demo`` runs it on its own). Deterministic; does nothing twice.
"""

from __future__ import annotations

from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.registry import services
from fourpermille.web.registry.models import Issuance

DEMO_VERIFIER = "Demo verifier (invented, not a real verification body)"
DEMO_BENEFICIARY = "Demo beneficiary (invented)"
DEMO_RETIRED_SHARE = 0.1  # [-] of the holder's units, so the retirement pages have an example


def load_demo_registry() -> int:
    """Issue every verified demo MRV result with credits that has no issuance yet, retire a tenth of the
    first one; returns how many issuances were made."""
    made = 0
    records = MrvRecord.objects.filter(
        is_demo=True, verified=True, credits__isnull=False, issuance__isnull=True
    )
    for record in records.select_related("project__organisation").order_by("pk"):
        try:
            issuance = services.issue(record, DEMO_VERIFIER, is_demo=True)
        except services.RegistryRefused:
            continue  # a demo result that credits nothing issues nothing
        made += 1
        if Issuance.objects.filter(is_demo=True).count() == 1 and issuance.holder_units >= 10:
            services.retire(
                issuance.account,
                services.RetirementRequest(
                    quantity=int(issuance.holder_units * DEMO_RETIRED_SHARE),
                    beneficiary=DEMO_BENEFICIARY,
                    reason="Demo: voluntary contribution to the 4 per 1000 goal (invented)",
                    location=issuance.project.country,
                ),
                is_demo=True,
            )
    return made
