"""Where the science modules plug into the dashboards.

The ex-ante estimate (RothC / IPCC Tier 1 projection of a project's practices) and the MRV results
(verified change with its uncertainty and report) are computed by modules built apart from this app. Each
registers one function here; the project page, the SOC monitoring page and the progress page then show
what it returns. With nothing registered the pages say that no estimate / result is recorded. Providers
read stored records: they never compute an estimate inside a request.

    from fourpermille.web.dashboard import providers
    providers.register_ex_ante(lambda project: ExAnteEstimate(...) or None)
    providers.register_mrv(lambda project: [MrvResult(...), ...])
    providers.register_ex_ante_by_region(lambda projects: {region: mean change, ...})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ExAnteEstimate:
    """A project's expected SOC change, as estimated before implementation."""

    method: str  # e.g. "RothC-26.3" or "IPCC 2019 Tier 1"
    change_t_ha_yr: float  # [t C/ha/yr] mean expected change over the horizon, relative to the baseline
    horizon_years: int  # [yr]
    total_t_c: float | None = None  # [t C] over the project area and horizon
    trajectory: list[tuple[int, float]] = field(default_factory=list)  # (year, stock [t C/ha])
    report_url: str = ""


@dataclass
class MrvResult:
    """A verified result for one monitoring period."""

    period: str  # e.g. "2021-2025"
    change_t_ha_yr: float  # [t C/ha/yr]
    ci95_low_t_ha_yr: float | None
    ci95_high_t_ha_yr: float | None
    verified: bool
    report_url: str = ""
    is_demo: bool = False  # demo data: shown with the demo label wherever it shows (verified or not)
    file_confidence: float | None = None  # [-] level of the intervals in the result's own report (e.g. 0.9)


_ex_ante: list[Callable] = []
_mrv: list[Callable] = []
_ex_ante_by_region: list[Callable] = []


def register_ex_ante(function: Callable) -> None:
    _ex_ante.append(function)


def register_mrv(function: Callable) -> None:
    _mrv.append(function)


def ex_ante(project) -> ExAnteEstimate | None:
    for function in reversed(_ex_ante):
        estimate = function(project)
        if estimate is not None:
            return estimate
    return None


def mrv(project) -> list[MrvResult]:
    results: list[MrvResult] = []
    for function in _mrv:
        results.extend(function(project) or [])
    return results


def register_ex_ante_by_region(function: Callable) -> None:
    """``function(projects queryset) -> {region: mean expected change [t C/ha/yr]}``, one query."""
    _ex_ante_by_region.append(function)


def ex_ante_by_region(projects) -> dict[str, float]:
    """{region: mean expected change [t C/ha/yr]} over ``projects`` that have an estimate ({} if none).

    Read from stored estimates in one aggregated query by the registered function; nothing is computed
    here (a page request must not run the science)."""
    means: dict[str, float] = {}
    for function in _ex_ante_by_region:
        means.update(function(projects))
    return means
