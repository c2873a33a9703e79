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


# --- issue 12, items 7 and 8: field counts, separators, encodings, finite numbers ----------------------

PROFILE_HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
PROFILE_NUMERIC = ["depth_top_cm", "depth_bottom_cm", "soc_g_kg", "bulk_density_g_cm3"]


def read_profile_table(path):
    return read_csv_table(path, required=["profile_id", *PROFILE_NUMERIC], numeric=PROFILE_NUMERIC)


@pytest.mark.parametrize(
    ("row", "found", "hint"),
    [
        ("X,P1,0,10,20,1.3", 6, "an extra ','"),  # was stored with X dropped and every column shifted
        ("P1,0,10,20,1.3,", 6, "a trailing ','"),  # blamed the wrong column
        ("P1,0,10,20", 4, "1 missing"),
    ],
)
def test_a_row_with_the_wrong_number_of_fields_names_the_row_and_both_counts(tmp_path, row, found, hint):
    path = write(tmp_path, PROFILE_HEADER + "P0,0,10,20,1.3\n" + row + "\n")
    with pytest.raises(InputError) as info:
        read_profile_table(path)
    assert (info.value.file, info.value.row, info.value.column) == (str(path), 3, None)
    assert f"{found} fields where the header (row 1) has 5" in str(info.value)
    assert hint in str(info.value)


def test_quoted_commas_and_blank_rows_keep_spreadsheet_row_numbers(tmp_path):
    path = write(tmp_path, PROFILE_HEADER + '"P1, north",0,10,20,1.3\n\n,,,,\nP2,0,10,x,1.3\n')
    with pytest.raises(InputError) as info:
        read_profile_table(path)
    assert (info.value.row, info.value.column) == (5, "soc_g_kg")  # rows 3 and 4 are blank, still counted
    table = read_profile_table(write(tmp_path, PROFILE_HEADER + '"P1, north",0,10,20,1.3\n\nP2,0,10,5,1.3\n'))
    assert table.index.tolist() == [2, 4]
    assert table.profile_id.tolist() == ["P1, north", "P2"]


def test_semicolon_separated_with_decimal_commas_is_read(tmp_path):
    # what a French or Spanish spreadsheet writes: ';' between fields, ',' before the decimals
    path = write(tmp_path, PROFILE_HEADER.replace(",", ";") + "P1;0;10;20,5;1,3\nP1;10;30;12;1,45\n")
    table = read_profile_table(path)
    assert table.soc_g_kg.tolist() == [20.5, 12.0]
    assert table.bulk_density_g_cm3.tolist() == [1.3, 1.45]
    tabbed = read_profile_table(
        write(tmp_path, PROFILE_HEADER.replace(",", "\t") + "P1\t0\t10\t20\t1.3\n", name="tab.csv")
    )
    assert tabbed.soc_g_kg.tolist() == [20.0]


def test_decimal_comma_is_not_guessed_in_a_comma_separated_file(tmp_path):
    path = write(tmp_path, PROFILE_HEADER + 'P1,0,10,"20,5",1.3\n')
    with pytest.raises(InputError, match="'20,5' is not a number"):
        read_profile_table(path)


def test_an_unknown_separator_is_named(tmp_path):
    path = write(tmp_path, PROFILE_HEADER.replace(",", "|") + "P1|0|10|20|1.3\n")
    with pytest.raises(InputError, match=r"header row is one column.*separate the fields with ','"):
        read_profile_table(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_read(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes((PROFILE_HEADER + "Séville,0,10,20,1.3\n").encode(encoding))
    table = read_profile_table(path)
    assert table.columns[0] == "profile_id" and table.profile_id.tolist() == ["Séville"]


@pytest.mark.parametrize(
    ("data", "words", "row"),
    [
        (
            (PROFILE_HEADER + "P1,0,10,20,1.3\nSéville,0,10,20,1.3\n").encode("latin-1"),
            "byte 0xE9 is not UTF-8",
            3,
        ),
        (
            (PROFILE_HEADER + "P1,0,10,20,1.3\n").encode("utf-16-le"),
            "UTF-16 text without a byte-order mark",
            None,
        ),
        (bytes(range(256)) * 4, "is a binary file", None),
        (b"", "the file is empty", None),
    ],
    ids=["latin-1", "utf-16 without BOM", "binary", "empty"],
)
def test_unreadable_text_is_named_not_a_codec_traceback(tmp_path, data, words, row):
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_profile_table(path)
    assert words in str(info.value) and info.value.file == str(path) and info.value.row == row
    assert "codec" not in str(info.value)


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "Infinity", "nan"])
def test_non_finite_numbers_are_refused_with_row_and_column(tmp_path, value):
    path = write(tmp_path, PROFILE_HEADER + f"P1,0,{value},20,1.3\n")
    with pytest.raises(InputError) as info:
        read_profile_table(path)
    assert (info.value.row, info.value.column) == (2, "depth_bottom_cm")
    assert f"'{value}' is not a" in str(info.value)


def test_header_problems(tmp_path):
    with pytest.raises(InputError, match=r"column 'a' appears twice in the header \(fields 1 and 3\)"):
        read_csv_table(write(tmp_path, "a,b,a\n1,2,3\n"), required=["a"])
    with pytest.raises(InputError, match="field 3 holds values but has no name") as info:
        read_csv_table(write(tmp_path, "a,b,\n1,2,\n1,2,3\n"), required=["a"])
    assert info.value.row == 3
    # an unnamed, empty trailing column (what spreadsheets often leave) is dropped
    assert list(read_csv_table(write(tmp_path, "a,b,\n1,2,\n"), required=["a", "b"]).columns) == ["a", "b"]


def test_an_unclosed_quote_is_named(tmp_path):
    with pytest.raises(InputError, match="double quote opened and never closed"):
        read_profile_table(write(tmp_path, PROFILE_HEADER + '"P1,0,10,20,1.3\n'))


@pytest.mark.parametrize(
    ("make", "words"), [(lambda p: p.mkdir(), "is a directory"), (lambda p: None, "file not found")]
)
def test_a_directory_or_a_missing_file_is_named(tmp_path, make, words):
    path = tmp_path / "in.csv"
    make(path)
    with pytest.raises(InputError, match=words):
        read_csv_table(path)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.parent.joinpath("file").write_text("x"), "a part of the path is a file"),
    ],
)
def test_atomic_path_refuses_a_place_it_cannot_write(tmp_path, make, words):
    target = tmp_path / "out.csv"
    make(target)
    if "part" in words:
        target = tmp_path / "file" / "out.csv"
    with pytest.raises(InputError, match=words) as info, atomic_path(target) as tmp:
        tmp.write_text("x")
    assert info.value.file == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["file"], ["out.csv"])
