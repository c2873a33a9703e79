"""Registry operations: each one transaction that locks what it reads, changes blocks by the core's rules
(``fourpermille.registry``) and appends one ledger entry per event. Views, API and commands call these.

Locks: an issuance locks its project row (serials of a project and vintage are allocated one at a time); a
transfer, retirement or cancellation locks the account(s) it takes from, then the blocks; every event then
locks the ledger head. So two transfers from one account run one after the other and the second sees what the
first left (no double spend).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import fourpermille
from fourpermille import registry as rules
from fourpermille.web.community.models import Organisation
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.projects.models import Project
from fourpermille.web.registry.models import (
    Account,
    AccountKind,
    Block,
    BlockState,
    Cancellation,
    ExternalCredit,
    Issuance,
    LedgerEntry,
    LedgerHead,
    Retirement,
    Transfer,
)


class RegistryRefused(rules.RegistryError):
    """An operation refused by the registry's rules; the message says why (shown to the user)."""


# --- ledger ----------------------------------------------------------------------------------------------


def append(kind: str, payload: dict, evidence: dict | None = None) -> LedgerEntry:
    """Append one entry after the current head (inside the caller's transaction)."""
    head, _created = LedgerHead.objects.get_or_create(pk=1)
    head = LedgerHead.objects.select_for_update().get(pk=1)
    previous = None
    if head.sequence:
        previous = rules.Entry(head.sequence, "", {}, "", "", head.hash)
    entry = rules.make_entry(previous, kind, payload, evidence or {})
    row = LedgerEntry.objects.create(
        sequence=entry.sequence,
        kind=kind,
        payload=entry.payload,
        evidence=evidence or {},
        evidence_hash=entry.evidence_hash,
        previous_hash=entry.previous_hash,
        hash=entry.hash,
    )
    head.sequence, head.hash = entry.sequence, entry.hash
    head.save(update_fields=["sequence", "hash"])
    return row


# --- accounts --------------------------------------------------------------------------------------------


def buffer_account() -> Account:
    try:
        return Account.objects.get_or_create(kind=AccountKind.BUFFER, organisation=None)[0]
    except IntegrityError:  # created meanwhile by another transaction
        return Account.objects.get(kind=AccountKind.BUFFER)


@transaction.atomic
def account_for(organisation: Organisation, is_demo: bool = False) -> Account:
    """The organisation's holding account (opened, and its opening appended to the ledger, on first use)."""
    account, created = Account.objects.get_or_create(
        organisation=organisation, defaults={"kind": AccountKind.HOLDING, "is_demo": is_demo}
    )
    if created:
        append("account", {"account": account.pk, "organisation": organisation.pk, "name": organisation.name})
    return account


def balance(account: Account) -> int:
    """Active units the account holds [t CO2e]."""
    return sum(b.quantity for b in Block.objects.filter(account=account, state=BlockState.ACTIVE))


# --- issuance --------------------------------------------------------------------------------------------


def criteria_version(project: Project) -> str | None:
    assessment = getattr(project, "assessment", None) if hasattr(project, "assessment") else None
    framework = getattr(assessment, "framework", None)
    return framework.version if framework is not None else None


def evidence_for(record: MrvRecord) -> dict:
    """What an issuance rests on, hashed into the ledger: the MRV result JSON, the report, the criteria and
    code versions."""
    pdf = bytes(record.report_pdf) if record.report_pdf else b""
    return {
        "mrv_change": record.change,
        "mrv_credits": record.credits,
        "report_pdf_sha256": hashlib.sha256(pdf).hexdigest() if pdf else None,
        "criteria_framework_version": criteria_version(record.project),
        "code_version": fourpermille.__version__,
    }


def double_claims(project: Project, period: str) -> list[ExternalCredit]:
    """The project's IDs in other registries whose credited years overlap ``period``."""
    start = int(period.split("-")[0])
    end = rules.vintage_of(period)
    return [
        e
        for e in project.external_credits.all()
        if e.credited_from is not None
        and rules.periods_overlap((start, end), (e.credited_from, e.credited_to))
    ]


def issue(record: MrvRecord, verifier: str, user=None, is_demo: bool = False) -> Issuance:
    """Issue the units of a verified MRV result to the project organisation's account, the buffer share to
    the buffer account. RegistryRefused if the result is not verified, has no credits, was already issued,
    another registry credited the period, or credits nothing."""
    verifier = verifier.strip()
    if not verifier:
        raise RegistryRefused(_("Name the verifier who verified this MRV result."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=record.project_id)
        record = MrvRecord.objects.select_for_update().get(pk=record.pk)
        if not record.verified:
            raise RegistryRefused(_("The MRV result is not verified by the secretariat yet."))
        if record.credits is None:
            raise RegistryRefused(_("The MRV result has no credits: compute them with a rule set first."))
        if Issuance.objects.filter(project=project, period=record.period).exists():
            raise RegistryRefused(_("Units were already issued for %(period)s.") % {"period": record.period})
        claims = double_claims(project, record.period)
        if claims:
            raise RegistryRefused(
                _("Another registry already credited this period: %(ids)s.")
                % {"ids": ", ".join(f"{c} ({c.credited_from}-{c.credited_to})" for c in claims)}
            )
        try:
            plan = rules.plan_from_credits(record.credits)
        except rules.RegistryError as error:
            raise RegistryRefused(str(error)) from None
        vintage = rules.vintage_of(record.period)
        taken = [
            b.as_core()
            for b in Block.objects.filter(issuance__project=project, issuance__vintage=vintage)
            .exclude(state=BlockState.SPLIT)
            .select_related("issuance")
        ]
        block = rules.next_block(taken, project.pk, vintage, plan.units)
        holder = account_for(project.organisation, is_demo=is_demo)
        buffer = buffer_account()
        evidence = evidence_for(record)
        issuance = Issuance.objects.create(
            project=project,
            mrv_record=record,
            period=record.period,
            vintage=vintage,
            rule_set=record.credits["method"],
            credits_t_co2e=plan.credits_t_co2e,
            buffer_t_co2e=plan.buffer_t_co2e,
            units=plan.units,
            buffer_units=plan.buffer_units,
            account=holder,
            verifier=verifier,
            issued_by=user,
            is_demo=is_demo,
            evidence_hash=rules.evidence_hash(evidence),
        )
        parts = [(block, holder)]
        if 0 < plan.buffer_units < plan.units:
            head, tail = block.split(plan.holder_units)
            parts = [(head, holder), (tail, buffer)]
        elif plan.buffer_units == plan.units:
            parts = [(block, buffer)]
        for part, account in parts:
            Block.objects.create(issuance=issuance, account=account, first=part.first, last=part.last)
        append(
            "issuance",
            {
                "issuance": issuance.pk,
                "project": project.pk,
                "period": record.period,
                "vintage": vintage,
                "rule_set": issuance.rule_set,
                "serial": block.serial,
                "units": plan.units,
                "buffer_units": plan.buffer_units,
                "holder": holder.pk,
                "buffer": buffer.pk,
                "verifier": verifier,
                "blocks": [p.serial for p, _a in parts],
            },
            evidence,
        )
        return issuance


# --- moving units ----------------------------------------------------------------------------------------


def _split(block: Block, quantity: int) -> Block:
    """Split ``block`` into its first ``quantity`` units and the rest (both new blocks, the old one kept as
    ``split``); returns the first part."""
    head, tail = block.as_core().split(quantity)
    block.state = BlockState.SPLIT
    block.save(update_fields=["state"])
    parts = [
        Block.objects.create(
            issuance=block.issuance, account=block.account, first=p.first, last=p.last, parent=block
        )
        for p in (head, tail)
    ]
    append("split", {"serial": block.serial, "parts": [p.serial for p in parts]})
    return parts[0]


def _take(account: Account, quantity: int, blocks=None) -> list[Block]:
    """Active blocks of ``account`` worth exactly ``quantity`` units, oldest serials first, the last split.
    The caller holds the account's lock."""
    if quantity < 1:
        raise RegistryRefused(_("The quantity must be at least 1 unit."))
    blocks = Block.objects.filter(account=account, state=BlockState.ACTIVE) if blocks is None else blocks
    pool = list(blocks.select_for_update().select_related("issuance").order_by("issuance_id", "first"))
    available = sum(b.quantity for b in pool)
    if available < quantity:
        raise RegistryRefused(
            _("%(account)s holds %(available)d units; %(quantity)d asked.")
            % {"account": account, "available": available, "quantity": quantity}
        )
    taken, left = [], quantity
    for block in pool:
        if left == 0:
            break
        if block.quantity > left:
            block = _split(block, left)
        taken.append(block)
        left -= block.quantity
    return taken


def _lock(*accounts: Account) -> None:
    """Lock accounts in primary-key order (two transfers between the same two accounts cannot deadlock)."""
    list(Account.objects.select_for_update().filter(pk__in=[a.pk for a in accounts]).order_by("pk"))


def transfer(source: Account, target: Account, quantity: int, user=None) -> Transfer:
    if source.pk == target.pk:
        raise RegistryRefused(_("A transfer needs two different accounts."))
    if target.kind == AccountKind.BUFFER or source.kind == AccountKind.BUFFER:
        raise RegistryRefused(_("The buffer account only receives at issuance and gives at cancellation."))
    with transaction.atomic():
        _lock(source, target)
        blocks = _take(source, quantity)
        Block.objects.filter(pk__in=[b.pk for b in blocks]).update(account=target)
        row = Transfer.objects.create(source=source, target=target, quantity=quantity, transferred_by=user)
        append(
            "transfer",
            {
                "transfer": row.pk,
                "from": source.pk,
                "to": target.pk,
                "quantity": quantity,
                "blocks": [b.serial for b in blocks],
            },
        )
        return row


@dataclass
class RetirementRequest:
    quantity: int
    beneficiary: str
    reason: str
    location: str


def retire(account: Account, request: RetirementRequest, user=None, is_demo: bool = False) -> Retirement:
    for name in ("beneficiary", "reason", "location"):
        if not getattr(request, name).strip():
            raise RegistryRefused(_("A retirement names its beneficiary, reason and location."))
    if account.kind == AccountKind.BUFFER:
        raise RegistryRefused(_("Buffer units cannot be retired; they are cancelled on a loss."))
    with transaction.atomic():
        _lock(account)
        blocks = _take(account, request.quantity)
        row = Retirement.objects.create(
            account=account,
            quantity=request.quantity,
            beneficiary=request.beneficiary.strip(),
            reason=request.reason.strip(),
            location=request.location.strip(),
            retired_by=user,
            is_demo=is_demo,
        )
        Block.objects.filter(pk__in=[b.pk for b in blocks]).update(state=BlockState.RETIRED, retirement=row)
        append(
            "retirement",
            {
                "retirement": row.pk,
                "account": account.pk,
                "quantity": request.quantity,
                "beneficiary": row.beneficiary,
                "reason": row.reason,
                "location": row.location,
                "blocks": [b.serial for b in blocks],
            },
        )
        return row


def cancel(project: Project, quantity: int, reason: str, user=None) -> Cancellation:
    """Cancel ``quantity`` units of ``project`` (a loss): from the buffer account first, then from the
    holders' active blocks (accounts in order of their primary key)."""
    if not reason.strip():
        raise RegistryRefused(_("A cancellation states its reason."))
    with transaction.atomic():
        buffer = buffer_account()
        holders = list(
            Account.objects.filter(blocks__issuance__project=project, blocks__state=BlockState.ACTIVE)
            .exclude(pk=buffer.pk)
            .distinct()
            .order_by("pk")
        )
        _lock(buffer, *holders)
        mine = Block.objects.filter(issuance__project=project, state=BlockState.ACTIVE)
        in_buffer = sum(b.quantity for b in mine.filter(account=buffer))
        available = sum(b.quantity for b in mine)
        if quantity < 1 or available < quantity:
            raise RegistryRefused(
                _("%(project)s has %(available)d active units; %(quantity)d asked.")
                % {"project": project, "available": available, "quantity": quantity}
            )
        from_buffer = min(in_buffer, quantity)
        taken = _take(buffer, from_buffer, mine.filter(account=buffer)) if from_buffer else []
        left = quantity - from_buffer
        for account in holders:
            if left == 0:
                break
            n = min(left, sum(b.quantity for b in mine.filter(account=account)))
            if n:
                taken += _take(account, n, mine.filter(account=account))
                left -= n
        row = Cancellation.objects.create(
            project=project,
            quantity=quantity,
            from_buffer=from_buffer,
            reason=reason.strip(),
            cancelled_by=user,
        )
        Block.objects.filter(pk__in=[b.pk for b in taken]).update(
            state=BlockState.CANCELLED, cancellation=row
        )
        append(
            "cancellation",
            {
                "cancellation": row.pk,
                "project": project.pk,
                "quantity": quantity,
                "from_buffer": from_buffer,
                "reason": row.reason,
                "blocks": [b.serial for b in taken],
            },
        )
        return row


# --- verification ----------------------------------------------------------------------------------------


def verify() -> list[str]:
    """Everything wrong with the registry: the chain (every hash recomputed, the evidence too), the
    invariants of every issuance, splits that do not partition their block. Empty: sound."""
    problems = []
    entries = list(LedgerEntry.objects.order_by("sequence"))
    problems += rules.verify_chain(e.as_core() for e in entries)
    for entry in entries:
        if rules.evidence_hash(entry.evidence) != entry.evidence_hash:
            problems.append(f"entry {entry.sequence}: its evidence does not match its evidence hash")
    head = LedgerHead.objects.filter(pk=1).first()
    last = entries[-1] if entries else None
    if head is not None and (head.sequence, head.hash) != (
        (last.sequence, last.hash) if last else (0, head.hash)
    ):
        problems.append("the ledger head does not point at the last entry (entries removed?)")
    blocks = list(Block.objects.select_related("issuance", "account"))
    issued = {i.pk: i.units for i in Issuance.objects.all()}
    problems += rules.check_invariants(
        issued,
        [
            (
                b.issuance_id,
                b.as_core(),
                "buffer" if b.account.kind == AccountKind.BUFFER else str(b.account_id),
                b.state,
            )
            for b in blocks
            if b.state != BlockState.SPLIT
        ],
    )
    for block in blocks:
        if block.state == BlockState.SPLIT:
            parts = sorted((p.first, p.last) for p in blocks if p.parent_id == block.pk)
            if (
                not parts
                or parts[0][0] != block.first
                or parts[-1][1] != block.last
                or any(a[1] + 1 != b[0] for a, b in zip(parts, parts[1:], strict=False))
            ):
                problems.append(f"split block {block.serial}: its parts do not partition it")
    return problems


# --- what the public pages, CSV and API show -------------------------------------------------------------

STATUSES = ("active", "retired", "cancelled")


def summary(issuance: Issuance) -> dict:
    """Units of an issuance by where they are now [t CO2e]: held (active, not buffer), buffer, retired,
    cancelled; they add up to ``units`` (the invariant ``registry_verify`` checks)."""
    counts = {"held": 0, "buffer": 0, "retired": 0, "cancelled": 0}
    for block in issuance.blocks.all():
        if block.state == BlockState.SPLIT:
            continue
        if block.state == BlockState.ACTIVE:
            counts["buffer" if block.account.kind == AccountKind.BUFFER else "held"] += block.quantity
        else:
            counts[block.state] += block.quantity
    return counts


def public_issuances(country: str = "", vintage: str = "", practice: str = "", status: str = ""):
    """Issuances filtered as the public list and its CSV are; bad filter values filter nothing out."""
    rows = Issuance.objects.select_related("project", "project__organisation").prefetch_related(
        "blocks__account", "project__practices", "project__external_credits"
    )
    if country:
        rows = rows.filter(project__country__iexact=country)
    if vintage.isdigit():
        rows = rows.filter(vintage=int(vintage))
    if practice:
        rows = rows.filter(project__practices__code=practice)
    if status == "active":
        rows = rows.filter(blocks__state=BlockState.ACTIVE, blocks__account__kind=AccountKind.HOLDING)
    elif status in ("retired", "cancelled"):
        rows = rows.filter(blocks__state=status)
    return rows.distinct()


CSV_FIELDS = (
    "serials",
    "project",
    "organisation",
    "country",
    "period",
    "vintage",
    "rule_set",
    "units",
    "held",
    "buffer",
    "retired",
    "cancelled",
    "verifier",
    "issued_at",
    "external_ids",
    "evidence_hash",
    "demo",
)


def serials(issuance: Issuance) -> str:
    """The serial range of the whole issuance (its blocks partition it)."""
    blocks = [b for b in issuance.blocks.all() if b.state != BlockState.SPLIT]
    return rules.serial(
        issuance.project_id, issuance.vintage, min(b.first for b in blocks), max(b.last for b in blocks)
    )


def csv_row(issuance: Issuance) -> dict:
    """One issuance as the CSV export's row (and the API's figures)."""
    return {
        "serials": serials(issuance),
        "project": issuance.project.title,
        "organisation": issuance.project.organisation.name,
        "country": issuance.project.country,
        "period": issuance.period,
        "vintage": issuance.vintage,
        "rule_set": issuance.rule_set,
        "units": issuance.units,
        **summary(issuance),
        "verifier": issuance.verifier,
        "issued_at": issuance.issued_at.isoformat(),
        "external_ids": "; ".join(str(e) for e in issuance.project.external_credits.all()),
        "evidence_hash": issuance.evidence_hash,
        "demo": issuance.is_demo,
    }


def entries_for(kind: str, key: str, pk: int) -> list[LedgerEntry]:
    """The ledger entries of one issuance or retirement (their hashes are shown on its public page)."""
    return list(LedgerEntry.objects.filter(kind=kind, **{f"payload__{key}": pk}))


# --- the "4 per 1000" label ------------------------------------------------------------------------------


def label(issuance: Issuance) -> rules.LabelDecision:
    """The label decision for an issuance's project and period (``fourpermille.registry.label_decision``):
    the project's STC safeguard results, its assessment published, the period's MRV result verified."""
    project = issuance.project
    assessment = getattr(project, "assessment", None) if hasattr(project, "assessment") else None
    safeguards: dict[str, str | None] = {}
    if assessment is not None:
        found = {r.criterion_id: r.outcome for r in assessment.results.all()}
        for criterion in assessment.framework.criteria():
            if criterion.is_safeguard:
                safeguards[criterion.code] = found.get(criterion.pk)
    return rules.label_decision(safeguards, project.is_published, issuance.mrv_record.verified)


def label_reasons(decision: rules.LabelDecision) -> list[str]:
    """The reasons, translated, in the decision's order."""
    texts = {
        "no_safeguards": _("no safeguard criterion was assessed"),
        "safeguards_not_met": _("safeguard criteria not met: %(codes)s")
        % {"codes": ", ".join(decision.failing_safeguards)},
        "assessment_not_published": _("the STC assessment is not complete and published"),
        "mrv_not_verified": _("the MRV result of the period is not verified"),
        "withdrawn": _("withdrawn: %(reason)s") % {"reason": decision.withdrawn},
    }
    return [texts[code] for code in decision.reasons]


def rule_set_comparison(issuance: Issuance) -> list[rules.RuleSetOutcome] | None:
    """Every crediting rule set on the issuance's verified change, with the buffer, leakage and project
    emissions its credits used (``fourpermille.registry.compare_rule_sets``); None if the change cannot be
    read as a change file."""
    from fourpermille.errors import InputError
    from fourpermille.web.estimates.services import stored_change

    record = issuance.mrv_record
    try:
        change = stored_change(record)
    except InputError:
        return None
    credits = record.credits or {}
    area = float(issuance.project.area_ha) if issuance.project.area_ha else None
    return rules.compare_rule_sets(
        change,
        area,
        float(credits.get("buffer", 0.0)),
        float(credits.get("leakage_t_co2e", 0.0)),
        float(credits.get("project_emissions_t_co2e", 0.0)),
    )


# --- export in the Climate Action Data Trust (CADT) data model ---------------------------------------------

#: CADT unitStatus pick-list values for our block states.
CADT_STATUS = {"held": "Held", "buffer": "Buffer", "retired": "Retired", "cancelled": "Cancelled"}
#: A SOC stock gain is a nature-based removal (CADT unitType pick list).
CADT_UNIT_TYPE = "Removal - nature"


def cadt_units(issuances, link) -> list[dict]:
    """Every current block of ``issuances`` as a CADT unit record (field names of CADT's units and
    issuances); ``link(issuance)`` gives the public URL of an issuance (``unitRegistryLink``).

    CADT's ``verificationDate`` is the issuance date here: the platform records when the secretariat issued
    a verified result, not the day the verifier signed."""
    out = []
    for issuance in issuances:
        start, end = (int(y) for y in issuance.period.split("-"))
        credits = issuance.mrv_record.credits or {}
        record = {
            "startDate": f"{start}-01-01",
            "endDate": f"{end}-12-31",
            "verificationApproach": credits.get("standard", issuance.rule_set),
            "verificationBody": issuance.verifier,
            "verificationDate": issuance.issued_at.date().isoformat(),
        }
        for block in issuance.blocks.select_related("account__organisation", "retirement", "cancellation"):
            if block.state == BlockState.SPLIT:
                continue
            state = block.state
            if state == BlockState.ACTIVE:
                state = "buffer" if block.account.kind == AccountKind.BUFFER else "held"
            reason = None
            if block.retirement_id:
                reason = f"{block.retirement.reason} (beneficiary: {block.retirement.beneficiary})"
            elif block.cancellation_id:
                reason = block.cancellation.reason
            owner = block.account.organisation
            out.append(
                {
                    "unitOwner": owner.name if owner else "4 per 1000 registry buffer",
                    "countryJurisdictionOfOwner": owner.country if owner else issuance.project.country,
                    "unitBlockStart": rules.serial(
                        issuance.project_id, issuance.vintage, block.first, block.first
                    ),
                    "unitBlockEnd": rules.serial(
                        issuance.project_id, issuance.vintage, block.last, block.last
                    ),
                    "unitCount": block.quantity,
                    "vintageYear": issuance.vintage,
                    "unitType": CADT_UNIT_TYPE,
                    "unitStatus": CADT_STATUS[state],
                    "unitStatusReason": reason,
                    "unitRegistryLink": link(issuance),
                    "correspondingAdjustmentDeclaration": "Unknown",
                    "correspondingAdjustmentStatus": "Not Started",
                    "issuance": record,
                }
            )
    return out
