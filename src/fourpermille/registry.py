"""The registry's rules: units issued from verified MRV credits, serial blocks, a hash-chained ledger.

Pure: plain data in, plain data out; the platform (``fourpermille.web.registry``) stores what these
functions return and calls them for every check, so the rules live once.

Units
-----
One unit is one tonne of CO2e [t CO2e]. An issuance turns a verified credits result
(``fourpermille.mrv.Credits``, one project and monitoring period) into whole units:

    buffer_t   = the rule set's own buffer deduction (VM0042 Eq. 75 + 76, Bu_ER + Bu_CR; GS 402 Eq. 1,
                 the compliance buffer), read from the credits' steps                         [t CO2e]
    gross      = floor(credits_t_co2e + buffer_t)      whole tonnes, the fraction is not issued
    buffer     = min(gross, ceil(buffer_t))            rounded up: the buffer is never short
    to holder  = gross - buffer

so ``issued = to holder + buffer`` exactly. A result with no positive credits issues nothing (a loss is
handled by a cancellation, taken from the buffer first).

Serial numbers
--------------
Units of one project and vintage are numbered 1, 2, 3 ... in the order they are issued; a block is a
contiguous range of them, written

    4P1000-<project>-<vintage>-<first>-<last>      e.g. 4P1000-000012-2024-000000001-000000950

(project id zero-padded to 6 digits, vintage = the year the monitoring period ends, first and last serial
zero-padded to 9 digits, both included). Splitting a block yields blocks whose ranges partition it;
within a project and vintage, ranges never overlap.

Ledger
------
Every event is an entry ``{sequence, kind, payload, evidence_hash, previous_hash, hash}`` where

    evidence_hash = SHA-256(canonical JSON of the evidence: MRV result JSON, criteria framework version,
                            code version ...)
    hash          = SHA-256(canonical JSON of {sequence, kind, payload, evidence_hash, previous_hash})

and ``previous_hash`` is the hash of the entry before (``GENESIS_HASH`` for the first). Canonical JSON
sorts keys and has no spaces, so the hash of a record does not depend on how it was stored.
:func:`verify_chain` recomputes every hash and names the first entry that does not match.

Example
-------
>>> plan = issuance_plan(credits_t_co2e=950.4, buffer_t_co2e=237.6)
>>> (plan.units, plan.buffer_units, plan.holder_units)
(1188, 238, 950)
>>> serial(12, 2024, 1, 950)
'4P1000-000012-2024-000000001-000000950'
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fourpermille.errors import FourPermilleError, ParameterError

REGISTRY_PREFIX = "4P1000"
SERIAL_PATTERN = re.compile(r"^4P1000-(\d{6})-(\d{4})-(\d{9})-(\d{9})$")
MAX_SERIAL = 999_999_999
GENESIS_HASH = "0" * 64
#: Names of the buffer steps in ``Credits.steps`` per rule set (``fourpermille.mrv.credits``).
BUFFER_STEPS = {
    "vm0042": ("buffer on reductions Bu_ER", "buffer on removals Bu_CR"),
    "gold-standard": ("compliance buffer",),
}
RULE_SETS = tuple(BUFFER_STEPS)


class RegistryError(FourPermilleError, ValueError):
    """An operation the registry's rules refuse (overdraft, overlap, spent block, nothing to issue ...)."""


# --- serials ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Block:
    """A contiguous range of serial numbers ``first..last`` (both included) of one project and vintage."""

    project: int
    vintage: int
    first: int
    last: int

    def __post_init__(self) -> None:
        if not 0 < self.project <= 999_999:
            raise ParameterError(f"project id must be 1-999999; got {self.project}")
        if not 1000 <= self.vintage <= 9999:
            raise ParameterError(f"vintage must be a year 1000-9999; got {self.vintage}")
        if not 1 <= self.first <= self.last <= MAX_SERIAL:
            raise ParameterError(
                f"a block needs 1 <= first <= last <= {MAX_SERIAL}; got first {self.first}, last {self.last}"
            )

    @property
    def quantity(self) -> int:
        """Units in the block [t CO2e]."""
        return self.last - self.first + 1

    @property
    def serial(self) -> str:
        return serial(self.project, self.vintage, self.first, self.last)

    def split(self, quantity: int) -> tuple[Block, Block]:
        """(the first ``quantity`` units, the rest): two blocks whose ranges partition this one."""
        if not 0 < quantity < self.quantity:
            raise RegistryError(
                f"a split of {self.serial} takes 1 to {self.quantity - 1} units; got {quantity}"
            )
        cut = self.first + quantity - 1
        return (
            Block(self.project, self.vintage, self.first, cut),
            Block(self.project, self.vintage, cut + 1, self.last),
        )

    def overlaps(self, other: Block) -> bool:
        return (self.project, self.vintage) == (other.project, other.vintage) and not (
            self.last < other.first or other.last < self.first
        )


def serial(project: int, vintage: int, first: int, last: int) -> str:
    """The serial of a block: ``4P1000-<project:06>-<vintage>-<first:09>-<last:09>``."""
    return f"{REGISTRY_PREFIX}-{project:06d}-{vintage:04d}-{first:09d}-{last:09d}"


def parse_serial(text: str) -> Block:
    """A serial back to its :class:`Block`; ParameterError naming the format if it is not one."""
    match = SERIAL_PATTERN.match(text.strip())
    if not match:
        raise ParameterError(f"{text!r} is not a serial: expected 4P1000-PPPPPP-YYYY-NNNNNNNNN-NNNNNNNNN")
    return Block(*(int(g) for g in match.groups()))


def overlapping(blocks: Iterable[Block]) -> list[tuple[Block, Block]]:
    """Every pair of blocks whose ranges overlap (empty when serials are unique)."""
    by_key: dict[tuple[int, int], list[Block]] = {}
    for block in blocks:
        by_key.setdefault((block.project, block.vintage), []).append(block)
    pairs = []
    for group in by_key.values():
        group.sort()
        for a, b in zip(group, group[1:], strict=False):
            if b.first <= a.last:
                pairs.append((a, b))
    return pairs


def next_block(taken: Iterable[Block], project: int, vintage: int, quantity: int) -> Block:
    """The block of ``quantity`` units after every serial already taken for this project and vintage."""
    if quantity < 1:
        raise RegistryError(f"a block holds at least 1 unit; got {quantity}")
    last = max((b.last for b in taken if (b.project, b.vintage) == (project, vintage)), default=0)
    return Block(project, vintage, last + 1, last + quantity)


# --- issuance --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuancePlan:
    """Whole units to issue [t CO2e]: ``units = holder_units + buffer_units``."""

    units: int
    buffer_units: int
    holder_units: int
    credits_t_co2e: float
    buffer_t_co2e: float


def buffer_deduction(credits: Mapping) -> float:
    """The rule set's buffer deduction [t CO2e] from a credits result's ``to_dict()`` (its named steps)."""
    method = credits.get("method")
    if method not in BUFFER_STEPS:
        raise ParameterError(f"rule set {method!r} is not one of {', '.join(RULE_SETS)}")
    names = BUFFER_STEPS[method]
    values = {s["step"]: float(s["value"]) for s in credits.get("steps", []) if s.get("step") in names}
    missing = [n for n in names if n not in values]
    if missing:
        raise RegistryError(f"the credits result has no step {', '.join(missing)}: cannot read its buffer")
    return sum(values.values())


def issuance_plan(credits_t_co2e: float, buffer_t_co2e: float) -> IssuancePlan:
    """Whole units from the credits [t CO2e] and the rule set's buffer deduction [t CO2e] (see above)."""
    for name, value in (("credits", credits_t_co2e), ("buffer", buffer_t_co2e)):
        if not math.isfinite(value):
            raise ParameterError(f"{name} must be a finite number of t CO2e; got {value}")
    if credits_t_co2e <= 0:
        raise RegistryError(
            f"nothing to issue: {credits_t_co2e:.3f} t CO2e credited (a loss is cancelled, not issued)"
        )
    if buffer_t_co2e < 0:
        raise ParameterError(f"the buffer deduction must be >= 0 t CO2e; got {buffer_t_co2e}")
    gross = math.floor(credits_t_co2e + buffer_t_co2e)
    if gross < 1:
        raise RegistryError(
            f"nothing to issue: {credits_t_co2e:.3f} t CO2e credited (a loss is cancelled, not issued)"
        )
    buffer = min(gross, math.ceil(buffer_t_co2e))
    return IssuancePlan(gross, buffer, gross - buffer, float(credits_t_co2e), float(buffer_t_co2e))


def plan_from_credits(credits: Mapping) -> IssuancePlan:
    """:func:`issuance_plan` of a credits result's ``to_dict()`` (totals for the area, not per hectare)."""
    if credits.get("per_hectare"):
        raise RegistryError("the credits are per hectare: issuance needs the total for the project area")
    return issuance_plan(float(credits["credits_t_co2e"]), buffer_deduction(credits))


def vintage_of(period: str) -> int:
    """The vintage of a monitoring period ``START-END``: its end year."""
    match = re.match(r"^\s*(\d{4})-(\d{4})\s*$", period)
    if not match or int(match.group(2)) <= int(match.group(1)):
        raise ParameterError(f"monitoring period {period!r} must read START-END in years, e.g. 2020-2025")
    return int(match.group(2))


def periods_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two monitoring periods (start, end years) share time (touching ends do not)."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class RuleSetOutcome:
    """What one crediting rule set gives for a verified change: its credits result and the units it would
    issue (None when it credits nothing; ``refusal`` says why)."""

    method: str
    credits: dict
    plan: IssuancePlan | None
    refusal: str | None


def compare_rule_sets(
    change,
    area_ha: float | None,
    buffer: float,
    leakage_t_co2e: float = 0.0,
    project_emissions_t_co2e: float = 0.0,
) -> list[RuleSetOutcome]:
    """Every rule set of ``RULE_SETS`` on the same measured change (``fourpermille.mrv.ChangeReport``),
    with the same buffer share [-], leakage and project emissions [t CO2e], for the project area [ha]."""
    from fourpermille.mrv import credits_for_change

    out = []
    for method in RULE_SETS:
        credits = credits_for_change(
            change,
            method,
            buffer=buffer,
            leakage_t_co2e=leakage_t_co2e,
            project_emissions_t_co2e=project_emissions_t_co2e,
            area_ha=area_ha,
        ).to_dict()
        try:
            plan, refusal = plan_from_credits(credits), None
        except RegistryError as error:
            plan, refusal = None, str(error)
        out.append(RuleSetOutcome(method, credits, plan, refusal))
    return out


# --- ledger ----------------------------------------------------------------------------------------------


def canonical_json(value) -> bytes:
    """JSON with sorted keys and no spaces (UTF-8): the same bytes for the same data however stored."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def sha256(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def evidence_hash(evidence: Mapping) -> str:
    """SHA-256 of the evidence of an event (MRV result JSON, criteria framework version, code version ...)."""
    return sha256(dict(evidence))


def entry_hash(sequence: int, kind: str, payload: Mapping, evidence: str, previous: str) -> str:
    """The hash of one ledger entry (module docstring)."""
    return sha256(
        {
            "sequence": sequence,
            "kind": kind,
            "payload": dict(payload),
            "evidence_hash": evidence,
            "previous_hash": previous,
        }
    )


@dataclass(frozen=True)
class Entry:
    sequence: int
    kind: str
    payload: dict
    evidence_hash: str
    previous_hash: str
    hash: str


def make_entry(previous: Entry | None, kind: str, payload: Mapping, evidence: Mapping) -> Entry:
    """The entry that follows ``previous`` (None: the first)."""
    sequence = 1 if previous is None else previous.sequence + 1
    prev_hash = GENESIS_HASH if previous is None else previous.hash
    ev = evidence_hash(evidence)
    return Entry(
        sequence, kind, dict(payload), ev, prev_hash, entry_hash(sequence, kind, payload, ev, prev_hash)
    )


def verify_chain(entries: Iterable[Entry]) -> list[str]:
    """What is wrong with a ledger, in order (empty: every hash recomputes and every link holds)."""
    problems = []
    previous_hash, expected_sequence = GENESIS_HASH, 1
    for entry in entries:
        where = f"entry {entry.sequence}"
        if entry.sequence != expected_sequence:
            problems.append(f"{where}: expected sequence {expected_sequence} (an entry is missing or added)")
        if entry.previous_hash != previous_hash:
            problems.append(f"{where}: previous_hash does not match the hash of the entry before")
        recomputed = entry_hash(
            entry.sequence, entry.kind, entry.payload, entry.evidence_hash, entry.previous_hash
        )
        if recomputed != entry.hash:
            problems.append(f"{where}: its content does not match its hash (edited after it was written)")
        previous_hash, expected_sequence = entry.hash, entry.sequence + 1
    return problems


# --- the "4 per 1000" label ------------------------------------------------------------------------------

#: Outcomes with which a safeguard criterion passes (the STC framework: a safeguard not met, or only partly
#: met, ends the assessment).
SAFEGUARD_PASSES = ("met", "not_applicable")


#: Why a label is refused, in the order they are checked (safeguards first), with their English text.
LABEL_REASONS = {
    "no_safeguards": "no safeguard criterion was assessed",
    "safeguards_not_met": "safeguard criteria not met",
    "assessment_not_published": "the STC assessment is not complete and published",
    "mrv_not_verified": "the MRV result of the period is not verified",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True)
class LabelDecision:
    """Whether a project gets the label for a period, and every reason it does not (codes of
    ``LABEL_REASONS``, safeguards first), with the failing safeguard codes and the withdrawal reason."""

    granted: bool
    reasons: tuple[str, ...]
    failing_safeguards: tuple[str, ...] = ()
    withdrawn: str | None = None

    def text(self) -> list[str]:
        """The reasons in English."""
        out = []
        for code in self.reasons:
            detail = {"safeguards_not_met": ", ".join(self.failing_safeguards), "withdrawn": self.withdrawn}
            out.append(LABEL_REASONS[code] + (f": {detail[code]}" if code in detail else ""))
        return out


def label_decision(
    safeguards: Mapping[str, str | None],
    assessment_published: bool,
    mrv_verified: bool,
    withdrawn: str | None = None,
) -> LabelDecision:
    """The label for one project and monitoring period.

    Parameters
    ----------
    safeguards
        Safeguard criterion code -> the STC's outcome (``met``, ``partly_met``, ``not_met``,
        ``not_applicable``; None: not assessed).
    assessment_published
        The STC assessment is complete and published.
    mrv_verified
        The period's MRV result is verified by the secretariat.
    withdrawn
        Why the label was withdrawn (assessment or verification withdrawn), or None.
    """
    failing = tuple(sorted(code for code, outcome in safeguards.items() if outcome not in SAFEGUARD_PASSES))
    checks = [
        ("no_safeguards", not safeguards),
        ("safeguards_not_met", bool(failing)),
        ("assessment_not_published", not assessment_published),
        ("mrv_not_verified", not mrv_verified),
        ("withdrawn", bool(withdrawn)),
    ]
    reasons = tuple(code for code, refused in checks if refused)
    return LabelDecision(not reasons, reasons, failing, withdrawn or None)


# --- a whole registry in memory: the rules every operation follows --------------------------------------

ACTIVE, RETIRED, CANCELLED = "active", "retired", "cancelled"
BUFFER_ACCOUNT = "buffer"


@dataclass
class Holding:
    """A block, where it is (account) and its state (active, retired, cancelled)."""

    block: Block
    account: str
    issuance: int
    state: str = ACTIVE


class Ledger:
    """The registry's rules on plain data: what the database app does, checkable without a database.

    Every operation appends one ledger entry; :meth:`check` lists every broken invariant.
    """

    def __init__(self) -> None:
        self.holdings: list[Holding] = []
        self.issued: dict[int, int] = {}  # issuance id -> units
        self.entries: list[Entry] = []

    def _append(self, kind: str, payload: dict, evidence: Mapping | None = None) -> None:
        self.entries.append(
            make_entry(self.entries[-1] if self.entries else None, kind, payload, evidence or {})
        )

    def balance(self, account: str) -> int:
        return sum(h.block.quantity for h in self.holdings if h.account == account and h.state == ACTIVE)

    def issue(self, project: int, vintage: int, plan: IssuancePlan, account: str, evidence: Mapping) -> int:
        issuance = len(self.issued) + 1
        block = next_block((h.block for h in self.holdings), project, vintage, plan.units)
        self.issued[issuance] = plan.units
        to_holder, to_buffer = (
            block.split(plan.holder_units)
            if 0 < plan.buffer_units < plan.units
            else (block, None)
            if plan.buffer_units == 0
            else (None, block)
        )
        for part, where in ((to_holder, account), (to_buffer, BUFFER_ACCOUNT)):
            if part is not None:
                self.holdings.append(Holding(part, where, issuance))
        self._append(
            "issuance",
            {
                "issuance": issuance,
                "serial": block.serial,
                "account": account,
                "buffer_units": plan.buffer_units,
            },
            evidence,
        )
        return issuance

    def _take(self, account: str, quantity: int, predicate=lambda h: True) -> list[Holding]:
        """Active holdings of ``account`` worth exactly ``quantity`` units (the last one split)."""
        if quantity < 1:
            raise RegistryError(f"quantity must be at least 1 unit; got {quantity}")
        pool = sorted(
            (h for h in self.holdings if h.account == account and h.state == ACTIVE and predicate(h)),
            key=lambda h: h.block,
        )
        available = sum(h.block.quantity for h in pool)
        if available < quantity:
            raise RegistryError(f"account {account} holds {available} units; {quantity} asked")
        taken, left = [], quantity
        for holding in pool:
            if left == 0:
                break
            if holding.block.quantity > left:
                head, tail = holding.block.split(left)
                self.holdings.remove(holding)
                holding = Holding(head, account, holding.issuance)
                self.holdings += [holding, Holding(tail, account, holding.issuance)]
            taken.append(holding)
            left -= holding.block.quantity
        return taken

    def transfer(self, source: str, target: str, quantity: int) -> None:
        if source == target:
            raise RegistryError("a transfer needs two different accounts")
        for holding in self._take(source, quantity):
            holding.account = target
            self._append("transfer", {"serial": holding.block.serial, "from": source, "to": target})

    def retire(self, account: str, quantity: int, beneficiary: str) -> None:
        for holding in self._take(account, quantity):
            holding.state = RETIRED
            self._append(
                "retirement", {"serial": holding.block.serial, "account": account, "beneficiary": beneficiary}
            )

    def cancel(self, project: int, quantity: int) -> None:
        """Cancel ``quantity`` units of ``project``: its buffer first, then its holders' active blocks."""
        of_project = lambda h: h.block.project == project  # noqa: E731
        in_buffer = sum(
            h.block.quantity
            for h in self.holdings
            if h.account == BUFFER_ACCOUNT and h.state == ACTIVE and of_project(h)
        )
        from_buffer = min(in_buffer, quantity)
        taken = self._take(BUFFER_ACCOUNT, from_buffer, of_project) if from_buffer else []
        rest = quantity - from_buffer
        if rest:
            holders = sorted(
                {
                    h.account
                    for h in self.holdings
                    if h.state == ACTIVE and of_project(h) and h.account != BUFFER_ACCOUNT
                }
            )
            available = sum(
                h.block.quantity
                for h in self.holdings
                if h.state == ACTIVE and of_project(h) and h.account != BUFFER_ACCOUNT
            )
            if available < rest:
                raise RegistryError(
                    f"project {project} has {in_buffer + available} active units; {quantity} asked"
                )
            for account in holders:
                if rest == 0:
                    break
                n = min(
                    rest,
                    sum(
                        h.block.quantity
                        for h in self.holdings
                        if h.account == account and h.state == ACTIVE and of_project(h)
                    ),
                )
                if n:
                    taken += self._take(account, n, of_project)
                    rest -= n
        for holding in taken:
            holding.state = CANCELLED
            self._append("cancellation", {"serial": holding.block.serial, "account": holding.account})

    def check(self) -> list[str]:
        """Every broken invariant (module docstring); empty when the registry is sound."""
        return check_invariants(
            self.issued, [(h.issuance, h.block, h.account, h.state) for h in self.holdings]
        ) + verify_chain(self.entries)


def check_invariants(issued: Mapping[int, int], holdings: Iterable[tuple[int, Block, str, str]]) -> list[str]:
    """For every issuance, issued = held + retired + cancelled + buffer, and no two blocks overlap.

    ``holdings`` are (issuance id, block, account, state); blocks are positive (first <= last).
    """
    holdings = list(holdings)
    problems = []
    counted: dict[int, dict[str, int]] = {}
    for issuance, block, account, state in holdings:
        bucket = BUFFER_ACCOUNT if (state == ACTIVE and account == BUFFER_ACCOUNT) else state
        counts = counted.setdefault(issuance, {})
        counts[bucket] = counts.get(bucket, 0) + block.quantity
    for issuance, units in sorted(issued.items()):
        c = counted.get(issuance, {})
        total = sum(c.values())
        if total != units:
            problems.append(
                f"issuance {issuance}: issued {units} != held {c.get(ACTIVE, 0)}"
                f" + retired {c.get(RETIRED, 0)} + cancelled {c.get(CANCELLED, 0)}"
                f" + buffer {c.get(BUFFER_ACCOUNT, 0)}"
            )
    for issuance in sorted(set(counted) - set(issued)):
        problems.append(f"blocks of issuance {issuance}, which was never issued")
    for a, b in overlapping(h[1] for h in holdings):
        problems.append(f"serial ranges overlap: {a.serial} and {b.serial}")
    return problems
