"""Registry operations: each one transaction that locks what it reads, changes blocks by the core's rules
(``fourpermille.registry``) and appends one ledger entry per event. Views, API and commands call these.

Locks: an issuance locks its project row (serials of a project and vintage are allocated one at a time); a
transfer, retirement or cancellation locks the account(s) it takes from, then the blocks; every event then
locks the ledger head. So two transfers from one account run one after the other and the second sees what the
first left (no double spend).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    Label,
    LabelStatus,
    LedgerEntry,
    LedgerHead,
    Retirement,
    Transfer,
    WithdrawalCause,
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


def issue(
    record: MrvRecord,
    verifier: str = "",
    user=None,
    is_demo: bool = False,
    verified_on: dt.date | None = None,
) -> Issuance:
    """Issue the units of a verified MRV result to the project organisation's account, the buffer share to
    the buffer account. RegistryRefused if the result is not verified, has no credits, was already issued,
    another registry credited the period, or credits nothing.

    The verifier (and the date they signed, if known) is recorded on the MRV result when it names none yet;
    a result that names one is issued under that name (another name is refused). The label of the period
    is awarded in the same transaction when ``fourpermille.registry.label_decision`` grants it."""
    verifier = verifier.strip() or record.verifier.strip()
    if not verifier:
        raise RegistryRefused(_("Name the verifier who verified this MRV result."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=record.project_id)
        record = MrvRecord.objects.select_for_update().get(pk=record.pk)
        if record.verifier and record.verifier != verifier:
            raise RegistryRefused(
                _("The MRV result names its verifier, %(name)s; it is issued under that name.")
                % {"name": record.verifier}
            )
        if not record.verifier or (verified_on and not record.verified_on):
            record.verifier = verifier
            record.verified_on = record.verified_on or verified_on
            record.save(update_fields=["verifier", "verified_on"])
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
        if not Label.objects.filter(mrv_record=record).exists() and decision_for(record).granted:
            award_label(record, user, is_demo=is_demo)
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
    for row in Label.objects.all():
        if rules.evidence_hash(row.evidence) != row.evidence_hash:
            problems.append(f"label {row.pk}: its evidence does not match its evidence hash")
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


def _assessment(project: Project):
    return getattr(project, "assessment", None) if hasattr(project, "assessment") else None


def safeguard_results(project: Project) -> list[dict]:
    """The safeguard criteria of the project's STC assessment, in the framework's order: code, name, the
    outcome code (None: not assessed) and its display, and whether it passes (met or not applicable)."""
    assessment = _assessment(project)
    if assessment is None:
        return []
    found = {r.criterion_id: r for r in assessment.results.all()}
    rows = []
    for criterion in assessment.framework.criteria():
        if criterion.is_safeguard:
            result = found.get(criterion.pk)
            outcome = result.outcome if result is not None else None
            rows.append(
                {
                    "code": criterion.code,
                    "name": str(criterion),
                    "outcome": outcome,
                    "outcome_display": result.get_outcome_display() if result else _("not assessed"),
                    "passes": outcome in rules.SAFEGUARD_PASSES,
                }
            )
    return rows


def decision_for(record: MrvRecord, label_row: Label | None = None) -> rules.LabelDecision:
    """The label decision for a project and monitoring period (``fourpermille.registry.label_decision``):
    the project's STC safeguard results, its assessment published, the period's MRV result verified, and
    the stored label's withdrawal, if any."""
    project = record.project
    safeguards = {row["code"]: row["outcome"] for row in safeguard_results(project)}
    withdrawn = label_row.withdrawal_reason if label_row is not None and label_row.is_withdrawn else None
    return rules.label_decision(safeguards, project.is_published, record.verified, withdrawn)


def label(issuance: Issuance) -> rules.LabelDecision:
    """The label decision for an issuance's project and period (see :func:`decision_for`)."""
    return decision_for(issuance.mrv_record, Label.objects.filter(mrv_record=issuance.mrv_record).first())


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


def label_evidence(record: MrvRecord) -> dict:
    """What a label rests on, hashed into the ledger: the hashes of the MRV result JSON and report, the
    criteria framework version, the safeguard outcomes, the STC recommendation, the verifier and the code."""
    pdf = bytes(record.report_pdf) if record.report_pdf else b""
    assessment = _assessment(record.project)
    return {
        "mrv_change_sha256": rules.sha256(record.change),
        "mrv_credits_sha256": rules.sha256(record.credits) if record.credits is not None else None,
        "report_pdf_sha256": hashlib.sha256(pdf).hexdigest() if pdf else None,
        "criteria_framework_version": criteria_version(record.project),
        "safeguards": {row["code"]: row["outcome"] for row in safeguard_results(record.project)},
        "recommendation": assessment.recommendation if assessment is not None else None,
        "verifier": record.verifier or None,
        "verified_on": record.verified_on.isoformat() if record.verified_on else None,
        "code_version": fourpermille.__version__,
    }


def award_label(record: MrvRecord, user=None, is_demo: bool = False) -> Label:
    """Award the label of a project and period; RegistryRefused, naming every reason, unless
    ``label_decision`` grants it (safeguards first), and if the period has a label already."""
    with transaction.atomic():
        record = MrvRecord.objects.select_for_update().select_related("project").get(pk=record.pk)
        existing = Label.objects.filter(mrv_record=record).first()
        if existing is not None:
            raise RegistryRefused(
                _("The label of %(period)s was already awarded (%(status)s).")
                % {"period": record.period, "status": existing.get_status_display()}
            )
        decision = decision_for(record)
        if not decision.granted:
            raise RegistryRefused(
                _("The label is refused: %(reasons)s.") % {"reasons": "; ".join(label_reasons(decision))}
            )
        evidence = label_evidence(record)
        row = Label.objects.create(
            mrv_record=record,
            project=record.project,
            period=record.period,
            criteria_version=evidence["criteria_framework_version"] or "",
            granted_by=user,
            evidence=evidence,
            evidence_hash=rules.evidence_hash(evidence),
            is_demo=is_demo or record.is_demo,
        )
        append(
            "label",
            {"label": row.pk, "project": record.project_id, "period": record.period, "status": row.status},
            evidence,
        )
        return row


def withdraw_label(label_row: Label, cause: str, reason: str, user=None) -> Label:
    """Withdraw a label, with its date, cause (``WithdrawalCause``) and reason. Withdrawing the
    verification also marks the period's MRV result unverified (nothing more is issued from it)."""
    if cause not in WithdrawalCause.values:
        raise RegistryRefused(
            _("The cause of a withdrawal is one of: %(causes)s.")
            % {"causes": ", ".join(WithdrawalCause.values)}
        )
    if not reason.strip():
        raise RegistryRefused(_("A withdrawal states its reason."))
    with transaction.atomic():
        row = Label.objects.select_for_update().get(pk=label_row.pk)
        if row.is_withdrawn:
            raise RegistryRefused(
                _("The label was already withdrawn on %(date)s.") % {"date": row.withdrawn_at.date()}
            )
        row.status = LabelStatus.WITHDRAWN
        row.withdrawn_at = timezone.now()
        row.withdrawal_cause = cause
        row.withdrawal_reason = reason.strip()
        row.withdrawn_by = user
        row.save(
            update_fields=["status", "withdrawn_at", "withdrawal_cause", "withdrawal_reason", "withdrawn_by"]
        )
        if cause == WithdrawalCause.VERIFICATION:
            MrvRecord.objects.filter(pk=row.mrv_record_id).update(verified=False)
        append(
            "label_withdrawal",
            {
                "label": row.pk,
                "project": row.project_id,
                "period": row.period,
                "cause": cause,
                "reason": row.withdrawal_reason,
                "withdrawn_at": row.withdrawn_at.isoformat(),
            },
        )
        return row


@dataclass
class LabelPage:
    """Everything the public verification page of a project and period shows."""

    record: MrvRecord
    label: Label | None
    decision: rules.LabelDecision
    reasons: list[str]
    state: str  # granted, withdrawn, refused, eligible (granted by the rules, not awarded yet)
    safeguards: list[dict]
    criteria_version: str | None
    assessment: object | None
    target: dict | None  # fourpermille.mrv.compare_with_target of the period's change
    target_error: str | None
    issuance: Issuance | None
    units: dict | None  # summary(issuance)
    evidence: list[tuple[str, str]]  # (what, SHA-256)
    entries: list[LedgerEntry]


def label_page(record: MrvRecord) -> LabelPage:
    """The label's public page: its state, the criteria version and outcome, the measured change against
    the 4 per 1000 target with its interval, the units issued and retired, the evidence hashes."""
    from fourpermille.errors import InputError
    from fourpermille.web.estimates.services import stored_change

    row = Label.objects.filter(mrv_record=record).first()
    decision = decision_for(record, row)
    if row is not None:
        state = "withdrawn" if row.is_withdrawn else ("granted" if decision.granted else "refused")
    else:
        state = "eligible" if decision.granted else "refused"
    target, target_error = None, None
    try:
        target = stored_change(record).target
    except InputError as error:
        target_error = str(error)
    issuance = Issuance.objects.filter(mrv_record=record).first()
    evidence = [(_("MRV result (change JSON)"), rules.sha256(record.change))]
    if record.credits is not None:
        evidence.append((_("MRV credits (JSON)"), rules.sha256(record.credits)))
    if record.report_pdf:
        evidence.append((_("MRV report (PDF)"), hashlib.sha256(bytes(record.report_pdf)).hexdigest()))
    if row is not None:
        evidence.append((_("Label evidence"), row.evidence_hash))
    if issuance is not None:
        evidence.append((_("Issuance evidence"), issuance.evidence_hash))
    entries = []
    if row is not None:
        entries += list(
            LedgerEntry.objects.filter(kind__in=["label", "label_withdrawal"], payload__label=row.pk)
        )
    if issuance is not None:
        entries += entries_for("issuance", "issuance", issuance.pk)
    return LabelPage(
        record=record,
        label=row,
        decision=decision,
        reasons=label_reasons(decision),
        state=state,
        safeguards=safeguard_results(record.project),
        criteria_version=(row.criteria_version if row is not None else None)
        or criteria_version(record.project),
        assessment=_assessment(record.project),
        target=target,
        target_error=target_error,
        issuance=issuance,
        units=summary(issuance) if issuance is not None else None,
        evidence=evidence,
        entries=sorted(entries, key=lambda e: e.sequence),
    )


# --- rule sets compared ----------------------------------------------------------------------------------

#: How each rule set treats the uncertainty of the measured change (``fourpermille.mrv.credits``).
UNCERTAINTY_TREATMENT = {
    "vm0042": gettext_lazy(
        "VM0042 v2.2 Eq. 74: UNC = standard error / mean x one-sided Student t at 66.7 %; the change is "
        "reduced by UNC in full (Eq. 44-45)."
    ),
    "gold-standard": gettext_lazy(
        "Gold Standard 402 Eq. 10-11: UNC = half-width of the 90 percent interval / change; only the part "
        "above 20 percent is deducted."
    ),
}


def comparable_record(pk: int) -> MrvRecord | None:
    """A verified MRV result with credits (the campaign whose rule sets can be compared), or None."""
    return (
        MrvRecord.objects.select_related("project__organisation")
        .filter(pk=pk, verified=True, credits__isnull=False)
        .first()
    )


def rule_set_comparison(record: MrvRecord | Issuance) -> list[rules.RuleSetOutcome] | None:
    """Every crediting rule set on the verified change of an MRV result (or an issuance's), with the
    buffer, leakage and project emissions its credits used (``fourpermille.registry.compare_rule_sets``);
    None if the change cannot be read as a change file."""
    from fourpermille.errors import InputError
    from fourpermille.web.estimates.services import stored_change

    if isinstance(record, Issuance):
        record = record.mrv_record
    try:
        change = stored_change(record)
    except InputError:
        return None
    credits = record.credits or {}
    area = float(record.project.area_ha) if record.project.area_ha else None
    return rules.compare_rule_sets(
        change,
        area,
        float(credits.get("buffer", 0.0)),
        float(credits.get("leakage_t_co2e", 0.0)),
        float(credits.get("project_emissions_t_co2e", 0.0)),
    )


# --- export in the Climate Action Data Trust (CADT) data model ---------------------------------------------
#
# Field names and pick-list values as CADT (Chia-Network/cadt, v1 data model) validates them:
# src/validations/projects.validations.js (projects), issuances.validation.js (issuances),
# labels.validations.js (labels), locations.validations.js (project locations), units.validations.js
# (units); pick lists (projectStatusValues, coveredByNDC, unitMetric, projectType, unitStatus, unitType)
# from CADT's published pick-list file.

#: CADT unitStatus pick-list values for our block states.
CADT_STATUS = {"held": "Held", "buffer": "Buffer", "retired": "Retired", "cancelled": "Cancelled"}
#: A SOC stock gain is a nature-based removal (CADT unitType pick list).
CADT_UNIT_TYPE = "Removal - nature"
CADT_REGISTRY = "4 per 1000 registry"
#: CADT projectType pick list: soil carbon projects are "Soil Enrichment".
CADT_PROJECT_TYPE = "Soil Enrichment"
#: CADT sector (ISIC Rev. 4 section A, the pick list's naming).
CADT_SECTOR = "Agriculture, forestry and fishing"
CADT_LABEL = "4 per 1000 label"


def _cadt_issuance(issuance: Issuance) -> dict:
    """An issuance as a CADT issuance record. ``verificationDate`` is the day the verifier signed when the
    MRV result records it, else the issuance date."""
    start, end = (int(y) for y in issuance.period.split("-"))
    credits = issuance.mrv_record.credits or {}
    signed = issuance.mrv_record.verified_on
    return {
        "startDate": f"{start}-01-01",
        "endDate": f"{end}-12-31",
        "verificationApproach": credits.get("standard", issuance.rule_set),
        "verificationBody": issuance.mrv_record.verifier or issuance.verifier,
        "verificationDate": (signed or issuance.issued_at.date()).isoformat(),
    }


def cadt_units(issuances, link) -> list[dict]:
    """Every current block of ``issuances`` as a CADT unit record (field names of CADT's units and
    issuances); ``link(issuance)`` gives the public URL of an issuance (``unitRegistryLink``)."""
    out = []
    for issuance in issuances:
        record = _cadt_issuance(issuance)
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


def cadt_projects(issuances, link) -> list[dict]:
    """The projects of ``issuances`` as CADT project records, each with its issuances, labels and
    locations (CADT's child tables); ``link(obj)`` gives the absolute URL of a page (``projectLink``,
    ``labelLink``).

    Mapping: ``projectId`` = ``originProjectId`` = our project id (6 digits, as in the serials), the
    registry of origin and current registry this one; ``projectStatus`` "Registered" (a project with
    units issued here) and ``projectStatusDate`` its first issuance; ``methodology`` the rule sets its
    issuances used; ``coveredByNDC`` "Unknown" (not recorded); ``validationBody``/``validationDate`` None
    (the STC assessment is not a validation in CADT's sense). Labels: ``validityStartDate`` the day the
    label was granted, ``validityPeriodEndDate`` the day it was withdrawn or None (a label holds until
    withdrawn), ``unitQuantity`` the units issued for its period. Locations: one per site, its point as
    ``geographicIdentifier`` ("latitude,longitude"); ``inCountryRegion`` None (not recorded)."""
    by_project: dict[int, list[Issuance]] = {}
    for issuance in issuances:
        by_project.setdefault(issuance.project_id, []).append(issuance)
    out = []
    for rows in by_project.values():
        rows.sort(key=lambda i: (i.issued_at, i.pk))
        project = rows[0].project
        units_of = {i.period: i.units for i in rows}
        labels = []
        for row in Label.objects.filter(project=project).order_by("period"):
            start, end = (int(y) for y in row.period.split("-"))
            labels.append(
                {
                    "label": CADT_LABEL,
                    "creditingPeriodStartDate": f"{start}-01-01",
                    "creditingPeriodEndDate": f"{end}-12-31",
                    "validityStartDate": row.granted_at.date().isoformat(),
                    "validityPeriodEndDate": row.withdrawn_at.date().isoformat()
                    if row.withdrawn_at
                    else None,
                    "unitQuantity": units_of.get(row.period, 0),
                    "labelLink": link(row),
                }
            )
        out.append(
            {
                "projectId": f"{project.pk:06d}",
                "originProjectId": f"{project.pk:06d}",
                "registryOfOrigin": CADT_REGISTRY,
                "currentRegistry": CADT_REGISTRY,
                "program": None,
                "projectName": project.title,
                "projectLink": link(project),
                "projectDeveloper": project.organisation.name,
                "sector": CADT_SECTOR,
                "projectType": CADT_PROJECT_TYPE,
                "projectTags": "; ".join(p.name for p in project.practices.all()) or None,
                "coveredByNDC": "Unknown",
                "ndcInformation": None,
                "projectStatus": "Registered",
                "projectStatusDate": rows[0].issued_at.date().isoformat(),
                "unitMetric": "tCO2e",
                "methodology": "; ".join(
                    sorted({(i.mrv_record.credits or {}).get("standard", i.rule_set) for i in rows})
                ),
                "validationBody": None,
                "validationDate": None,
                "description": project.summary,
                "projectLocations": [
                    {
                        "country": project.country,
                        "inCountryRegion": None,
                        "geographicIdentifier": f"{site.latitude:.5f},{site.longitude:.5f}",
                    }
                    for site in project.sites.all()
                    if site.latitude is not None and site.longitude is not None
                ],
                "issuances": [_cadt_issuance(i) for i in rows],
                "labels": labels,
            }
        )
    return out
