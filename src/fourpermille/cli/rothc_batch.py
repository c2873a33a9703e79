"""``fourpermille rothc batch``: many sites from three tables, as a lean process.

A batch of a thousand sites computes in about ten milliseconds; what a user waits for is the process
around it. So this command is parsed by :mod:`argparse` (standard library) and prints plain lines: it
imports neither typer, click, rich nor pydantic (about 0.15 s of CPU together), only numpy, pyarrow and
the engine. The console script sends ``fourpermille rothc batch ...`` here directly
(:mod:`fourpermille.cli.entry`); the typer tree lists the command and forwards to :func:`run` too, so
both ways behave the same: bad input ends with one line on stderr and exit code 2, as every command.
"""

from __future__ import annotations

import argparse
import sys

from fourpermille.cli.options import CHUNK, FOUR_PER_1000, HORIZON_YEARS, RATE_PER_YR
from fourpermille.errors import FourPermilleError, ParameterError, check_choice

PROG = "fourpermille rothc batch"
SUMMARY = "Many sites: exact equilibrium, 4 per 1000 extra input and yearly SOC with it, per site."
#: Sites per chunk (rothc.batch.DEFAULT_CHUNK; a test keeps them equal).
BATCH_CHUNK = 50_000
#: Target growth laws (target.GROWTHS; a test keeps them equal).
GROWTHS = ("linear", "compound")
RATE_HELP = "Target rate [1/yr]; the 4 per 1000 rate (fourpermille.target.FOUR_PER_1000) when omitted."
USER_ERROR_EXIT_CODE = 2
#: The numeric options: (type, allowed range); each is checked by :func:`_number` before any work.
NUMBERS = {"--years": (int, HORIZON_YEARS), "--rate": (float, RATE_PER_YR), "--chunk-size": (int, CHUNK)}


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are a :class:`ParameterError` (one line, exit code 2) like every
    command's, instead of argparse's usage block."""

    def error(self, message: str):
        raise ParameterError(f"{message} (see '{PROG} --help')")


def parser() -> argparse.ArgumentParser:
    """The command's options (the one definition; ``--help`` prints them)."""
    out = _Parser(prog=PROG, description=SUMMARY, allow_abbrev=False)
    out.add_argument(
        "--sites", required=True, metavar="PATH", help="site_id, clay, depth_cm, iom/soc_t_ha[, climate_id]."
    )
    out.add_argument(
        "--climate", required=True, metavar="PATH", help="site_id or climate_id, month, temp, rain, pevap."
    )
    out.add_argument(
        "--management", required=True, metavar="PATH", help="site_id, month, c_inp, fym, pc, dpm_rpm."
    )
    out.add_argument(
        "--years",
        default="30",
        metavar="INTEGER",
        help=f"Horizon T [yr]. Allowed: {HORIZON_YEARS}. Default: 30.",
    )
    out.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="One row per site (.parquet, or CSV)."
    )
    out.add_argument("--rate", default=None, metavar="FLOAT", help=f"{RATE_HELP} Allowed: {RATE_PER_YR}.")
    out.add_argument(
        "--growth", default="linear", metavar="TEXT", help="linear or compound. Default: linear."
    )
    out.add_argument(
        "--chunk-size",
        default=str(BATCH_CHUNK),
        metavar="INTEGER",
        help=f"Sites per chunk. Allowed: {CHUNK}. Default: {BATCH_CHUNK}.",
    )
    return out


def run(argv: list[str]) -> int:
    """Run the command on ``argv`` (the words after ``rothc batch``); return the exit code."""
    try:
        args = parser().parse_args(argv)
        _batch(args)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except FourPermilleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USER_ERROR_EXIT_CODE
    return 0


def _number(text: str, option: str):
    """``text`` as the option's int or float inside its range (:data:`NUMBERS`), else a ParameterError
    naming the option."""
    kind, allowed = NUMBERS[option]
    try:
        value = kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ParameterError(f"{option} takes {what}; got {text!r}") from None
    return allowed.check(option, value)


def _batch(args: argparse.Namespace) -> None:
    years = _number(args.years, "--years")
    rate = FOUR_PER_1000 if args.rate is None else _number(args.rate, "--rate")
    chunk_size = _number(args.chunk_size, "--chunk-size")
    check_choice("--growth", args.growth, GROWTHS)
    from fourpermille.io.files import check_output_file

    check_output_file(args.output)  # before any work

    import numpy as np

    from fourpermille.io import rothc_dat

    def progress(done: int, total: int) -> None:
        print(f"RothC sites: {done}/{total}", file=sys.stderr, flush=True)

    batch, result = rothc_dat.four_per_1000_of_tables(
        args.sites,
        args.climate,
        args.management,
        years,
        rate=rate,
        growth=args.growth,
        chunk_size=chunk_size,
        on_progress=progress,
    )
    n = len(batch.site_id)
    rothc_dat.write_columns(rothc_dat.batch_columns(batch, result), args.output)
    fraction = result["required_input_increase_fraction"]
    print(
        f"{n} sites, {years} years ({args.growth}, rate {rate:g}/yr): required extra plant input "
        f"median {100 * median(fraction):.1f} % "
        f"(range {100 * fraction.min():.1f} - {100 * fraction.max():.1f} %), "
        f"mean {np.mean(result['required_additional_input_t_ha_yr']):.3f} t C/ha/yr"
    )
    print(f"wrote {args.output}")


def median(values) -> float:
    """Median without np.median, which imports numpy.ma (a tenth of a second for one number)."""
    import numpy as np

    ordered = np.sort(np.asarray(values, dtype=float))
    return float((ordered[(ordered.size - 1) // 2] + ordered[ordered.size // 2]) / 2)
