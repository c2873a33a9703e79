"""One site's monthly climate read once for the platform and the toolbox, in the platform's column names or
the command line's (the file ``fourpermille rothc batch`` and ``site-data`` use for one site)."""

from __future__ import annotations

import numpy as np
import pytest

from fourpermille.errors import InputError
from fourpermille.io.climate import PAN, PET, read_climate_csv
from fourpermille.rothc.parameters import PAN_COEFFICIENT

# The first year of Rothamsted's example run (shared/reference/rothc/RothC_Code__RothC_input.dat, year 1):
# temperature [°C], rain [mm], open-pan evaporation [mm].
TEMP = [3.73, 3.08, 5.49, 7.4, 10.94, 14.4, 16.28, 16.24, 13.78, 9.51, 6.22, 4.09]
RAIN = [52.2, 42.9, 35.2, 52, 64.9, 46.3, 63.5, 60.6, 58.8, 63.4, 72.5, 60.9]
PEVAP = [6.6, 17.3, 40.7, 70.5, 103.5, 117.3, 130.1, 106.9, 61.9, 29.5, 8.8, 3.9]


def _csv(header: str, rows) -> bytes:
    return (header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)).encode()


def test_the_platform_and_the_command_line_namings_read_the_same_rows():
    platform = read_climate_csv(
        _csv("month,temperature_c,rain_mm,evaporation_mm", zip(range(1, 13), TEMP, RAIN, PEVAP, strict=True)),
        "platform.csv",
    )
    batch = read_climate_csv(
        _csv(
            "site_id,month,temp,rain,pevap",
            (("s1", m, t, r, e) for m, t, r, e in zip(range(1, 13), TEMP, RAIN, PEVAP, strict=True)),
        ),
        "climate.csv",
    )
    assert platform.rows == batch.rows and batch.evaporation_kind == PAN
    assert batch.rows[6] == (None, 7, 16.28, 63.5, 130.1)


def test_a_pet_column_says_its_kind_and_is_checked_as_open_pan_evaporation():
    pet = [round(e * PAN_COEFFICIENT, 3) for e in PEVAP]
    table = read_climate_csv(
        _csv("month,temp,rain,pet", zip(range(1, 13), TEMP, RAIN, pet, strict=True)),
        "pet.csv",
        evaporation_kind=PAN,
    )
    assert table.evaporation_kind == PET  # the column name wins over the caller's default
    np.testing.assert_allclose([r[4] for r in table.rows], pet)  # stored as given, converted when used
    too_high = [*pet[:5], 800.0, *pet[6:]]  # 800 mm PET is 1,067 mm of pan evaporation: over 1,000
    with pytest.raises(InputError) as error:
        read_climate_csv(
            _csv("month,temp,rain,pet", zip(range(1, 13), TEMP, RAIN, too_high, strict=True)), "pet.csv"
        )
    assert (error.value.row, error.value.column) == (7, "pet")
    assert "outside the allowed range [0, 1000] mm" in str(error.value)


@pytest.mark.parametrize(
    ("header", "rows", "column", "text"),
    [
        ("site_id,month,temp,rain,pevap", [("a", 1, 1, 1, 1), ("b", 1, 1, 1, 1)], "site_id", "holds 2 sites"),
        ("month,temp,rain,pevap,pet", [(1, 1, 1, 1, 1)], "pet", "pevap (open pan) or pet, not both"),
        ("month,temp,rain", [(1, 1, 1)], None, "missing column 'pevap'"),
        ("month,temp,rain,pevap", [(1, 75, 1, 1)], "temp", "outside the allowed range [-60, 60] °C"),
    ],
)
def test_bad_command_line_files_say_where(header, rows, column, text):
    with pytest.raises(InputError) as error:
        read_climate_csv(_csv(header, rows), "climate.csv")
    assert error.value.file == "climate.csv" and error.value.column == column
    assert text in str(error.value)
