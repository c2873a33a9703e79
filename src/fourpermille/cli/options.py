"""Numeric command-line options checked on entry: finite and inside their physical range.

A command declares an option with :func:`number_option` and a :class:`Range`; the range is printed in the
option's ``--help`` and a value outside it (``nan``, ``inf``, ``1e400``, a negative depth) ends the command
before any work with one line naming the option, the allowed range and its unit (exit code 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from fourpermille.errors import ParameterError


@dataclass(frozen=True)
class Range:
    """Allowed values of a numeric option: ``low`` to ``high`` in ``unit``, ends open or closed."""

    low: float
    high: float
    unit: str = ""
    low_open: bool = False
    high_open: bool = False

    def __str__(self) -> str:
        lo = "(" if self.low_open else "["
        hi = ")" if self.high_open else "]"
        return f"{lo}{_number(self.low)}, {_number(self.high)}{hi}" + (f" {self.unit}" if self.unit else "")

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def check(self, name: str, value):
        """Return ``value`` if it is a finite number inside the range, else raise :class:`ParameterError`."""
        if value is None:
            return value
        if not self.contains(float(value)):
            raise ParameterError(f"{name} must be a finite number in {self}; got {_number(value)}")
        return value


# --- the physical ranges of the options ------------------------------------------------------------------
# Plain numbers, so that ``fourpermille --help`` need not import the science; tests/cli/test_bad_input.py
# checks that those taken from the science core equal their source.
#: SOC stock [t C/ha]: above 0, at most 1000 (the project file's range, ``estimate.SOC_RANGE_T_HA``).
SOC_STOCK_T_HA = Range(0.0, 1000.0, "t C/ha", low_open=True)
#: Horizon of a target or a run [yr]: whole years, 1 to 500 (the project file's range).
HORIZON_YEARS = Range(1, 500, "yr")
#: Relative annual rate of the target [1/yr]: a fraction, not a percentage; 0.004 is 4 per 1000. Above
#: 0.1 (100 per 1000) it is almost surely a percentage typed as a fraction (0.4 for 0.4 %).
RATE_PER_YR = Range(0.0, 0.1, "1/yr", low_open=True)
#: Relative annual change of a baseline [1/yr]: as the rate, either sign (< 0: declining).
BASELINE_RATE_PER_YR = Range(-0.1, 0.1, "1/yr")
#: A depth below the surface [cm]: above 0, at most 10 m (deeper is not a soil profile we report on).
DEPTH_CM = Range(0.0, 1000.0, "cm", low_open=True)
#: Densest fine earth [g/cm3] (``stocks.BULK_DENSITY_RANGE``: quartz, Blake & Hartge 1986).
MAX_BULK_DENSITY_G_CM3 = 2.65
#: t/ha per (g/cm3 x cm) (``stocks.T_HA_PER_G_CM2``).
T_HA_PER_G_CM2 = 100.0
#: A cumulative soil mass [t/ha]: above 0, at most 10 m of the densest fine earth.
SOIL_MASS_T_HA = Range(0.0, DEPTH_CM.high * MAX_BULK_DENSITY_G_CM3 * T_HA_PER_G_CM2, "t/ha", low_open=True)
#: ESM extrapolation beyond a profile's sampled mass, as a fraction of it [-]: 0 to 1 (double the mass).
EXTRAPOLATION_FRACTION = Range(0.0, 1.0, "-")
#: Years to a new equilibrium, IPCC D [yr] (the project file's range).
D_YEARS = Range(1, 500, "yr")
#: Monte Carlo draws (the project file's range).
DRAWS = Range(0, 1_000_000, "draws")
#: Seed of a random generator (numpy takes 0 to 2^32 - 1 from a command line).
SEED = Range(0, 2**32 - 1)
#: RothC soil layer depth [cm] (the project file's range for RothC).
ROTHC_DEPTH_CM = Range(0.0, 300.0, "cm", low_open=True)
#: Ratio of decomposable to resistant plant material, DPM/RPM [-]: RothC uses 0.25 (woodland) to 1.44
#: (crops); above 0, at most 100 (nearly all decomposable).
DPM_RPM = Range(0.0, 100.0, "-", low_open=True)
#: Items per chunk or chunk edge in cells: at least 1.
CHUNK = Range(1, 100_000_000)
#: Worker processes of a local dask cluster.
WORKERS = Range(1, 1024, "workers")

# --- defaults taken from the science core, as plain numbers (same test as above) --------------------------
#: The 4 per 1000 rate [1/yr] (``target.FOUR_PER_1000``).
FOUR_PER_1000 = 0.004
#: Years to a new equilibrium, IPCC default D [yr] (``ipcc.tier1.D_YEARS_DEFAULT``).
D_YEARS_DEFAULT = 20
#: ESM: largest extrapolation beyond a profile's sampled mass [-] (``stocks.MAX_EXTRAPOLATION_FRACTION``).
MAX_EXTRAPOLATION_FRACTION = 0.35


def checked(allowed: Range):
    """A typer callback refusing a value of the option outside ``allowed`` (see :class:`Range`)."""

    import typer  # on use: options.py itself imports no typer

    def callback(param, value: Any):
        return allowed.check(_option_name(param), value)

    # typer tells the parameter from the context by this annotation (a string under postponed evaluation)
    callback.__annotations__ = {"param": typer.CallbackParam, "value": Any}
    return callback


def number_option(default: Any, *names: str, allowed: Range, help: str, **kwargs) -> Any:
    """``typer.Option`` of a number that must be finite and inside ``allowed``; the range goes in the help."""
    import typer

    return typer.Option(
        default, *names, help=f"{help} Allowed: {allowed}.", callback=checked(allowed), **kwargs
    )


def output_file(value: Any) -> Any:
    """Typer callback of an output file option: refuse, before any work, a place that cannot be written."""
    if value is not None:
        from fourpermille.io.files import check_output_file  # on use: --help imports no io

        check_output_file(value)
    return value


def output_directory(value: Any) -> Any:
    """Typer callback of an output directory option (see :func:`output_file`)."""
    if value is not None:
        from fourpermille.io.files import check_output_directory

        check_output_directory(value)
    return value


def parse_numbers(text: str | None, option: str, allowed: Range | None = None) -> list[float] | None:
    """'1950,3253' -> [1950.0, 3253.0]; a ParameterError naming the option and the range otherwise."""
    if text is None:
        return None
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise ParameterError(
            f"{option} takes numbers separated by commas, e.g. 1950,3253; got {text!r}"
        ) from None
    if not values:
        raise ParameterError(f"{option} needs at least one number; got {text!r}")
    if allowed is not None:
        for value in values:
            allowed.check(option, value)
    return values


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"


def _option_name(param) -> str:
    names = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return names[0] if names else f"--{param.name.replace('_', '-')}"
