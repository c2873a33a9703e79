"""Local evidence of a practice: what the projects that apply it expect (ex ante) and measured (verified MRV
results), summarised per region.

A practice page shows, for each region, how many projects apply the practice, how many of them have an
ex-ante estimate and how many verified MRV results, with the median rate of each and its spread. The
spread is the interquartile range (25th to 75th percentile, linear interpolation between order
statistics, numpy's default) when a region has at least :data:`MIN_FOR_IQR` values, else the range
(minimum to maximum): with fewer values quartiles say nothing a reader can check. ``spread`` names which
one was computed.

The page also says how much of the practice's evidence is local: the records from projects on the
platform (an ex-ante estimate or a verified MRV result counts once each) against those plus the published
numbers of the catalogue (:func:`local_share`).

Example
-------
>>> rows = [EvidenceRow("europe", 1, "measured", 0.3), EvidenceRow("europe", 2, "measured", 0.5),
...         EvidenceRow("europe", 2, "ex_ante", 0.4)]
>>> summary = summarise(rows)
>>> summary[0].measured.median_t_c_ha_yr, summary[0].measured.spread
(0.4, 'range')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from fourpermille.errors import ParameterError

#: The two kinds of local record: an ex-ante estimate, a verified MRV result.
KINDS = ("ex_ante", "measured")
#: Fewest values for which the spread is the interquartile range (below: minimum to maximum).
MIN_FOR_IQR = 4


@dataclass(frozen=True)
class EvidenceRow:
    """One local record: the project's region and id, its kind (``KINDS``) and its rate [t C/ha/yr]."""

    region: str
    project: int
    kind: str
    rate_t_c_ha_yr: float


@dataclass(frozen=True)
class RateSummary:
    """Rates of one kind in one region: count, median and spread [t C/ha/yr]; ``spread`` is ``"iqr"``
    (25th-75th percentile), ``"range"`` (minimum-maximum) or ``""`` (no value)."""

    count: int
    median_t_c_ha_yr: float | None = None
    low_t_c_ha_yr: float | None = None
    high_t_c_ha_yr: float | None = None
    spread: str = ""


@dataclass(frozen=True)
class RegionEvidence:
    """One region: projects with a local record (``projects``), their ex-ante and measured rates."""

    region: str
    projects: int
    ex_ante: RateSummary
    measured: RateSummary

    @property
    def records(self) -> int:
        return self.ex_ante.count + self.measured.count


def rate_summary(rates) -> RateSummary:
    """Count, median and spread of ``rates`` [t C/ha/yr] (see the module docstring for the spread).

    Raises
    ------
    ParameterError
        A rate that is not a finite number.
    """
    values = np.asarray(list(rates), dtype=float)
    if values.size == 0:
        return RateSummary(0)
    if not np.all(np.isfinite(values)):
        raise ParameterError("every rate must be a finite number [t C/ha/yr]")
    if values.size >= MIN_FOR_IQR:
        low, high = np.percentile(values, [25.0, 75.0])
        spread = "iqr"
    else:
        low, high = values.min(), values.max()
        spread = "range"
    return RateSummary(int(values.size), float(np.median(values)), float(low), float(high), spread)


def summarise(rows: Iterable[EvidenceRow]) -> list[RegionEvidence]:
    """The local evidence of one practice per region (regions in alphabetical order of their key).

    Parameters
    ----------
    rows : iterable of EvidenceRow
        Every ex-ante estimate and verified MRV result of the projects applying the practice.

    Raises
    ------
    ParameterError
        An unknown kind (naming the allowed ones) or a rate that is not finite.
    """
    by_region: dict[str, dict[str, list[float]]] = {}
    projects: dict[str, set[int]] = {}
    for row in rows:
        if row.kind not in KINDS:
            raise ParameterError(f"unknown kind of evidence {row.kind!r}; allowed: {', '.join(KINDS)}")
        by_region.setdefault(row.region, {kind: [] for kind in KINDS})[row.kind].append(row.rate_t_c_ha_yr)
        projects.setdefault(row.region, set()).add(row.project)
    return [
        RegionEvidence(
            region,
            len(projects[region]),
            rate_summary(by_region[region]["ex_ante"]),
            rate_summary(by_region[region]["measured"]),
        )
        for region in sorted(by_region)
    ]


def local_share(summary: list[RegionEvidence], published: int) -> tuple[int, int]:
    """(local records, all records): the records of projects on the platform and those plus the
    ``published`` numbers of the catalogue (its rates, relative and factor changes ...)."""
    if published < 0:
        raise ParameterError(f"published must be >= 0; got {published}")
    local = sum(region.records for region in summary)
    return local, local + published
