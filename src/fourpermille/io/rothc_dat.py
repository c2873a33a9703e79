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

import numpy as np
import pandas as pd

from fourpermille.errors import InputError
from fourpermille.io.files import atomic_path
from fourpermille.rothc.kernels import MoistureOptions

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
    """The month_results table (:data:`MONTHLY_OUTPUT_COLUMNS`) of one site's simulation."""
    table = pd.DataFrame({"year": inp.monthly["year"].to_numpy(), "month": inp.monthly["month"].to_numpy()})
    for col in MONTHLY_OUTPUT_COLUMNS[2:]:
        table[col] = np.asarray(monthly[col], dtype=float)
    table["pc"] = table["pc"].astype(int)
    return table


def yearly_table(inp: RothCInput, monthly: dict) -> pd.DataFrame:
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


def _check_batch_ranges(table, name, columns):
    for col in columns:
        if col not in table.columns:
            continue
        low, high, kind, unit = BATCH_RANGES[col]
        values = table[col]
        ok = values.isna() | np.array([_bounds_ok(v, low, high, kind) for v in values], dtype=bool)
        if col in ("month", "pc"):
            ok &= values.isna() | (values == values.round())
        if not ok.all():
            row = ok.idxmin()
            allowed = _describe(low, high, kind, unit)
            raise InputError(
                f"{values[row]:g} is outside the allowed range {allowed}"
                + (" (whole numbers)" if col in ("month", "pc") else ""),
                file=name,
                row=int(row),
                column=col,
            )


def _monthly_arrays(table, key, ids, columns, name):
    """(n, 12) arrays from a long table keyed by ``key`` with months 1-12 once each."""
    for col in (key, "month") + tuple(columns):
        missing = table[col].isna() if col in table.columns else None
        if missing is not None and missing.any():
            raise InputError("empty value", file=name, row=int(missing.idxmax()), column=col)
    dup = table.duplicated([key, "month"])
    if dup.any():
        row = int(dup.idxmax())
        raise InputError(
            f"month {table['month'][row]:g} given twice for {key} {table[key][row]}",
            file=name,
            row=row,
            column="month",
        )
    counts = table.groupby(key)["month"].count()
    wide = {}
    for col in columns:
        pivot = table.pivot(index=key, columns="month", values=col)
        wide[col] = pivot
    known = set(counts.index)
    for ident in ids:
        if ident not in known:
            raise InputError(f"no rows for {key} {ident} (needed by the sites table)", file=name, column=key)
        if counts[ident] != MONTHS:
            have = sorted(int(m) for m in table.loc[table[key] == ident, "month"])
            missing = sorted(set(range(1, MONTHS + 1)) - set(have))
            raise InputError(
                f"{key} {ident} has {counts[ident]} months; missing months {missing}",
                file=name,
                row=int(table.index[table[key] == ident][-1]),
                column="month",
            )
    return {
        col: wide[col].loc[list(ids), list(range(1, MONTHS + 1))].to_numpy(dtype=float) for col in columns
    }


def read_batch_tables(
    sites: str | os.PathLike, climate: str | os.PathLike, management: str | os.PathLike
) -> BatchInput:
    """Read the three batch tables (CSV, or Parquet when the name ends in .parquet).

    - sites: ``site_id, clay, depth_cm`` and ``iom`` and/or ``soc_t_ha`` (optional ``climate_id``);
    - climate: ``site_id`` or ``climate_id``, ``month, temp, rain, pevap`` (12 months each);
    - management: ``site_id, month, c_inp, fym, pc, dpm_rpm`` (12 months each).

    Raises
    ------
    InputError
        Naming the file, row and column: missing/unknown columns, non-numbers, values out of range,
        duplicate or missing months, sites without climate or management rows, duplicate site ids.
    """
    site_t = _read_any(
        sites,
        required=SITE_COLUMNS,
        numeric=("clay", "depth_cm", "iom", "soc_t_ha"),
        optional=("iom", "soc_t_ha", "climate_id"),
        alternatives={"carbon": [["iom"], ["soc_t_ha"]]},
    )
    sname = os.fspath(sites)
    for col in SITE_COLUMNS:
        empty = site_t[col].isna() if site_t[col].dtype != object else site_t[col].isin(["", None])
        if empty.any():
            raise InputError("empty value", file=sname, row=int(empty.idxmax()), column=col)
    _check_batch_ranges(site_t, sname, ("clay", "depth_cm", "iom", "soc_t_ha"))
    dup = site_t.duplicated("site_id")
    if dup.any():
        raise InputError(
            f"site_id {site_t['site_id'][dup.idxmax()]} appears twice",
            file=sname,
            row=int(dup.idxmax()),
            column="site_id",
        )
    has_iom = site_t["iom"].notna() if "iom" in site_t.columns else pd.Series(False, index=site_t.index)
    has_soc = (
        site_t["soc_t_ha"].notna() if "soc_t_ha" in site_t.columns else pd.Series(False, index=site_t.index)
    )
    missing = ~(has_iom | has_soc)
    if missing.any():
        column = "iom" if "iom" in site_t.columns else "soc_t_ha"
        raise InputError(
            "give iom, or soc_t_ha (then IOM from Falloon et al. 1998 and the input fitted to it)",
            file=sname,
            row=int(missing.idxmax()),
            column=column,
        )
    cname = os.fspath(climate)
    clim_t = _read_any(
        climate,
        required=CLIMATE_COLUMNS,
        numeric=("month", "temp", "rain", "pevap"),
        optional=("site_id", "climate_id"),
        alternatives={"key": [["site_id"], ["climate_id"]]},
    )
    _check_batch_ranges(clim_t, cname, CLIMATE_COLUMNS)
    clim_key = "climate_id" if "climate_id" in clim_t.columns else "site_id"
    if clim_key == "climate_id" and "climate_id" not in site_t.columns:
        raise InputError(
            "the climate table is keyed by climate_id but the sites table has no climate_id",
            file=sname,
            row=1,
            column="climate_id",
        )
    clim_ids = site_t[clim_key].to_numpy()
    climate_arrays = _monthly_arrays(clim_t, clim_key, clim_ids, ("temp", "rain", "pevap"), cname)
    mname = os.fspath(management)
    mgmt_t = _read_any(
        management, required=MANAGEMENT_COLUMNS, numeric=("month", "c_inp", "fym", "pc", "dpm_rpm")
    )
    _check_batch_ranges(mgmt_t, mname, MANAGEMENT_COLUMNS[1:])
    mgmt_arrays = _monthly_arrays(
        mgmt_t, "site_id", site_t["site_id"].to_numpy(), ("c_inp", "fym", "pc", "dpm_rpm"), mname
    )
    iom = site_t["iom"].to_numpy(dtype=float) if "iom" in site_t.columns else None
    soc = site_t["soc_t_ha"].to_numpy(dtype=float) if "soc_t_ha" in site_t.columns else None
    return BatchInput(
        site_t["site_id"].to_numpy(),
        site_t["clay"].to_numpy(dtype=float),
        site_t["depth_cm"].to_numpy(dtype=float),
        iom,
        soc,
        {**climate_arrays, **mgmt_arrays},
    )


def _read_any(path, **kw) -> pd.DataFrame:
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


def batch_table(batch: BatchInput, result: dict) -> pd.DataFrame:
    """One row per site: ``site_id``, the per-site results and ``soc_t_ha_y1 .. soc_t_ha_yT``."""
    table = pd.DataFrame({"site_id": batch.site_id})
    for name, values in result.items():
        if np.ndim(values) == 1:
            table[name] = values
    yearly = result["soc_yearly_t_ha"]
    for j in range(yearly.shape[1]):
        table[f"soc_t_ha_y{j + 1}"] = yearly[:, j]
    return table
