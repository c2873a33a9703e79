"""The allowed range of every number the MRV workflow takes in (options, change and credits files).

One place for the ranges, so that the command line, the platform's uploads and a notebook refuse the same
values with the same message: the field's name, the value and the range. Non-finite values (NaN, +/-inf)
are refused everywhere; a JSON ``null`` is accepted only where the format gives it a meaning (an infinite
number of degrees of freedom: a model SD taken as known).

The bounds are physical or definitional, not statistical: a SOC stock of the top metres of a soil is below
2,000 t C/ha (peat 0-100 cm holds ~500-1,000 t C/ha; FAO GSOCmap 2018 tops out below 1,000 t C/ha for
0-30 cm); a monitoring period shorter than a year cannot show an annual rate (the 4 per 1000 target is a
yearly gain and VM0042 v2.2 Section 9.3 re-measures at most every 5 years, at least every year between
verifications); a t interval needs at least one degree of freedom (two points in a stratum).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from fourpermille.errors import InputError, ParameterError
from fourpermille.mrv.change import Estimate


@dataclass(frozen=True)
class Limit:
    """An allowed closed interval [low, high] of a quantity, with its unit."""

    low: float
    high: float
    unit: str = ""
    low_open: bool = False  # (low, high] instead of [low, high]
    high_open: bool = False

    def contains(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def text(self) -> str:
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open else "]"
        return f"{lo}{self.low:g}, {self.high:g}{hi}" + (f" {self.unit}" if self.unit else "")


#: SOC stock of a point or a campaign mean [t C/ha].
STOCK_T_HA = Limit(0.0, 2000.0, "t C/ha")
#: Change of the mean stock over a period, project or baseline [t C/ha].
CHANGE_T_HA = Limit(-2000.0, 2000.0, "t C/ha")
#: Standard error of a mean or change, or the SD of a modelled baseline change [t C/ha].
SE_T_HA = Limit(0.0, 2000.0, "t C/ha")
#: Degrees of freedom of a t interval [-] (JSON null: infinite).
DF = Limit(1.0, 1e12, "")
#: Level of a two-sided interval [-].
CONFIDENCE = Limit(0.5, 0.999, "")
#: Length of the monitoring period [yr].
YEARS = Limit(1.0, 100.0, "yr")
#: Relative annual target gain [1/yr] (0.004 is the 4 per 1000).
RATE = Limit(0.0, 0.1, "1/yr", low_open=True)
#: Project or stratum area [ha] (a country is ~1e8 ha).
AREA_HA = Limit(0.0, 1e9, "ha", low_open=True)
#: Reporting depth, or depth of the ESM reference mass [cm].
DEPTH_CM = Limit(0.0, 300.0, "cm", low_open=True)
#: ESM reference cumulative soil mass [t/ha] (about 4,000 t/ha for 0-30 cm; 3 m of soil < 50,000 t/ha).
SOIL_MASS_T_HA = Limit(0.0, 50000.0, "t/ha", low_open=True)
#: Stratum weight W_h [-].
WEIGHT = Limit(0.0, 1.0, "")
#: Points in a stratum or campaign [-].
POINTS = Limit(2.0, 1e7, "")
#: Non-permanence buffer (VM0042 NPR, GS BUF) [-].
BUFFER = Limit(0.0, 1.0, "", high_open=True)
#: Leakage and project emissions of a period [t CO2e] (>= 0).
EMISSIONS_T_CO2E = Limit(0.0, 1e12, "t CO2e")
#: Any credit-computation amount: a cumulative stock change, a step value, the credits [t CO2e or per ha].
AMOUNT_T_CO2E = Limit(-1e12, 1e12, "t CO2e")
#: Coefficient of variation of point stocks [-] (SD / mean).
CV = Limit(0.0, 10.0, "", low_open=True)
#: Significance level and power of a sampling design [-].
ALPHA = Limit(1e-4, 0.5, "")
POWER = Limit(0.5, 0.9999, "")
#: Minimum distance between sampling points [m].
MIN_DISTANCE_M = Limit(0.0, 1e5, "m")
#: Uncertainty and uncertainty deduction as fractions [-] (GS UNC is not capped; VM0042 UNC is).
UNCERTAINTY = Limit(0.0, 1e12, "")
DEDUCTION = Limit(0.0, 1.0, "")


def check_number(
    name: str,
    value,
    limit: Limit,
    error: type[InputError] = ParameterError,
    allow_none: bool = False,
    **where,
) -> float | None:
    """``value`` as a float if it is a finite number inside ``limit``; else ``error`` naming ``name``.

    Parameters
    ----------
    name
        What the user calls the value: an option (``--years``) or a file field (``net_change.df``).
    allow_none
        Accept ``None`` (returned as ``None``).
    where
        ``file``, ``row``, ``column``, ``column_label`` passed on to the error.
    """
    if value is None and allow_none:
        return None
    if value is None:
        raise error(f"{_prefix(name)}is missing: a number in {limit.text()} is needed", **where)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):  # a JSON "3" is text, not a number
        raise error(f"{_prefix(name)}must be a number in {limit.text()}; got {value!r}", **where)
    number = float(value)
    if not math.isfinite(number) or not limit.contains(number):
        raise error(f"{_prefix(name)}must be a number in {limit.text()}; got {number:g}", **where)
    return number


def _prefix(name: str) -> str:
    return f"{name} " if name else ""


class FieldReader:
    """Reads fields of a parsed JSON file; every error names the file and the field (``a.b.0.c``)."""

    def __init__(self, data, file: str | None):
        if not isinstance(data, dict):
            raise InputError("not a JSON object", file=file)
        self.data, self.file = data, file

    def error(self, path, message: str) -> InputError:
        return InputError(message, file=self.file, column=".".join(map(str, path)), column_label="field")

    def get(self, path):
        value = self.data
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value

    def kind(self, kind: str, version: int, writer: str) -> None:
        if self.data.get("kind") != kind:
            raise InputError(
                f"not a {kind} file (written by {writer}); its kind is {self.data.get('kind')!r}",
                file=self.file,
            )
        if self.data.get("version") != version:
            raise self.error(
                ["version"],
                f"version {self.data.get('version')!r} cannot be read: this "
                f"fourpermille reads version {version} of {kind} files",
            )

    def number(self, path, limit, allow_none: bool = False) -> float | None:
        return check_number(
            "",
            self.get(path),
            limit,
            InputError,
            allow_none=allow_none,
            file=self.file,
            column=".".join(map(str, path)),
            column_label="field",
        )

    def text(self, path) -> str:
        value = self.get(path)
        if not isinstance(value, str):
            raise self.error(path, f"must be text; got {value!r}")
        return value

    def choice(self, path, allowed) -> str:
        value = self.get(path)
        if value not in allowed:
            raise self.error(path, f"must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def mapping(self, path, required: bool = True) -> dict:
        value = self.get(path)
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.error(path, f"must be an object; got {type(value).__name__}")
        return value

    def estimate(self, path, mean_limit):
        """A ``{mean_t_ha, se_t_ha, df}`` object as an :class:`Estimate` (df null: infinite)."""
        mean = self.number([*path, "mean_t_ha"], mean_limit)
        se = self.number([*path, "se_t_ha"], SE_T_HA)
        df = self.number([*path, "df"], DF, allow_none=True)
        return Estimate(mean, se, math.inf if df is None else df)

    def rows(self, path, fields, required: bool = True) -> list[dict] | None:
        value = self.get(path)
        if value is None and not required:
            return None
        if value is None:
            raise self.error(path, "is missing (must be a list)")
        if not isinstance(value, list):
            raise self.error(path, f"must be a list; got {type(value).__name__}")
        out = []
        for i, row in enumerate(value):
            if not isinstance(row, dict):
                raise self.error([*path, i], "must be an object")
            clean = dict(row)
            for name, limit, nullable in fields:
                if limit is None:
                    if not isinstance(row.get(name), str | int) or isinstance(row.get(name), bool):
                        raise self.error([*path, i, name], f"must be text; got {row.get(name)!r}")
                    clean[name] = str(row[name])
                else:
                    clean[name] = self.number([*path, i, name], limit, allow_none=nullable)
                    if name.startswith("n_"):
                        if not clean[name].is_integer():
                            raise self.error([*path, i, name], f"must be a whole number; got {clean[name]:g}")
                        clean[name] = int(clean[name])
            out.append(clean)
        return out
