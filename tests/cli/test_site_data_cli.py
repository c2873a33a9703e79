"""``fourpermille site-data`` end to end: small rasters and tables the test makes, the SoilGrids web service
answered from 127.0.0.1, and the output read back by ``rothc batch``."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import re
import threading
from pathlib import Path

import numpy as np
import pytest

from tests.cli.helpers import run_cli

rasterio = pytest.importorskip("rasterio")
from affine import Affine  # noqa: E402

# Two sites inside a 1-degree grid (cells of 0.1 degree starting at 2.0 E, 44.0 N) and one outside it.
SITES = "site_id,lon,lat\nA,2.05,43.95\nB,2.55,43.45\nOUT,10.0,10.0\n"


def write_raster(path: Path, bands: np.ndarray, nodata=None) -> str:
    """A GeoTIFF in WGS 84 with cells of 0.1 degree from (2.0 E, 44.0 N); ``bands`` is (bands, rows, cols)."""
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=bands.shape[1],
        width=bands.shape[2],
        count=bands.shape[0],
        dtype="float32",
        crs="EPSG:4326",
        transform=Affine(0.1, 0.0, 2.0, 0.0, -0.1, 44.0),
        nodata=nodata,
    ) as dst:
        dst.write(bands.astype("float32"))
    return str(path)


def grid(value_at_a: float, value_at_b: float) -> np.ndarray:
    """10 x 10 cells: A's cell (row 0, col 0) and B's cell (row 5, col 5) get the values given."""
    values = np.full((1, 10, 10), 1.0)
    values[0, 0, 0] = value_at_a
    values[0, 5, 5] = value_at_b
    return values


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture()
def rasters(tmp_path):
    """SoilGrids-like clay layers in g/kg, a SOC stock map, zone codes, 12 monthly temp files, a 12-band
    rain file and a 12-band PET file with B's cell as nodata."""
    out = {}
    for top, bottom, a, b in ((0, 5, 300, 200), (5, 15, 200, 200), (15, 30, 100, 200)):
        out[f"clay_{top}_{bottom}"] = write_raster(tmp_path / f"clay_{top}-{bottom}cm.tif", grid(a, b))
    out["ocs"] = write_raster(tmp_path / "ocs.tif", grid(52.0, 61.0))
    out["zones"] = write_raster(tmp_path / "zones.tif", grid(3, 8))
    for month in range(1, 13):
        write_raster(tmp_path / f"tavg_{month:02d}.tif", grid(month, month + 10.0))
    rain = np.stack([grid(10.0 * m, 100.0)[0] for m in range(1, 13)])
    out["rain"] = write_raster(tmp_path / "rain.tif", rain)
    pet = np.stack([grid(75.0, -9999.0)[0] for _ in range(12)])
    out["pet"] = write_raster(tmp_path / "pet.tif", pet, nodata=-9999.0)
    (tmp_path / "codes.csv").write_text("code,climate_zone\n3,W1\n8,tropical_dry\n1,C2\n")
    (tmp_path / "sites.csv").write_text(SITES)
    return out


def test_site_data_fills_from_rasters_and_feeds_rothc_batch(tmp_path, rasters):
    out = tmp_path / "out"
    args = [
        "site-data",
        str(tmp_path / "sites.csv"),
        "-o",
        str(out),
        "--clay",
        f"0-5={rasters['clay_0_5']}",
        "--clay",
        f"5-15={rasters['clay_5_15']}",
        "--clay",
        f"15-30={rasters['clay_15_30']}",
        "--clay-units",
        "g/kg",
        "--soc-stock",
        rasters["ocs"],
        "--climate-zone",
        rasters["zones"],
        "--zone-codes",
        str(tmp_path / "codes.csv"),
        "--temp",
        str(tmp_path / "tavg_{month:02d}.tif"),
        "--rain",
        rasters["rain"],
        "--pet",
        rasters["pet"],
    ]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    rows = {r["site_id"]: r for r in read(out / "site_data.csv")}
    a = rows["A"]
    # clay (g/kg -> %, /10) weighted 5, 10, 15 over 30 cm: (5*30 + 10*20 + 15*10) / 30 = 16.67 %
    assert float(a["clay"]) == pytest.approx(16.67)
    assert float(a["soc_t_ha"]) == 52.0 and a["climate_zone"] == "warm_temperate_moist"
    assert a["clay_source"] == "raster" and a["climate_source"] == "raster"
    assert rows["B"]["climate_zone"] == "tropical_dry" and float(rows["B"]["clay"]) == 20.0
    assert rows["OUT"]["clay"] == "" and rows["OUT"]["clay_source"] == ""
    climate = [r for r in read(out / "climate.csv") if r["site_id"] == "A"]
    assert [float(r["temp"]) for r in climate] == list(range(1, 13))
    assert float(climate[0]["rain"]) == 10.0 and float(climate[11]["rain"]) == 120.0
    assert float(climate[0]["pevap"]) == 100.0  # PET 75 mm / 0.75
    # B's PET is nodata: B is left out of the RothC-ready tables, and the summary says so
    assert [r["site_id"] for r in read(out / "sites.csv")] == ["A"]
    assert "B pevap" in result.stderr and "OUT clay" in result.stderr
    assert "1 of 3 sites ready" in result.stderr

    management = tmp_path / "management.csv"
    management.write_text(
        "site_id,month,c_inp,fym,pc,dpm_rpm\n" + "".join(f"A,{m},0.25,0,1,1.44\n" for m in range(1, 13))
    )
    batch = run_cli(
        "rothc",
        "batch",
        "--sites",
        str(out / "sites.csv"),
        "--climate",
        str(out / "climate.csv"),
        "--management",
        str(management),
        "-o",
        str(tmp_path / "batch.csv"),
    )
    assert batch.exit_code == 0, batch.stderr
    assert len(read(tmp_path / "batch.csv")) == 1


def test_values_in_the_sites_table_and_tables_win_over_rasters(tmp_path, rasters):
    (tmp_path / "sites.csv").write_text("site_id,lon,lat,clay\nA,2.05,43.95,33\nB,2.55,43.45,\n")
    (tmp_path / "known.csv").write_text("site_id,soc_t_ha,climate_zone\nB,70,C1\n")
    (tmp_path / "climate.csv").write_text(
        "site_id,month,temp,rain,pet\n" + "".join(f"B,{m},{m},50,30\n" for m in range(1, 13))
    )
    result = run_cli(
        "site-data",
        str(tmp_path / "sites.csv"),
        "-o",
        str(tmp_path / "out"),
        "--table",
        str(tmp_path / "known.csv"),
        "--climate-table",
        str(tmp_path / "climate.csv"),
        "--clay",
        rasters["clay_0_5"],
        "--clay-units",
        "g/kg",
        "--soc-stock",
        rasters["ocs"],
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["site_id"]: r for r in read(tmp_path / "out" / "site_data.csv")}
    assert (rows["A"]["clay"], rows["A"]["clay_source"]) == ("33", "sites table")
    assert (rows["B"]["clay"], rows["B"]["clay_source"]) == ("20", "raster")  # 200 g/kg, a 0-30 cm map
    assert (rows["B"]["soc_t_ha"], rows["B"]["soc_t_ha_source"]) == ("70", "table")
    assert (rows["A"]["soc_t_ha"], rows["A"]["soc_t_ha_source"]) == ("52", "raster")
    assert rows["B"]["climate_zone"] == "cool_temperate_moist" and rows["B"]["climate_source"] == "table"
    climate = read(tmp_path / "out" / "climate.csv")
    assert {r["site_id"] for r in climate} == {"B"} and float(climate[0]["pevap"]) == 40.0


@pytest.mark.parametrize(
    "files, args, message",
    [
        (
            {"sites.csv": "site_id,lon,lat\nA,200,10\n"},
            [],
            r"sites.csv, row 2, column 'lon': 200.0 is outside the "
            r"allowed range \[-180, 180\]",
        ),
        ({"sites.csv": SITES}, ["--clay", "nothing.tif"], "nothing.tif: cannot read the raster"),
        ({"sites.csv": SITES}, ["--clay", "0_5=x.tif"], "TOP-BOTTOM=PATH"),
        (
            {"sites.csv": SITES},
            ["--clay-units", "ppm", "--clay", "{ocs}"],
            "clay units must be one of %, g/kg",
        ),
        ({"sites.csv": SITES}, ["--climate-zone", "{zones}"], "needs its code table"),
        (
            {"sites.csv": SITES, "codes.csv": "code,climate_zone\n3,W1\n"},
            ["--climate-zone", "{zones}", "--zone-codes", "codes.csv"],
            r"zones.tif, row B.*code 8 is not in the code",
        ),
        ({"sites.csv": SITES}, ["--temp", "{ocs}"], "needs 12 bands"),
        (
            {"sites.csv": SITES},
            ["--clay", "{clay_0_5}"],
            r"clay_0-5cm.tif, row A, column 'clay': 300 is outside "
            r"the allowed range \[0, 100\] %",
        ),
        (
            {"sites.csv": SITES, "c.csv": "site_id,month,temp,rain,pevap\nA,13,1,1,1\n"},
            ["--climate-table", "c.csv"],
            r"c.csv, row 2, column 'month': 13",
        ),
        (
            {"sites.csv": SITES, "c.csv": "site_id,month,temp,rain,pevap\nZ,1,1,1,1\n"},
            ["--climate-table", "c.csv"],
            "site_id Z is not in the sites table",
        ),
        (
            {"sites.csv": SITES, "c.csv": "site_id,month,temp,rain,pevap\nA,1,1,1,1\n"},
            ["--climate-table", "c.csv"],
            "site A has 1 months; give all 12",
        ),
    ],
)
def test_bad_input_names_file_row_column_and_writes_nothing(tmp_path, rasters, files, args, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    args = [
        a.format(**rasters) if "{" in a else (str(tmp_path / a) if a.endswith((".csv", ".tif")) else a)
        for a in args
    ]
    result = run_cli("site-data", str(tmp_path / "sites.csv"), "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 2
    assert re.search(message, " ".join(result.stderr.split())), result.stderr
    assert not (tmp_path / "out").exists()


class _SoilGridsAnswers(http.server.BaseHTTPRequestHandler):
    """Answers /query like the SoilGrids 2.0 web service (layout of rest.isric.org/soilgrids/v2.0/docs:
    properties.layers[].unit_measure.mapped_units and depths[].range/values.mean; values chosen here)."""

    asked: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).asked.append(self.path)
        clay = [(0, 5, 310), (5, 15, 290), (15, 30, None if "lat=43.45" in self.path else 270)]
        body = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.05, 43.95]},
            "properties": {
                "layers": [
                    {
                        "name": "clay",
                        "unit_measure": {
                            "d_factor": 10,
                            "mapped_units": "g/kg",
                            "target_units": "%",
                            "uncertainty_unit": "",
                        },
                        "depths": [
                            {
                                "range": {"top_depth": t, "bottom_depth": b, "unit_depth": "cm"},
                                "label": f"{t}-{b}cm",
                                "values": {"mean": v},
                            }
                            for t, b, v in clay
                        ],
                    },
                    {
                        "name": "ocs",
                        "unit_measure": {
                            "d_factor": 10,
                            "mapped_units": "t/ha",
                            "target_units": "kg/m²",
                            "uncertainty_unit": "",
                        },
                        "depths": [
                            {
                                "range": {"top_depth": 0, "bottom_depth": 30, "unit_depth": "cm"},
                                "label": "0-30cm",
                                "values": {"mean": 48},
                            }
                        ],
                    },
                ]
            },
            "query_time_s": 0.5,
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_soilgrids_web_service_fills_only_what_is_missing(tmp_path, monkeypatch):
    from fourpermille.io import site_data

    # the command's client, without the 12 s pause between queries
    monkeypatch.setattr(site_data, "SoilGrids", functools.partial(site_data.SoilGrids, sleep=lambda s: None))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SoilGridsAnswers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _SoilGridsAnswers.asked = []
    try:
        (tmp_path / "sites.csv").write_text(
            "site_id,lon,lat,clay,soc_t_ha\nA,2.05,43.95,,\nB,2.55,43.45,,\nC,3,45,12,40\n"
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/soilgrids/v2.0/properties/query"
        result = run_cli(
            "site-data", str(tmp_path / "sites.csv"), "-o", str(tmp_path / "out"), "--soilgrids-url", url
        )
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.stderr
    assert len(_SoilGridsAnswers.asked) == 2  # C had both values: not asked
    assert "property=clay" in _SoilGridsAnswers.asked[0] and "depth=0-30cm" in _SoilGridsAnswers.asked[0]
    rows = {r["site_id"]: r for r in read(tmp_path / "out" / "site_data.csv")}
    # (5*31.0 + 10*29.0 + 15*27.0) / 30 = 28.33 % ; ocs 48 t/ha
    assert float(rows["A"]["clay"]) == pytest.approx(28.33) and rows["A"]["soc_t_ha"] == "48"
    assert rows["A"]["clay_source"] == "SoilGrids web service"
    assert rows["B"]["clay"] == "" and rows["B"]["soc_t_ha"] == "48"  # 15-30 cm missing: no clay mean
    assert rows["C"]["clay_source"] == "sites table"


def test_soilgrids_client_pauses_between_queries_as_the_fair_use_policy_asks():
    from fourpermille.io.site_data import SOILGRIDS_PAUSE_S, SoilGrids

    assert SOILGRIDS_PAUSE_S == 12.0  # ISRIC: at most 5 queries a minute
    pauses = []

    class Answer:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def read(self):
            return b'{"properties": {"layers": []}}'

    client = SoilGrids(url="http://127.0.0.1:9/q", opener=Answer, sleep=pauses.append)
    client.query(1.0, 2.0)
    client.query(1.0, 2.0)
    assert len(pauses) == 1 and 11.0 < pauses[0] <= 12.0
