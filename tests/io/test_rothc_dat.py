"""Reading RothC input files (both upstream layouts) and every bad-input case of issue 3."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourpermille.errors import InputError
from fourpermille.io.rothc_dat import read_batch_tables, read_rothc_dat, write_table

DATA = Path(__file__).parent.parent / "data" / "rothc"
V2 = DATA / "RothC_Code__RothC_input.dat"
PY = DATA / "RothC_Py__RothC_input.dat"
FIRST_DATA_LINE = 11  # v2 layout: line 11 is January of the equilibrium year


def test_reads_v2_layout():
    inp = read_rothc_dat(V2, allow_negative_pevap=True)
    assert inp.layout == "v2"
    assert (inp.clay, inp.depth, inp.iom, inp.nsteps) == (23.4, 23.0, 3.0041, 840)
    assert (inp.moisture.opt_rm_moist, inp.moisture.opt_smd_bare) == (1, 1)
    assert len(inp.monthly) == 840 and inp.monthly.index[0] == FIRST_DATA_LINE
    first = inp.monthly.iloc[7]  # "1 8 100 16.24 60.6 106.9 1.74 0 1 1.44"
    assert (first.temp, first.rain, first.pevap, first.c_inp, first.pc, first.dpm_rpm) == (
        16.24,
        60.6,
        106.9,
        1.74,
        1,
        1.44,
    )


def test_reads_py_layout():
    inp = read_rothc_dat(PY, allow_negative_pevap=True)
    assert inp.layout == "py"
    assert (inp.clay, inp.depth, inp.iom, inp.nsteps) == (13.0, 25.0, 3.0041, 840)
    assert inp.moisture.opt_rm_moist == 1
    assert inp.monthly.index[0] == 8


def _edit(tmp_path, line, field=None, value=None, text=None, source=V2):
    lines = source.read_text().splitlines()
    if text is not None:
        lines[line - 1] = text
    else:
        tokens = lines[line - 1].split()
        tokens[field] = value
        lines[line - 1] = "\t".join(tokens)
    path = tmp_path / "bad.dat"
    path.write_text("\n".join(lines) + "\n")
    return path


def _expect(path, column, row, match, allow_negative_pevap=True):
    with pytest.raises(InputError, match=match) as info:
        read_rothc_dat(path, allow_negative_pevap=allow_negative_pevap)
    err = info.value
    assert err.file == str(path) and err.column == column and err.row == row
    assert str(err).startswith(f"{path}, line {row}, field '{column}'")


@pytest.mark.parametrize(
    "field,column,value,match",
    [
        (4, "Rain", "-1", r"outside the allowed range \[0, inf\) mm"),
        (5, "Evap", "-3", r"outside the allowed range \[0, inf\) mm.*allow-negative-pevap"),  # strict
        (3, "Tmp", "61", r"outside the allowed range \[-60, 60\] C"),
        (3, "Tmp", "-60.5", r"outside the allowed range \[-60, 60\] C"),
        (9, "DPM_RPM", "0", r"outside the allowed range \(0, inf\)"),
        (9, "DPM_RPM", "-1.44", r"outside the allowed range \(0, inf\)"),
        (8, "PC", "2", r"outside the allowed range \[0, 1\]"),
        (8, "PC", "0.5", "not a whole number"),
        (6, "C_inp", "abc", "not a number"),
        (7, "FYM", "-0.1", "outside the allowed range"),
        (1, "month", "13", "outside the allowed range"),
    ],
)
def test_bad_monthly_values(tmp_path, field, column, value, match):
    line = FIRST_DATA_LINE + 20
    _expect(_edit(tmp_path, line, field, value), column, line, match, allow_negative_pevap=column != "Evap")


def test_negative_evaporation_allowed_only_explicitly(tmp_path):
    # upstream's own example has Evap = -0.5 on line 310 (year 1962, December)
    _expect(V2, "Evap", 310, "outside the allowed range", allow_negative_pevap=False)
    assert read_rothc_dat(V2, allow_negative_pevap=True).monthly.loc[310, "pevap"] == -0.5


@pytest.mark.parametrize(
    "field,column,value,match",
    [
        (0, "clay", "101", r"outside the allowed range \[0, 100\] %"),
        (0, "clay", "-2", r"outside the allowed range \[0, 100\] %"),
        (1, "depth", "0", r"outside the allowed range \(0, inf\) cm"),
        (2, "iom", "-1", "outside the allowed range"),
        (3, "nsteps", "8", "outside the allowed range"),
    ],
)
def test_bad_soil_values(tmp_path, field, column, value, match):
    _expect(_edit(tmp_path, 8, field, value), column, 8, match)


def test_missing_field(tmp_path):
    path = _edit(tmp_path, FIRST_DATA_LINE + 3, text="1\t4\t100\t7.4\t52\t70.5\t0\t0")
    _expect(path, "PC", FIRST_DATA_LINE + 3, "missing value")


def test_missing_month(tmp_path):
    lines = V2.read_text().splitlines()
    del lines[FIRST_DATA_LINE - 1 + 40]  # drop a month of the run
    lines[7] = lines[7].replace("840", "839")
    path = tmp_path / "gap.dat"
    path.write_text("\n".join(lines) + "\n")
    _expect(path, "month", FIRST_DATA_LINE + 40, "months missing or out of order")


def test_spinup_block_not_12_months(tmp_path):
    path = _edit(tmp_path, FIRST_DATA_LINE + 11, 0, "2")  # December of the block in another year
    _expect(path, "month", FIRST_DATA_LINE + 11, "equilibrium block")
    lines = V2.read_text().splitlines()
    del lines[FIRST_DATA_LINE - 1 + 5]  # the block lacks June
    lines[7] = lines[7].replace("840", "839")
    path = tmp_path / "short_block.dat"
    path.write_text("\n".join(lines) + "\n")
    _expect(path, "month", FIRST_DATA_LINE + 5, "equilibrium block")


def test_truncated_file(tmp_path):
    lines = V2.read_text().splitlines()[:500]
    path = tmp_path / "truncated.dat"
    path.write_text("\n".join(lines) + "\n")
    _expect(path, "year", 501, "truncated file: 490 monthly rows, nsteps says 840")


def test_more_rows_than_nsteps(tmp_path):
    path = _edit(tmp_path, 8, 3, "600")
    _expect(path, "nsteps", FIRST_DATA_LINE + 600, "more monthly rows")


def test_year_jump(tmp_path):
    path = _edit(tmp_path, FIRST_DATA_LINE + 24, 0, "1950")  # January 1940 written as 1950
    _expect(path, "year", FIRST_DATA_LINE + 24, "expected 1940")


def test_options_and_farina_line(tmp_path):
    _expect(_edit(tmp_path, 5, 0, "4"), "opt_RMmoist", 5, "outside the allowed range")
    _expect(_edit(tmp_path, 5, 1, "0"), "opt_SMDbare", 5, "outside the allowed range")
    path = _edit(tmp_path, 5, 0, "2")
    inp = read_rothc_dat(path, allow_negative_pevap=True)  # the example's soil line has the four values
    assert (
        inp.moisture.silt,
        inp.moisture.bulk_density,
        inp.moisture.organic_carbon,
        inp.moisture.min_rm_moist,
    ) == (58.6, 1.27, 0.94, 0.2)
    lines = path.read_text().splitlines()
    lines[7] = "23.4\t23.0\t3.0041\t840\t58.6"
    path.write_text("\n".join(lines) + "\n")
    _expect(path, "BD", 8, "needs silt, BD, OC and minRM_Moist")


def test_missing_file_and_headers(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_rothc_dat(tmp_path / "nope.dat")
    path = tmp_path / "empty.dat"
    path.write_text("nothing here\n")
    with pytest.raises(InputError, match="no soil header"):
        read_rothc_dat(path)


# --- batch tables ------------------------------------------------------------------------------------------

BATCH = DATA / "batch"


def test_reads_batch_tables_and_parquet(tmp_path):
    b = read_batch_tables(BATCH / "sites.csv", BATCH / "climate.csv", BATCH / "management.csv")
    assert list(b.site_id) == ["rothamsted", "clay_loam", "sandy_fym", "woodland"]
    assert b.monthly["temp"].shape == (4, 12)
    assert b.monthly["temp"][2, 0] == pytest.approx(3.73 + 6.0)  # the 'warm' climate
    assert np.isnan(b.iom[3]) and b.soc[3] == 65.0 and np.isnan(b.soc[0])
    for name in ("sites", "climate", "management"):
        pd.read_csv(BATCH / f"{name}.csv").to_parquet(tmp_path / f"{name}.parquet")
    bp = read_batch_tables(*(tmp_path / f"{n}.parquet" for n in ("sites", "climate", "management")))
    np.testing.assert_array_equal(bp.monthly["rain"], b.monthly["rain"])


def _batch_with(tmp_path, which, edit):
    paths = {}
    for name in ("sites", "climate", "management"):
        table = pd.read_csv(BATCH / f"{name}.csv", keep_default_na=False)
        if name == which:
            table = edit(table)
        paths[name] = tmp_path / f"{name}.csv"
        table.to_csv(paths[name], index=False)
    return paths


@pytest.mark.parametrize(
    "which,edit,column,row,match",
    [
        ("sites", lambda t: t.assign(clay=t.clay.where(t.index != 1, 120)), "clay", 3, "outside"),
        ("sites", lambda t: t.assign(depth_cm=t.depth_cm.where(t.index != 0, 0)), "depth_cm", 2, "outside"),
        ("sites", lambda t: t.assign(iom=t.iom.where(t.index != 0, "")), "iom", 2, "give iom, or soc_t_ha"),
        ("sites", lambda t: pd.concat([t, t.iloc[[0]]]), "site_id", 6, "appears twice"),
        ("climate", lambda t: t.assign(rain=t.rain.where(t.index != 4, -2)), "rain", 6, "outside"),
        ("climate", lambda t: t.assign(pevap=t.pevap.where(t.index != 4, -2)), "pevap", 6, "outside"),
        ("climate", lambda t: t.assign(temp=t.temp.where(t.index != 4, 75)), "temp", 6, "outside"),
        ("climate", lambda t: t.drop(index=5), "month", 12, "missing months \\[6\\]"),
        ("climate", lambda t: t.assign(month=t.month.where(t.index != 5, 5)), "month", 7, "given twice"),
        ("management", lambda t: t.assign(pc=t.pc.where(t.index != 3, 3)), "pc", 5, "outside"),
        ("management", lambda t: t.assign(dpm_rpm=t.dpm_rpm.where(t.index != 3, 0)), "dpm_rpm", 5, "outside"),
        (
            "management",
            lambda t: t.assign(c_inp=t.c_inp.where(t.index != 3, "x")),
            "c_inp",
            5,
            "not a number",
        ),
        ("management", lambda t: t[t.site_id != "woodland"], "site_id", None, "no rows for site_id woodland"),
    ],
)
def test_bad_batch_tables(tmp_path, which, edit, column, row, match):
    paths = _batch_with(tmp_path, which, edit)
    with pytest.raises(InputError, match=match) as info:
        read_batch_tables(paths["sites"], paths["climate"], paths["management"])
    assert info.value.file == str(paths[which])
    assert info.value.column == column and info.value.row == row


def test_write_table_is_atomic(tmp_path):
    path = tmp_path / "out.csv"
    write_table(pd.DataFrame({"a": [1.0]}), path)
    assert path.read_text().startswith("a\n1.0")
    with pytest.raises(Exception):  # noqa: B017 - any failure while writing
        write_table(pd.DataFrame({"a": [object()]}), tmp_path / "bad.parquet")
    assert not (tmp_path / "bad.parquet").exists()


def test_batch_tables_read_by_pyarrow_equal_the_careful_reader(tmp_path, monkeypatch):
    """The pyarrow path (typed columns, array checks) and the row-by-row reader it falls back to give the
    same arrays; a file pyarrow cannot type (cells padded with spaces) is still read, by the fallback."""
    import fourpermille.io.rothc_dat as rothc_dat

    fast = read_batch_tables(BATCH / "sites.csv", BATCH / "climate.csv", BATCH / "management.csv")
    padded = tmp_path / "climate.csv"
    padded.write_text(
        "\n".join(", ".join(line.split(",")) for line in (BATCH / "climate.csv").read_text().splitlines())
        + "\n"
    )
    fallback = []
    slow_reader = rothc_dat._read_columns_slow
    monkeypatch.setattr(rothc_dat, "_read_columns_slow", lambda *a: fallback.append(a[0]) or slow_reader(*a))
    slow = read_batch_tables(BATCH / "sites.csv", padded, BATCH / "management.csv")
    assert fallback == [padded]
    assert list(slow.site_id) == list(fast.site_id)
    np.testing.assert_array_equal(slow.iom, fast.iom)
    for name in fast.monthly:
        np.testing.assert_array_equal(slow.monthly[name], fast.monthly[name])


def test_write_columns_csv_and_parquet_round_trip(tmp_path):
    from fourpermille.io.rothc_dat import write_columns

    cols = {"site_id": np.array(["a", "é,b"], dtype=object), "x": np.array([0.1, 1 / 3])}
    for name in ("out.csv", "out.parquet"):
        write_columns(cols, tmp_path / name)
        back = pd.read_parquet(tmp_path / name) if name.endswith("parquet") else pd.read_csv(tmp_path / name)
        assert list(back.site_id) == ["a", "é,b"]
        assert list(back.x) == [0.1, 1 / 3]  # full precision


def test_batch_site_ids_in_any_script(tmp_path):
    sites = (BATCH / "sites.csv").read_text().replace("rothamsted", "Rothamsted_Hoosfield_été_土")
    mgmt = (BATCH / "management.csv").read_text().replace("rothamsted", "Rothamsted_Hoosfield_été_土")
    (tmp_path / "sites.csv").write_text(sites)
    (tmp_path / "management.csv").write_text(mgmt)
    b = read_batch_tables(tmp_path / "sites.csv", BATCH / "climate.csv", tmp_path / "management.csv")
    assert b.site_id[0] == "Rothamsted_Hoosfield_été_土"
    ref = read_batch_tables(BATCH / "sites.csv", BATCH / "climate.csv", BATCH / "management.csv")
    np.testing.assert_array_equal(b.monthly["c_inp"], ref.monthly["c_inp"])
