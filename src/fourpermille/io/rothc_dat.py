"""RothC input and output files in Rothamsted's layouts.

Readers
-------
:func:`read_rothc_dat` reads both upstream input layouts and says which one it found:

- ``v2`` (Rothamsted-Models/RothC_Code v2.0.0, ``RothC_input.dat``): two info lines, a units line, the
  header ``opt_RMmoist opt_SMDbare`` and its values, a units line, the soil header
  ``clay depth iom nsteps [silt BD OC minRM_Moist]`` and its values (the last four read only when
  opt_RMmoist is 2 or 3, as Shell.for does), a units line, the header
  ``year month modern Tmp Rain Evap C_inp FYM PC DPM_RPM`` and ``nsteps`` monthly rows;
- ``py`` (Rothamsted-Models/RothC_Py): the same without the option lines (classic moisture options).

Lines are found by their header words, so extra info lines do not matter. Any bad value raises
:class:`~fourpermille.errors.InputError` naming the file, the line (as ``row``) and the field (``column``).

Writers
-------
:func:`write_monthly` and :func:`write_yearly` write upstream's ``month_results.out`` /
``year_results.out`` columns, lower-cased, as CSV, through :func:`~fourpermille.io.files.atomic_path`
(nothing half-written). The first 12 monthly rows are the equilibrium year; the run starts at row 13.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from fourpermille.errors import InputError
from fourpermille.io.files import atomic_path
from fourpermille.rothc.kernels import MoistureOptions

if TYPE_CHECKING:  # pandas is imported where a table is built: the batch path runs on pyarrow alone
    import pandas as pd

#: Monthly input columns: (name in the file, our name, lowest, highest, inclusive bounds, unit).
DATA_FIELDS = (
    ("year", "year", None, None, "", "-"),
    ("month", "month", 1, 12, "[]", "-"),
    ("modern", "modern", 0.0, None, "[", "%"),
    ("Tmp", "temp", -60.0, 60.0, "[]", "C"),
    ("Rain", "rain", 0.0, None, "[", "mm"),
    ("Evap", "pevap", 0.0, None, "[", "mm"),
    ("C_inp", "c_inp", 0.0, None, "[", "t C/ha"),
    ("FYM", "fym", 0.0, None, "[", "t C/ha"),
    ("PC", "pc", 0, 1, "[]", "0/1"),
    ("DPM_RPM", "dpm_rpm", 0.0, None, "(", "-"),
)
SOIL_FIELDS = (
    ("clay", "clay", 0.0, 100.0, "[]", "%"),
    ("depth", "depth", 0.0, None, "(", "cm"),
    ("iom", "iom", 0.0, None, "[", "t C/ha"),
    ("nsteps", "nsteps", 12, None, "[", "months"),
)
FARINA_FIELDS = (
    ("silt", "silt", 0.0, 100.0, "(]", "%"),
    ("BD", "bulk_density", 0.0, None, "(", "g/cm3"),
    ("OC", "organic_carbon", 0.0, 100.0, "(]", "%"),
    ("minRM_Moist", "min_rm_moist", 0.0, 1.0, "[]", "-"),
)
MONTHLY_OUTPUT_COLUMNS = (
    "year",
    "month",
    "c_inp",
    "fym_inp",
    "temp",
    "rm_tmp",
    "rain",
    "pevap",
    "smd",
    "rm_moist",
    "pc",
    "rm_pc",
    "dpm",
    "rpm",
    "bio",
    "hum",
    "iom",
    "soc",
    "co2",
)
YEARLY_OUTPUT_COLUMNS = ("year", "month", "dpm", "rpm", "bio", "hum", "iom", "soc", "co2", "deltac")
MONTHS = 12


@dataclass
class RothCInput:
    """A RothC input file: soil, options and the monthly table (our names, see :data:`DATA_FIELDS`)."""

    layout: str  #: 'v2' or 'py'
    clay: float  #: [%]
    depth: float  #: [cm]
    iom: float  #: [t C/ha]
    nsteps: int  #: number of monthly rows
    moisture: MoistureOptions = field(default_factory=MoistureOptions)
    monthly: pd.DataFrame = None  #: columns year, month, modern, temp, ... ; index = line number in the file
    path: str | None = None

    def drivers(self) -> dict:
        """Monthly drivers as float arrays for :func:`fourpermille.rothc.simulate`."""
        t = self.monthly
        return {
            name: t[name].to_numpy(dtype=float)
            for name in ("temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm", "modern")
        }


def _bounds_ok(value, low, high, kind):
    if low is not None:
        if (value < low) if kind.startswith("[") else (value <= low):
            return False
    if high is not None:
        if (value > high) if kind.endswith("]") else (value >= high):
            return False
    return True


def _describe(low, high, kind, unit):
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    left = kind[0] if kind and kind[0] in "[(" else "("
    right = kind[-1] if kind and kind[-1] in "])" else ")"
    return f"{left}{lo}, {hi}{right} {unit}".rstrip()


def _number(token, name, lineno, integer=False):
    try:
        value = float(token)
    except ValueError:
        raise InputError(f"'{token}' is not a number", row=lineno, column=name) from None
    if not np.isfinite(value):
        raise InputError(f"'{token}' is not a finite number", row=lineno, column=name)
    if integer and value != int(value):
        raise InputError(f"'{token}' is not a whole number", row=lineno, column=name)
    return value


NEGATIVE_PEVAP_HINT = (
    "; open-pan evaporation below 0 (condensation) occurs in upstream's own example: "
    "allow it explicitly with allow_negative_pevap / --allow-negative-pevap"
)


def _values(tokens, fields, lineno, allow_negative_pevap=False):
    out = {}
    for i, (fname, name, low, high, kind, unit) in enumerate(fields):
        if name == "pevap" and allow_negative_pevap:
            low = None
        if i >= len(tokens):
            raise InputError(
                f"missing value (the line has {len(tokens)} of {len(fields)} fields)",
                row=lineno,
                column=fname,
            )
        integer = name in ("year", "month", "nsteps", "pc")
        value = _number(tokens[i], fname, lineno, integer)
        if not _bounds_ok(value, low, high, kind):
            hint = NEGATIVE_PEVAP_HINT if name == "pevap" else ""
            raise InputError(
                f"{tokens[i]} is outside the allowed range {_describe(low, high, kind, unit)}" + hint,
                row=lineno,
                column=fname,
            )
        out[name] = value
    return out


def _header_index(lines, words, start=0):
    """Index of the first line from ``start`` whose first tokens are ``words`` (case-insensitive)."""
    words = [w.lower() for w in words]
    for i in range(start, len(lines)):
        tokens = [t.lower() for t in lines[i].split()]
        if tokens[: len(words)] == words:
            return i
    return None


def read_rothc_dat(path: str | os.PathLike, *, allow_negative_pevap: bool = False) -> RothCInput:
    """Read a RothC input file in the v2.0.0 or the RothC_Py layout.

    Parameters
    ----------
    path : the ``RothC_input.dat`` file
    allow_negative_pevap : bool
        Accept open-pan evaporation below 0 (upstream's example files have 11 such months, down to
        -20.7 mm; the model handles them: the water balance gains ``0.75 |pevap|``).

    Returns
    -------
    RothCInput

    Raises
    ------
    InputError
        Missing file or header; a value that is not a number or is out of range (rain, evaporation < 0,
        temperature outside -60..60 °C, clay outside 0-100 %, depth <= 0, DPM/RPM <= 0, PC not 0/1);
        months missing or out of order; a first (equilibrium) block that is not months 1-12 of one year;
        fewer or more monthly rows than ``nsteps`` (a truncated file). Each names the file, line and field.
    """
    name = os.fspath(path)
    try:
        return _read(name, allow_negative_pevap)
    except InputError as exc:
        # a .dat file is read line by line, field by field: say so in the message
        raise replace(exc.in_file(name), row_label="line", column_label="field") from None


def _read(name: str, allow_negative_pevap: bool) -> RothCInput:
    try:
        with open(name, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise InputError("file not found") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a RothC input file") from None
    opt_at = _header_index(lines, ["opt_RMmoist"])
    soil_at = _header_index(lines, ["clay", "depth"], 0 if opt_at is None else opt_at + 1)
    if soil_at is None:
        raise InputError(
            "no soil header line starting with 'clay' (clay depth iom nsteps ...)",
            row=len(lines),
            column="clay",
        )
    data_at = _header_index(lines, ["year", "month"], soil_at + 1)
    if data_at is None:
        raise InputError(
            "no monthly header line starting with 'year' (year month modern Tmp ...)",
            row=len(lines),
            column="year",
        )
    moisture_kw = {}
    layout = "py"
    if opt_at is not None:
        layout = "v2"
        if opt_at + 1 >= len(lines):
            raise InputError("the file ends before the option values", row=opt_at + 2, column="opt_RMmoist")
        tokens = lines[opt_at + 1].split()
        opts = _values(
            tokens,
            (
                ("opt_RMmoist", "opt_rm_moist", 1, 3, "[]", ""),
                ("opt_SMDbare", "opt_smd_bare", 1, 2, "[]", ""),
            ),
            opt_at + 2,
        )
        moisture_kw = {k: int(v) for k, v in opts.items()}
        for key, fname in (("opt_rm_moist", "opt_RMmoist"), ("opt_smd_bare", "opt_SMDbare")):
            if moisture_kw[key] != opts[key]:
                raise InputError("must be a whole number", row=opt_at + 2, column=fname)
    soil_tokens = lines[soil_at + 1].split() if soil_at + 1 < len(lines) else []
    soil = _values(soil_tokens, SOIL_FIELDS, soil_at + 2)
    if moisture_kw.get("opt_rm_moist", 1) != 1:
        farina = (
            _values(soil_tokens[len(SOIL_FIELDS) :], FARINA_FIELDS, soil_at + 2)
            if len(soil_tokens) >= len(SOIL_FIELDS) + len(FARINA_FIELDS)
            else None
        )
        if farina is None:
            missing = FARINA_FIELDS[max(0, len(soil_tokens) - len(SOIL_FIELDS))][0]
            raise InputError(
                f"opt_RMmoist {moisture_kw['opt_rm_moist']} needs silt, BD, OC and minRM_Moist "
                "on the soil line",
                row=soil_at + 2,
                column=missing,
            )
        moisture_kw.update(farina)
    moisture = MoistureOptions(**moisture_kw)
    nsteps = int(soil["nsteps"])
    rows, linenos = [], []
    for i in range(data_at + 1, len(lines)):
        tokens = lines[i].split()
        if not tokens:
            continue
        if len(rows) == nsteps:
            raise InputError(f"more monthly rows than nsteps = {nsteps}", row=i + 1, column="nsteps")
        rows.append(_values(tokens, DATA_FIELDS, i + 1, allow_negative_pevap))
        linenos.append(i + 1)
    if len(rows) < nsteps:
        raise InputError(
            f"truncated file: {len(rows)} monthly rows, nsteps says {nsteps}",
            row=len(lines) + 1,
            column="year",
        )
    import pandas as pd

    table = pd.DataFrame(rows, index=pd.Index(linenos, name="line"))
    _check_months(table)
    for col in ("year", "month", "pc"):
        table[col] = table[col].astype(int)
    return RothCInput(layout, soil["clay"], soil["depth"], soil["iom"], nsteps, moisture, table, name)


def _check_months(table: pd.DataFrame) -> None:
    """Months must run 1..12 without gaps; the first block is months 1-12 of one year."""
    years = table["year"].to_numpy()
    months = table["month"].to_numpy()
    lines = table.index.to_numpy()
    for i in range(min(MONTHS, len(table))):
        if months[i] != i + 1 or years[i] != years[0]:
            raise InputError(
                f"the equilibrium block (the first 12 rows) must be months 1-12 of one year; "
                f"found year {years[i]:g} month {months[i]:g} in its row {i + 1}",
                row=int(lines[i]),
                column="month",
            )
    for i in range(1, len(table)):
        expected_month = months[i - 1] % MONTHS + 1
        if months[i] != expected_month:
            raise InputError(
                f"month {months[i]:g} follows month {months[i - 1]:g}: months missing or "
                f"out of order (expected {expected_month:g})",
                row=int(lines[i]),
                column="month",
            )
        if i >= MONTHS:
            expected_year = years[i - 1] + (1 if months[i] == 1 else 0)
            if i == MONTHS:
                expected_year = years[i]  # the run may start at any year after the equilibrium block
            if years[i] != expected_year:
                raise InputError(
                    f"year {years[i]:g} after year {years[i - 1]:g} month {months[i - 1]:g} "
                    f"(expected {expected_year:g})",
                    row=int(lines[i]),
                    column="year",
                )


def monthly_table(inp: RothCInput, monthly: dict) -> pd.DataFrame:
    import pandas as pd

    """The month_results table (:data:`MONTHLY_OUTPUT_COLUMNS`) of one site's simulation."""
    table = pd.DataFrame({"year": inp.monthly["year"].to_numpy(), "month": inp.monthly["month"].to_numpy()})
    for col in MONTHLY_OUTPUT_COLUMNS[2:]:
        table[col] = np.asarray(monthly[col], dtype=float)
    table["pc"] = table["pc"].astype(int)
    return table


def yearly_table(inp: RothCInput, monthly: dict) -> pd.DataFrame:
    import pandas as pd

    """The year_results table (:data:`YEARLY_OUTPUT_COLUMNS`): every December, the equilibrium year first."""
    months = inp.monthly["month"].to_numpy()
    rows = np.nonzero(months == MONTHS)[0]
    table = pd.DataFrame({"year": inp.monthly["year"].to_numpy()[rows], "month": months[rows]})
    for col in YEARLY_OUTPUT_COLUMNS[2:-1]:
        table[col] = np.asarray(monthly[col], dtype=float)[rows]
    table["deltac"] = np.asarray(monthly["delta14c"], dtype=float)[rows] if "delta14c" in monthly else np.nan
    return table


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a results table as CSV (full precision), or Parquet when the name ends in .parquet."""
    with atomic_path(path) as tmp:
        if os.fspath(path).endswith(".parquet"):
            table.to_parquet(tmp, index=False)
        else:
            table.to_csv(tmp, index=False)


def read_upstream_results(path: str | os.PathLike) -> pd.DataFrame:
    """Read an upstream result file (``*.out`` or ``*.csv``, comma separated) with lower-case columns.

    Blank fields (the spin-up rows of month_results.out) become NaN.
    """
    import pandas as pd

    table = pd.read_csv(path, skipinitialspace=True)
    table.columns = [c.strip().strip('"').lower() for c in table.columns]
    return table


# --- Batch tables (``fourpermille rothc batch``) ---------------------------------------------------------

SITE_COLUMNS = ("site_id", "clay", "depth_cm")
CLIMATE_COLUMNS = ("month", "temp", "rain", "pevap")
MANAGEMENT_COLUMNS = ("site_id", "month", "c_inp", "fym", "pc", "dpm_rpm")
#: (column, low, high, bounds, unit) checked in the batch tables.
BATCH_RANGES = {
    "clay": (0.0, 100.0, "[]", "%"),
    "depth_cm": (0.0, None, "(", "cm"),
    "iom": (0.0, None, "[", "t C/ha"),
    "soc_t_ha": (0.0, None, "(", "t C/ha"),
    "month": (1, 12, "[]", "-"),
    "temp": (-60.0, 60.0, "[]", "C"),
    "rain": (0.0, None, "[", "mm"),
    "pevap": (0.0, None, "[", "mm"),
    "c_inp": (0.0, None, "[", "t C/ha"),
    "fym": (0.0, None, "[", "t C/ha"),
    "pc": (0, 1, "[]", "0/1"),
    "dpm_rpm": (0.0, None, "(", "-"),
}


@dataclass
class BatchInput:
    """Sites with their 12-month climate and management as arrays (sites in the sites table's order)."""

    site_id: np.ndarray
    clay: np.ndarray  #: [%]
    depth: np.ndarray  #: [cm]
    iom: np.ndarray | None  #: [t C/ha], NaN where not given
    soc: np.ndarray | None  #: observed stock [t C/ha], when given
    monthly: dict  #: temp, rain, pevap, c_inp, fym, pc, dpm_rpm: (n, 12)


def read_batch_tables(
    sites: str | os.PathLike, climate: str | os.PathLike, management: str | os.PathLike
) -> BatchInput:
    """Read the three batch tables (CSV, or Parquet when the name ends in .parquet), each once.

    - sites: ``site_id, clay, depth_cm`` and ``iom`` and/or ``soc_t_ha`` (optional ``climate_id``);
    - climate: ``site_id`` or ``climate_id``, ``month, temp, rain, pevap`` (12 months each);
    - management: ``site_id, month, c_inp, fym, pc, dpm_rpm`` (12 months each).

    Tables are read by pyarrow's CSV (or Parquet) reader straight into typed columns and checked with
    array operations, so 100,000 sites (2.4 million monthly rows) take seconds. A file pyarrow cannot
    read as typed columns (a non-number, a misspelt or missing column, padded cells ...) is read again by
    :func:`fourpermille.io.tables.read_csv_table`, which names the file, row and column of the problem.

    Raises
    ------
    InputError
        Naming the file, row and column: missing/unknown columns, non-numbers, values out of range,
        duplicate or missing months, sites without climate or management rows, duplicate site ids.
    """
    sname = os.fspath(sites)
    site_t = _read_columns(
        sites,
        required=SITE_COLUMNS,
        numeric=("clay", "depth_cm", "iom", "soc_t_ha"),
        optional=("iom", "soc_t_ha", "climate_id"),
        keys=("site_id", "climate_id"),
        alternatives={"carbon": [["iom"], ["soc_t_ha"]]},
    )
    for col in SITE_COLUMNS:
        values = site_t[col]
        empty = (values == "") if values.dtype.kind in "OUS" else np.isnan(values)
        if empty.any():
            raise InputError("empty value", file=sname, row=_row(np.argmax(empty)), column=col)
    _check_ranges(site_t, sname, ("clay", "depth_cm", "iom", "soc_t_ha"))
    ids = site_t["site_id"]
    dup = _duplicated(ids)
    if dup.any():
        first = int(np.argmax(dup))
        raise InputError(f"site_id {ids[first]} appears twice", file=sname, row=_row(first), column="site_id")
    n = len(ids)
    has_iom = ~np.isnan(site_t["iom"]) if "iom" in site_t else np.zeros(n, dtype=bool)
    has_soc = ~np.isnan(site_t["soc_t_ha"]) if "soc_t_ha" in site_t else np.zeros(n, dtype=bool)
    missing = ~(has_iom | has_soc)
    if missing.any():
        column = "iom" if "iom" in site_t else "soc_t_ha"
        raise InputError(
            "give iom, or soc_t_ha (then IOM from Falloon et al. 1998 and the input fitted to it)",
            file=sname,
            row=_row(np.argmax(missing)),
            column=column,
        )
    cname = os.fspath(climate)
    clim_t = _read_columns(
        climate,
        required=CLIMATE_COLUMNS,
        numeric=("month", "temp", "rain", "pevap"),
        optional=("site_id", "climate_id"),
        keys=("site_id", "climate_id"),
        alternatives={"key": [["site_id"], ["climate_id"]]},
    )
    _check_ranges(clim_t, cname, CLIMATE_COLUMNS)
    clim_key = "climate_id" if "climate_id" in clim_t else "site_id"
    if clim_key == "climate_id" and "climate_id" not in site_t:
        raise InputError(
            "the climate table is keyed by climate_id but the sites table has no climate_id",
            file=sname,
            row=1,
            column="climate_id",
        )
    climate_arrays = _monthly_arrays(clim_t, clim_key, site_t[clim_key], ("temp", "rain", "pevap"), cname)
    mname = os.fspath(management)
    mgmt_t = _read_columns(
        management,
        required=MANAGEMENT_COLUMNS,
        numeric=("month", "c_inp", "fym", "pc", "dpm_rpm"),
        keys=("site_id",),
    )
    _check_ranges(mgmt_t, mname, MANAGEMENT_COLUMNS[1:])
    mgmt_arrays = _monthly_arrays(mgmt_t, "site_id", ids, ("c_inp", "fym", "pc", "dpm_rpm"), mname)
    return BatchInput(
        ids,
        site_t["clay"],
        site_t["depth_cm"],
        site_t.get("iom"),
        site_t.get("soc_t_ha"),
        {**climate_arrays, **mgmt_arrays},
    )


def _row(index) -> int:
    """Spreadsheet row of the ``index``-th data row (the header is row 1)."""
    from fourpermille.io.tables import FIRST_DATA_ROW

    return FIRST_DATA_ROW + int(index)


def _duplicated(keys: np.ndarray) -> np.ndarray:
    """True where a key appeared in an earlier row (as pandas' ``duplicated``)."""
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first[inverse.reshape(-1)] != np.arange(len(keys))


def _check_ranges(table: dict, name, columns) -> None:
    for col in columns:
        if col not in table:
            continue
        low, high, kind, unit = BATCH_RANGES[col]
        values = table[col]
        with np.errstate(invalid="ignore"):
            bad = np.zeros(values.shape, dtype=bool)
            if low is not None:
                bad |= (values < low) if kind.startswith("[") else (values <= low)
            if high is not None:
                bad |= (values > high) if kind.endswith("]") else (values >= high)
            if col in ("month", "pc"):
                bad |= values != np.round(values)
            bad &= ~np.isnan(values)
        if bad.any():
            first = int(np.argmax(bad))
            allowed = _describe(low, high, kind, unit)
            raise InputError(
                f"{values[first]:g} is outside the allowed range {allowed}"
                + (" (whole numbers)" if col in ("month", "pc") else ""),
                file=name,
                row=_row(first),
                column=col,
            )


def _monthly_arrays(table: dict, key, ids, columns, name):
    """(n, 12) arrays for the ``ids`` from a long table keyed by ``key`` with months 1-12 once each."""
    for col in (key, "month") + tuple(columns):
        values = table[col]
        missing = (values == "") if values.dtype.kind in "OUS" else np.isnan(values)
        if missing.any():
            raise InputError("empty value", file=name, row=_row(np.argmax(missing)), column=col)
    keys, month = table[key], table["month"].astype(np.int64)
    known, code = np.unique(keys, return_inverse=True)
    code = code.reshape(-1)
    cell = code * MONTHS + (month - 1)
    dup = _duplicated(cell)
    if dup.any():
        row = int(np.argmax(dup))
        raise InputError(
            f"month {month[row]:d} given twice for {key} {keys[row]}",
            file=name,
            row=_row(row),
            column="month",
        )
    counts = np.bincount(code, minlength=len(known))
    pos = np.minimum(np.searchsorted(known, ids), max(len(known) - 1, 0))
    absent = (known[pos] != ids) if len(known) else np.ones(len(ids), dtype=bool)
    if absent.any():
        raise InputError(
            f"no rows for {key} {ids[np.argmax(absent)]} (needed by the sites table)", file=name, column=key
        )
    short = counts[pos] != MONTHS
    if short.any():
        ident = ids[np.argmax(short)]
        rows = np.nonzero(keys == ident)[0]
        have = set(month[rows].tolist())
        missing = sorted(set(range(1, MONTHS + 1)) - have)
        raise InputError(
            f"{key} {ident} has {len(rows)} months; missing months {missing}",
            file=name,
            row=_row(rows[-1]),
            column="month",
        )
    out = {}
    for col in columns:
        wide = np.full((len(known), MONTHS), np.nan)
        wide[code, month - 1] = table[col]
        out[col] = wide[pos]
    return out


def _read_columns(path, *, required, numeric, keys, optional=(), alternatives=None) -> dict:
    """One table as ``{column: array}`` (numeric columns float64 with NaN for empty cells, key columns str).

    pyarrow reads the file once into typed columns; whatever it cannot read so (or a column list that is
    not exactly a valid one) goes to :func:`fourpermille.io.tables.read_csv_table` for its precise error.
    """
    import pyarrow as pa

    name = os.fspath(path)
    known = set(required) | set(numeric) | set(optional)
    for groups in (alternatives or {}).values():
        for group in groups:
            known |= set(group)
    types = {c: pa.float64() for c in numeric} | {c: pa.string() for c in keys}
    try:
        table = _arrow_table(name, types)
    except (pa.ArrowException, OSError, ValueError):
        table = None
    columns = [] if table is None else table.column_names
    ok = (
        table is not None
        and table.num_rows > 0
        and all(c in columns for c in required)
        and all(c in known and c == c.strip() for c in columns)
        and all(any(all(c in columns for c in g) for g in groups) for groups in (alternatives or {}).values())
    )
    if ok:
        schema = pa.schema([pa.field(c, types.get(c, pa.string())) for c in columns])
        if not table.schema.equals(schema):  # Parquet columns of other types (a CSV is read typed)
            try:
                table = table.cast(schema)
            except (pa.ArrowException, ValueError):
                ok = False
    if not ok:  # let the careful reader name the problem (or read what pyarrow would not)
        return _read_columns_slow(path, required, numeric, optional, alternatives)
    out = {}
    for c in columns:
        col = table.column(c).combine_chunks()
        if c not in numeric and col.null_count:  # a Parquet null key: the careful reader says where
            return _read_columns_slow(path, required, numeric, optional, alternatives)
        out[c] = _floats_from_arrow(col) if c in numeric else _strings_from_arrow(col)
    return out


def _read_columns_slow(path, required, numeric, optional, alternatives) -> dict:
    slow = _read_any(path, required=required, numeric=numeric, optional=optional, alternatives=alternatives)
    return {
        c: (slow[c].to_numpy(dtype=float) if c in numeric else slow[c].to_numpy(dtype=object).astype(str))
        for c in slow.columns
    }


# pyarrow's own numpy conversions (to_numpy, pa.array) import pandas when it is installed (0.5 s of CPU);
# the batch path converts through the Arrow buffers instead.


def _floats_from_arrow(arr) -> np.ndarray:
    """A float64 Arrow array as a numpy array, NaN where null."""
    start, n = arr.offset, len(arr)
    validity, data = arr.buffers()[:2]
    values = np.frombuffer(data, dtype=np.float64, count=start + n)[start:].copy()
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
        values[~bits[start : start + n].astype(bool)] = np.nan
    return values


def _strings_from_arrow(arr) -> np.ndarray:
    """A string Arrow array as a numpy array of str, built from its offsets and bytes by array operations
    (a Python loop over 2.4 million monthly rows would cost more than reading them)."""
    start, n = arr.offset, len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=start + n + 1)[start:]
    data = (
        np.frombuffer(arr.buffers()[2], dtype=np.uint8)
        if n and offsets[-1] > offsets[0]
        else np.zeros(1, np.uint8)
    )
    lengths = np.diff(offsets)
    width = max(int(lengths.max(initial=0)), 1)
    where = offsets[:-1, None] + np.arange(width)
    inside = np.arange(width) < lengths[:, None]
    chars = np.where(inside, data[np.minimum(where, data.size - 1)], 0).astype(np.uint8)
    raw = np.ascontiguousarray(chars).view(f"S{width}").reshape(n)
    return np.char.decode(raw, "utf-8") if (data >= 128).any() else raw.astype(str)


def _arrow_column(values):
    """A numpy column (float, int or str objects) as an Arrow array, without pandas."""
    import pyarrow as pa

    values = np.asarray(values)
    if values.dtype.kind in "OUS":
        raw = [str(v).encode() for v in values]
        offsets = np.zeros(len(raw) + 1, dtype=np.int32)
        np.cumsum([len(b) for b in raw], out=offsets[1:])
        return pa.Array.from_buffers(
            pa.string(), len(raw), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(raw))]
        )
    values = np.ascontiguousarray(values, dtype=np.float64)
    return pa.Array.from_buffers(pa.float64(), len(values), [None, pa.py_buffer(values)])


#: Files from this size on are parsed by pyarrow's thread pool [bytes]; below it one thread costs less CPU
#: (starting the pool costs more than a small table takes to parse).
THREADED_CSV_BYTES = 4 * 2**20


def _arrow_table(name: str, types: dict):
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return pq.read_table(name)
    import pyarrow.csv as pacsv

    # types of absent columns are ignored by pyarrow: no first pass over the header is needed
    read = pacsv.ReadOptions(use_threads=os.path.getsize(name) >= THREADED_CSV_BYTES)
    convert = pacsv.ConvertOptions(
        column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    return pacsv.read_csv(name, read_options=read, convert_options=convert)


def _read_any(path, **kw) -> pd.DataFrame:
    import pandas as pd

    from fourpermille.io.tables import FIRST_DATA_ROW, read_csv_table

    name = os.fspath(path)
    if not name.endswith(".parquet"):
        return read_csv_table(path, **kw)
    try:
        table = pd.read_parquet(path)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except Exception as exc:  # pyarrow raises several types for a bad file
        raise InputError(f"not a readable Parquet table ({exc})", file=name) from None
    tmp = table.astype(str).replace({"nan": "", "None": ""})
    tmp.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(tmp), name="row")
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        csv = os.path.join(d, "table.csv")
        tmp.to_csv(csv, index=False)
        try:
            return read_csv_table(csv, **kw)
        except InputError as exc:
            raise InputError(exc.message, file=name, row=exc.row, column=exc.column) from None


def batch_columns(batch: BatchInput, result: dict) -> dict:
    """One row per site: ``site_id``, the per-site results and ``soc_t_ha_y1 .. soc_t_ha_yT``, as columns."""
    columns = {"site_id": batch.site_id}
    for name, values in result.items():
        if np.ndim(values) == 1:
            columns[name] = values
    yearly = result["soc_yearly_t_ha"]
    for j in range(yearly.shape[1]):
        columns[f"soc_t_ha_y{j + 1}"] = yearly[:, j]
    return columns


def write_columns(columns: dict, path: str | os.PathLike) -> None:
    """Write ``{name: array}`` as CSV (full precision) or Parquet (name ending in .parquet) with pyarrow,
    through a temporary file (nothing half-written)."""
    import pyarrow as pa

    table = pa.Table.from_arrays([_arrow_column(v) for v in columns.values()], names=list(columns))
    with atomic_path(path) as tmp:
        if os.fspath(path).endswith(".parquet"):
            import pyarrow.parquet as pq

            pq.write_table(table, tmp)
        else:
            import pyarrow.csv as pacsv

            pacsv.write_csv(table, tmp)


def four_per_1000_of_tables(
    sites: str | os.PathLike,
    climate: str | os.PathLike,
    management: str | os.PathLike,
    years: int,
    *,
    rate: float,
    growth: str,
    chunk_size: int | None = None,
    on_progress=None,
) -> tuple[BatchInput, dict]:
    """``fourpermille rothc batch`` from its three tables: read them (:func:`read_batch_tables`) and run
    :func:`fourpermille.rothc.batch.four_per_1000_sites`; the command line and the online toolbox both call
    this. ``on_progress(done, total)`` after each chunk of sites. An error of the run names the table it
    comes from (the sites table for the observed stock and target, else the management table)."""
    from fourpermille.rothc.batch import DEFAULT_CHUNK, four_per_1000_sites

    batch = read_batch_tables(sites, climate, management)
    n = len(batch.site_id)
    m = batch.monthly
    try:
        result = four_per_1000_sites(
            batch.clay,
            batch.depth,
            m["temp"],
            m["rain"],
            m["pevap"],
            m["c_inp"],
            m["fym"],
            m["pc"],
            m["dpm_rpm"],
            years,
            iom=batch.iom,
            soc=batch.soc,
            rate=rate,
            growth=growth,
            chunk_size=DEFAULT_CHUNK if chunk_size is None else chunk_size,
            on_chunk=None if on_progress is None else (lambda done: on_progress(done, n)),
        )
    except InputError as exc:
        where = sites if exc.column in ("soc_t_ha", "target_soc") else management
        raise exc.in_file(str(where)) from None
    return batch, result
