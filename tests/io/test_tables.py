import pytest

from fourpermille.checks import check_range
from fourpermille.errors import InputError
from fourpermille.io.files import atomic_path
from fourpermille.io.tables import read_csv_table


def write(tmp_path, text, name="t.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_rows_are_numbered_as_in_a_spreadsheet(tmp_path):
    path = write(tmp_path, "a,b\n1,2\n3,x\n")
    with pytest.raises(InputError) as info:
        read_csv_table(path, required=["a", "b"], numeric=["a", "b"])
    assert str(info.value) == f"{path}, row 3, column 'b': 'x' is not a number"


def test_missing_column_suggests_closest(tmp_path):
    path = write(tmp_path, "profile_id,soc_g_k\np,1\n")
    with pytest.raises(InputError, match="did you mean 'soc_g_k'"):
        read_csv_table(path, required=["profile_id", "soc_g_kg"])


def test_unknown_column_is_reported(tmp_path):
    path = write(tmp_path, "a,coarse_fracton\n1,0.1\n")
    with pytest.raises(InputError, match="unknown column 'coarse_fracton'.*coarse_fraction_vol"):
        read_csv_table(path, required=["a"], optional=["coarse_fraction_vol"])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_csv_table(tmp_path / "nope.csv")


def test_check_range_names_row_and_column(tmp_path):
    table = read_csv_table(write(tmp_path, "bd\n1.2\n3.1\n"), numeric=["bd"])
    with pytest.raises(InputError) as info:
        check_range(table, "bd", 0.1, 2.65, "g/cm3")
    assert (info.value.row, info.value.column) == (3, "bd")
    assert "[0.1, 2.65] g/cm3" in str(info.value)


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    with atomic_path(target) as tmp:
        tmp.write_text("whole")
    assert target.read_text() == "whole"


def test_atomic_path_result_follows_the_umask(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "out.csv") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644
