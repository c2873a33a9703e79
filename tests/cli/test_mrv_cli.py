"""``fourpermille mrv``: the commands of the issue's contract, end to end on examples/mrv, and bad input."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.cli.helpers import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mrv"


@pytest.fixture
def ex(tmp_path):
    """A copy of examples/mrv in a temporary directory (so that 'nothing written' can be checked)."""
    work = tmp_path / "ex"
    shutil.copytree(EXAMPLES, work)
    return work


def files(path):
    return sorted(p.name for p in path.iterdir())


def assert_one_line_error(result, *needles):
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


def test_sample_size_prints_n_and_json():
    result = run_cli("mrv", "sample-size", "--cv", "0.2", "--years", "10", "--design", "paired")
    assert result.exit_code == 0, result.stderr
    assert "n = 199 points" in result.stdout
    result = run_cli(
        "mrv", "sample-size", "--cv", "0.2", "--years", "10", "--design", "independent", "--json"
    )
    assert json.loads(result.stdout)["n"] == 394


def test_sample_size_plot(tmp_path):
    png = tmp_path / "n.png"
    result = run_cli(
        "mrv", "sample-size", "--cv", "0.2", "--years", "5", "--design", "paired", "--plot", str(png)
    )
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_plan_writes_points_inside_the_area_reproducibly(ex, tmp_path):
    args = [
        "mrv",
        "plan",
        str(ex / "area.geojson"),
        "--n",
        "24",
        "--strata-field",
        "stratum",
        "--min-distance-m",
        "20",
        "--seed",
        "1",
    ]
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert run_cli(*args, "-o", str(a), "--plot", str(tmp_path / "map.png")).exit_code == 0
    assert run_cli(*args, "-o", str(b)).exit_code == 0
    assert a.read_text() == b.read_text()
    # the example points were made with this very command
    assert (
        json.loads(a.read_text())["features"] == json.loads((ex / "points.geojson").read_text())["features"]
    )
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"


def test_plan_neyman_uses_the_sd_property(ex, tmp_path):
    out = tmp_path / "n.geojson"
    result = run_cli(
        "mrv",
        "plan",
        str(ex / "area.geojson"),
        "--n",
        "20",
        "--strata-field",
        "stratum",
        "--allocation",
        "neyman",
        "--seed",
        "3",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    strata = pd.Series([f["properties"]["stratum"] for f in json.loads(out.read_text())["features"]])
    # A x S: clay 19.37 x 6 = 116.2, sand 25.20 x 4 = 100.8 -> 20 x 0.5356 = 10.7 -> 11 and 9
    assert strata.value_counts().to_dict() == {"clay-loam": 11, "sandy-loam": 9}


@pytest.mark.slow
def test_change_credits_report_end_to_end(ex, tmp_path):
    change = tmp_path / "change.json"
    result = run_cli(
        "mrv",
        "change",
        str(ex / "baseline_2020.csv"),
        str(ex / "repeat_2025.csv"),
        "--esm",
        "--strata",
        str(ex / "strata.csv"),
        "--control-baseline",
        str(ex / "control_2020.csv"),
        "--control-repeat",
        str(ex / "control_2025.csv"),
        "--years",
        "5",
        "-o",
        str(change),
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(change.read_text())
    assert data["stocks"]["method"] == "esm" and data["area_ha"] == pytest.approx(44.57)
    net = data["net_change"]
    assert net["mean_t_ha"] == pytest.approx(
        data["project"]["change"]["mean_t_ha"] - data["baseline"]["change"]["mean_t_ha"]
    )
    assert data["target"]["target_change_t_ha"] == pytest.approx(
        data["project"]["initial_stock"]["mean_t_ha"] * 0.004 * 5
    )
    assert len(data["points"]) == 48
    for method in ("vm0042", "gold-standard"):
        credits = tmp_path / f"credits-{method}.json"
        result = run_cli(
            "mrv",
            "credits",
            str(change),
            "--method",
            method,
            "--buffer",
            "0.2",
            "--leakage",
            "1.5",
            "-o",
            str(credits),
        )
        assert result.exit_code == 0, result.stderr
        c = json.loads(credits.read_text())
        assert c["method"] == method and c["steps"] and "credits:" in result.stdout
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    result = run_cli(
        "mrv",
        "report",
        str(change),
        "--credits",
        str(tmp_path / "credits-vm0042.json"),
        "--area",
        str(ex / "area.geojson"),
        "--points",
        str(ex / "points.geojson"),
        "--strata-field",
        "stratum",
        "--ex-ante-t-ha",
        "1.2",
        "--project",
        "Example farm",
        "--period",
        "2020-2025",
        "-o",
        str(pdf),
        "-o",
        str(html),
    )
    assert result.exit_code == 0, result.stderr
    # the ex-ante estimate from a `fourpermille estimate` JSON (net of its baseline over the 5 years)
    from tests.io.test_mrv_io import _estimate_json

    html2 = tmp_path / "report2.html"
    result = run_cli(
        "mrv", "report", str(change), "--ex-ante", str(_estimate_json(tmp_path)), "-o", str(html2)
    )
    assert result.exit_code == 0, result.stderr
    assert "+1.50 t C/ha (+1.00 .. +2.00), IPCC Tier 1 net of its baseline" in html2.read_text()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    # the PDF is the HTML report printed (reports.pdf.html_to_pdf): summary, figures, credit steps
    pypdf = pytest.importorskip("pypdf")
    pages = pypdf.PdfReader(str(pdf)).pages
    assert len(pages) >= 3
    printed = " ".join(page.extract_text() for page in pages)
    assert "Example farm" in printed and "Verra VM0042 v2.2" in printed
    text = html.read_text()
    assert text.count("data:image/png;base64,") == 5
    assert "Eq. 74" in text and "Verra VM0042 v2.2" in text and "Example farm" in text


def test_change_from_per_point_stock_tables(tmp_path):
    base = tmp_path / "b.csv"
    rep = tmp_path / "r.csv"
    base.write_text("point_id,stratum,soc_stock_t_ha\na1,A,40\na2,A,44\na3,A,42\nb1,B,30\nb2,B,34\n")
    rep.write_text("point_id,stratum,soc_stock_t_ha\na1,A,41\na2,A,46\na3,A,43\nb1,B,31\nb2,B,36\n")
    out = tmp_path / "c.json"
    png = tmp_path / "c.png"
    result = run_cli(
        "mrv",
        "change",
        str(base),
        str(rep),
        "--baseline-change-t-ha",
        "-0.2",
        "-o",
        str(out),
        "--plot",
        str(png),
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    # self-weighting (3/5, 2/5): 0.6 x 4/3 + 0.4 x 1.5 = 1.4; net = 1.4 + 0.2
    assert data["project"]["change"]["mean_t_ha"] == pytest.approx(1.4)
    assert data["net_change"]["mean_t_ha"] == pytest.approx(1.6)
    assert data["baseline"]["source"] == "modelled"
    assert png.read_bytes()[:4] == b"\x89PNG"


# --- bad input: one line, exit 2, the ids named, nothing written ------------------------------------------


def test_points_outside_the_area(ex, tmp_path):
    pts = json.loads((ex / "points.geojson").read_text())
    pts["features"][3]["geometry"]["coordinates"] = [3.90, 43.62]
    (ex / "points.geojson").write_text(json.dumps(pts))
    change = tmp_path / "c.json"
    assert (
        run_cli(
            "mrv", "change", str(ex / "baseline_2020.csv"), str(ex / "repeat_2025.csv"), "-o", str(change)
        ).exit_code
        == 0
    )
    before = files(tmp_path)
    result = run_cli(
        "mrv",
        "report",
        str(change),
        "--area",
        str(ex / "area.geojson"),
        "--points",
        str(ex / "points.geojson"),
        "--strata-field",
        "stratum",
        "-o",
        str(tmp_path / "r.pdf"),
    )
    assert_one_line_error(result, "points.geojson", "outside the project area: P004")
    assert files(tmp_path) == before


def test_duplicate_sample_ids(ex, tmp_path):
    lines = (ex / "baseline_2020.csv").read_text().splitlines()
    (ex / "baseline_2020.csv").write_text("\n".join(lines + [lines[1]]) + "\n")
    out = tmp_path / "c.json"
    result = run_cli(
        "mrv", "change", str(ex / "baseline_2020.csv"), str(ex / "repeat_2025.csv"), "-o", str(out)
    )
    assert_one_line_error(result, "baseline_2020.csv", "duplicate samples", "P001 at 0")
    assert not out.exists()


def test_duplicate_point_ids_in_a_stock_table(tmp_path):
    (tmp_path / "b.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,40\np2,A,41\np1,A,42\n")
    (tmp_path / "r.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,40\np2,A,41\n")
    result = run_cli(
        "mrv", "change", str(tmp_path / "b.csv"), str(tmp_path / "r.csv"), "-o", str(tmp_path / "c.json")
    )
    assert_one_line_error(result, "b.csv", "row 2", "duplicate point ids", "p1")
    assert not (tmp_path / "c.json").exists()


def test_repeat_campaign_missing_baseline_points(ex, tmp_path):
    rep = pd.read_csv(ex / "repeat_2025.csv")
    rep[~rep.point_id.isin(["P005", "P017"])].to_csv(ex / "repeat_2025.csv", index=False)
    out = tmp_path / "c.json"
    result = run_cli(
        "mrv", "change", str(ex / "baseline_2020.csv"), str(ex / "repeat_2025.csv"), "-o", str(out)
    )
    assert_one_line_error(result, "repeat_2025.csv", "misses 2 point(s)", "P005, P017")
    assert not out.exists()


def test_stratum_with_fewer_than_two_points(tmp_path):
    (tmp_path / "b.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,40\np2,A,41\np3,B,30\n")
    (tmp_path / "r.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,41\np2,A,42\np3,B,31\n")
    result = run_cli(
        "mrv", "change", str(tmp_path / "b.csv"), str(tmp_path / "r.csv"), "-o", str(tmp_path / "c.json")
    )
    assert_one_line_error(result, "b.csv", "fewer than 2 points", "'B' (1: p3)")
    assert not (tmp_path / "c.json").exists()


def test_negative_buffer(tmp_path):
    (tmp_path / "b.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,40\np2,A,41\np3,A,39\n")
    (tmp_path / "r.csv").write_text("point_id,stratum,soc_stock_t_ha\np1,A,41\np2,A,42\np3,A,40.5\n")
    change = tmp_path / "c.json"
    assert (
        run_cli(
            "mrv", "change", str(tmp_path / "b.csv"), str(tmp_path / "r.csv"), "-o", str(change)
        ).exit_code
        == 0
    )
    out = tmp_path / "credits.json"
    result = run_cli("mrv", "credits", str(change), "--method", "vm0042", "--buffer", "-0.1", "-o", str(out))
    assert_one_line_error(result, "buffer must be a number in [0, 1); got -0.1")
    assert not out.exists()


def test_plan_bad_inputs(ex, tmp_path):
    out = tmp_path / "p.geojson"
    result = run_cli(
        "mrv",
        "plan",
        str(ex / "area.geojson"),
        "--n",
        "10",
        "--strata-field",
        "soil",
        "--seed",
        "1",
        "-o",
        str(out),
    )
    assert_one_line_error(result, "area.geojson", "feature 1", "no property 'soil'", "stratum")
    result = run_cli(
        "mrv",
        "plan",
        str(ex / "area.geojson"),
        "--n",
        "10",
        "--min-distance-m",
        "-5",
        "--seed",
        "1",
        "-o",
        str(out),
    )
    assert_one_line_error(result, "min_distance_m must be a number in [0, 100000] m; got -5")
    result = run_cli(
        "mrv",
        "plan",
        str(ex / "area.geojson"),
        "--n",
        "12",
        "--min-distance-m",
        "400",
        "--seed",
        "1",
        "-o",
        str(out),
    )
    assert_one_line_error(result, "area.geojson", "cannot hold")
    assert not out.exists()


def test_unknown_method_and_report_suffix(tmp_path):
    (tmp_path / "c.json").write_text(json.dumps({"kind": "something else"}))
    result = run_cli(
        "mrv", "credits", str(tmp_path / "c.json"), "--method", "vm0042", "-o", str(tmp_path / "x")
    )
    assert_one_line_error(result, "c.json", "not a fourpermille.mrv.change file")
    result = run_cli("mrv", "report", str(tmp_path / "c.json"), "-o", str(tmp_path / "r.docx"))
    assert_one_line_error(result, "must end in .pdf or .html")


def test_change_checks_campaign_locations_against_the_area(ex, tmp_path):
    pts = {
        f["properties"]["point_id"]: f["geometry"]["coordinates"]
        for f in json.loads((ex / "points.geojson").read_text())["features"]
    }
    for name in ("baseline_2020.csv", "repeat_2025.csv"):
        table = pd.read_csv(ex / name)
        table["lon"] = table.point_id.map(lambda p: pts[p][0])
        table["lat"] = table.point_id.map(lambda p: pts[p][1])
        table.to_csv(ex / name, index=False)
    args = [
        "mrv",
        "change",
        str(ex / "baseline_2020.csv"),
        str(ex / "repeat_2025.csv"),
        "--area",
        str(ex / "area.geojson"),
        "--strata-field",
        "stratum",
    ]
    out = tmp_path / "c.json"
    assert run_cli(*args, "-o", str(out)).exit_code == 0
    table = pd.read_csv(ex / "repeat_2025.csv")
    table.loc[table.point_id.isin(["P002", "P020"]), "lon"] = 3.95
    table.to_csv(ex / "repeat_2025.csv", index=False)
    out2 = tmp_path / "c2.json"
    result = run_cli(*args, "-o", str(out2))
    assert_one_line_error(result, "repeat_2025.csv", "2 point(s) outside the project area: P002, P020")
    assert not out2.exists()
