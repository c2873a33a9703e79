"""MRV files: areas and points (GeoJSON), campaigns and strata (CSV); errors name file, row, column."""

import json
from pathlib import Path

import pandas as pd
import pytest

from fourpermille.errors import InputError
from fourpermille.io.mrv import read_area, read_campaign, read_points, read_strata, write_points

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mrv"


def test_read_example_area_and_points():
    area = read_area(EXAMPLES / "area.geojson", "stratum", "soc_sd_t_ha")
    assert list(area.stratum) == ["clay-loam", "sandy-loam", "sandy-loam"]
    assert list(area.sd_t_ha) == [6.0, 4.0, 4.0]
    assert set(read_area(EXAMPLES / "area.geojson").stratum) == {"all"}
    pts = read_points(EXAMPLES / "points.geojson")
    assert len(pts) == 24 and pts.point_id.is_unique


def test_points_round_trip(tmp_path):
    pts = pd.DataFrame(
        {"point_id": ["a", "b"], "stratum": ["s", "t"], "lon": [3.1234567891, 3.2], "lat": [43.5, 43.6]}
    )
    write_points(pts, tmp_path / "p.geojson")
    back = read_points(tmp_path / "p.geojson")
    pd.testing.assert_frame_equal(back, pts)


def _fc(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


SQUARE = {"type": "Polygon", "coordinates": [[[3, 43], [3.01, 43], [3.01, 43.01], [3, 43.01], [3, 43]]]}


@pytest.mark.parametrize(
    "text,field,match",
    [
        ("{", None, "not valid JSON"),
        (json.dumps({"type": "Point"}), None, "not a GeoJSON FeatureCollection"),
        (
            _fc({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [3, 43]}}),
            None,
            "feature 1: a Point is not an area",
        ),
        (
            _fc(
                {"type": "Feature", "properties": {"s": "a"}, "geometry": SQUARE},
                {"type": "Feature", "properties": {}, "geometry": SQUARE},
            ),
            "s",
            "feature 2: no property 's'",
        ),
        (
            _fc(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [
                            [[500000, 4800000], [500100, 4800000], [500100, 4800100], [500000, 4800000]]
                        ],
                    },
                }
            ),
            None,
            "not longitude/latitude",
        ),
        (
            _fc(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[3, 43], [3.01, 43.01], [3.01, 43], [3, 43.01], [3, 43]]],
                    },
                }
            ),
            None,
            "not valid",
        ),
    ],
)
def test_bad_areas(tmp_path, text, field, match):
    path = tmp_path / "area.geojson"
    path.write_text(text)
    with pytest.raises(InputError, match=match) as err:
        read_area(path, field)
    assert "area.geojson" in str(err.value)


def test_duplicate_point_ids_in_points_file(tmp_path):
    pt = {
        "type": "Feature",
        "properties": {"point_id": "P1"},
        "geometry": {"type": "Point", "coordinates": [3, 43]},
    }
    (tmp_path / "p.geojson").write_text(_fc(pt, pt))
    with pytest.raises(InputError, match="duplicate point ids: P1"):
        read_points(tmp_path / "p.geojson")


def test_read_campaign_layers_and_points(tmp_path):
    layers = read_campaign(EXAMPLES / "baseline_2020.csv")
    assert layers.attrs["kind"] == "layers" and (layers.profile_id == layers.point_id).all()
    assert layers.index[0] == 2  # spreadsheet rows
    (tmp_path / "s.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,40.5\np2,A,41\n")
    assert read_campaign(tmp_path / "s.csv").attrs["kind"] == "points"


def test_campaign_errors_name_file_row_and_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "point_id,stratum,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
        "p1,A,0,30,12,1.3\np2,A,0,30,twelve,1.3\n"
    )
    with pytest.raises(InputError, match="c.csv, row 3, column 'soc_g_kg': 'twelve' is not a number"):
        read_campaign(path)
    path.write_text(
        "point_id,stratum,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
        "p1,A,0,30,12,1.3\np1,B,30,50,8,1.4\n"
    )
    with pytest.raises(InputError, match="more than one stratum.*p1"):
        read_campaign(path)
    path.write_text(
        "point_id,stratum,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\np1,A,0,30,12,3.5\n"
    )
    with pytest.raises(InputError, match="c.csv, row 2, column 'bulk_density_g_cm3'"):
        read_campaign(path)


def test_read_strata(tmp_path):
    assert read_strata(EXAMPLES / "strata.csv").to_dict() == {"clay-loam": 19.37, "sandy-loam": 25.20}
    path = tmp_path / "s.csv"
    path.write_text("stratum,area_ha\nA,10\nA,5\n")
    with pytest.raises(InputError, match="s.csv, row 2, column 'stratum': stratum listed twice: A"):
        read_strata(path)
    path.write_text("stratum,area_ha\nA,10\nB,-5\n")
    with pytest.raises(InputError, match=r"row 3, column 'area_ha': area must be a number in \(0, 1e\+09\]"):
        read_strata(path)


def _estimate_json(tmp_path, rothc=False):
    # the layout `fourpermille estimate -o` writes (docs/guide/ex-ante.md): a yearly table of records
    table = [
        {
            "year": 2020 + t,
            "years_from_start": t,
            "baseline_soc_t_ha": 40 - 0.1 * t,
            "target_soc_t_ha": 40 + 0.06 * t,
            "tier1_soc_t_ha": 40 + 0.2 * t,
            "tier1_soc_t_ha_lower": 40 + 0.1 * t,
            "tier1_soc_t_ha_upper": 40 + 0.3 * t,
        }
        for t in range(11)
    ]
    if rothc:
        for row in table:
            row["rothc_soc_t_ha"] = 40 + 0.15 * row["years_from_start"]
    path = tmp_path / "estimate.json"
    path.write_text(json.dumps({"project": {}, "summary": {}, "notes": [], "table": table}))
    return path


def test_read_ex_ante_net_of_its_baseline(tmp_path):
    from fourpermille.io.mrv import read_ex_ante

    got = read_ex_ante(_estimate_json(tmp_path), 5)
    # (40 + 1.0 - (40 - 0.5)) - (40 - 40) = 1.5; bounds 0.5 + 0.5 = 1.0 and 1.5 + 0.5 = 2.0
    assert got["change_t_ha"] == pytest.approx(1.5)
    assert (got["low_t_ha"], got["high_t_ha"]) == (pytest.approx(1.0), pytest.approx(2.0))
    assert got["model"] == "IPCC Tier 1"
    rothc = read_ex_ante(_estimate_json(tmp_path, rothc=True), 5)
    assert (
        rothc["model"] == "RothC"
        and rothc["change_t_ha"] == pytest.approx(1.25)
        and rothc["low_t_ha"] is None
    )
    with pytest.raises(InputError, match="no year 12 from its start"):
        read_ex_ante(_estimate_json(tmp_path), 12)
