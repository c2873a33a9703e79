"""fourpermille.io.profiles.read_profiles and ``fourpermille stocks``: non-finite and absurd numbers are
refused with file, row, column and the allowed range (issue 12 item 1), nothing written."""

from __future__ import annotations

import pytest

from fourpermille.errors import InputError
from fourpermille.io.profiles import read_profiles
from tests.cli.helpers import run_cli

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"


@pytest.mark.parametrize(
    "value,message",
    [
        ("inf", "inf is not a finite number; the allowed range is (0, 1000] cm"),
        ("1e400", "inf is not a finite number; the allowed range is (0, 1000] cm"),
        ("1e12", "1e+12 is outside the allowed range (0, 1000] cm"),
    ],
)
def test_bottom_depth_out_of_range(tmp_path, value, message):
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"a,0,10,20,1.2\na,10,{value},12,1.4\n")
    with pytest.raises(InputError) as err:
        read_profiles(path)
    assert (err.value.file, err.value.row, err.value.column) == (str(path), 3, "depth_bottom_cm")
    assert str(err.value) == f"{path}, row 3, column 'depth_bottom_cm': {message}"
    out = tmp_path / "out.csv"
    result = run_cli("stocks", str(path), "-o", str(out))
    assert result.exit_code == 2 and message in result.stderr and not out.exists()
