"""``fourpermille mrv``: every subcommand keeps the bad-input promise (issue 12, items 6, 8 and 10).

One line on stderr naming the file or option (and the field, row or column with the allowed range), exit
code 2, no traceback, no warning, nothing written. Each case below broke that promise before.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mrv"
GARBAGE = bytes(range(256)) * 4  # not UTF-8, not JSON, not CSV


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The example campaigns, a real change file and a real credits file (made once)."""
    work = tmp_path_factory.mktemp("made")
    for name in ("baseline_2020.csv", "repeat_2025.csv", "strata.csv", "area.geojson", "points.geojson"):
        shutil.copy(EXAMPLES / name, work / name)
    change = work / "change.json"
    result = run_cli(
        "mrv",
        "change",
        str(work / "baseline_2020.csv"),
        str(work / "repeat_2025.csv"),
        "--strata",
        str(work / "strata.csv"),
        "--years",
        "5",
        "-o",
        str(change),
    )
    assert result.exit_code == 0, result.stderr
    credits = work / "credits.json"
    assert run_cli("mrv", "credits", str(change), "--method", "vm0042", "-o", str(credits)).exit_code == 0
    return work


@pytest.fixture
def out(tmp_path):
    """An empty folder for the outputs (nothing may appear in it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _edited(made, tmp_path, edit, name="change.json"):
    data = json.loads((made / name).read_text())
    edit(data)
    path = tmp_path / f"edited-{name}"
    path.write_text(json.dumps(data))  # json writes NaN and Infinity as the Python parser reads them
    return path


def _run_refused(args, out, *needles):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_cli(*args)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert [str(w.message) for w in caught] == []
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert list(out.iterdir()) == [], "something was written"


# Each case: (id, function (made, tmp_path, out) -> args, needles in the message).
def _dir(made, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir(exist_ok=True)
    return folder


def _garbage(made, tmp_path, name="garbage.bin"):
    path = tmp_path / name
    path.write_bytes(GARBAGE)
    return path


CASES = [
    # a directory where a file is expected
    (
        "plan: area is a directory",
        lambda m, t, o: [
            "mrv",
            "plan",
            str(_dir(m, t)),
            "--n",
            "5",
            "--seed",
            "1",
            "-o",
            str(o / "p.geojson"),
        ],
        ["a-folder", "is a directory"],
    ),
    (
        "change: campaign is a directory",
        lambda m, t, o: [
            "mrv",
            "change",
            str(_dir(m, t)),
            str(m / "repeat_2025.csv"),
            "-o",
            str(o / "c.json"),
        ],
        ["a-folder", "is a directory"],
    ),
    (
        "change: strata is a directory",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--strata",
            str(_dir(m, t)),
            "-o",
            str(o / "c.json"),
        ],
        ["a-folder", "is a directory"],
    ),
    (
        "credits: change is a directory",
        lambda m, t, o: ["mrv", "credits", str(_dir(m, t)), "--method", "vm0042", "-o", str(o / "k.json")],
        ["a-folder", "is a directory"],
    ),
    (
        "report: change is a directory",
        lambda m, t, o: ["mrv", "report", str(_dir(m, t)), "-o", str(o / "r.html")],
        ["a-folder", "is a directory"],
    ),
    (
        "report: credits is a directory",
        lambda m, t, o: [
            "mrv",
            "report",
            str(m / "change.json"),
            "--credits",
            str(_dir(m, t)),
            "-o",
            str(o / "r.html"),
        ],
        ["a-folder", "is a directory"],
    ),
    (
        "report: points is a directory",
        lambda m, t, o: [
            "mrv",
            "report",
            str(m / "change.json"),
            "--points",
            str(_dir(m, t)),
            "-o",
            str(o / "r.html"),
        ],
        ["a-folder", "is a directory"],
    ),
    # binary garbage
    (
        "change: binary campaign",
        lambda m, t, o: [
            "mrv",
            "change",
            str(_garbage(m, t)),
            str(m / "repeat_2025.csv"),
            "-o",
            str(o / "c.json"),
        ],
        ["garbage.bin", "not a UTF-8 CSV file"],
    ),
    (
        "change: binary strata",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--strata",
            str(_garbage(m, t)),
            "-o",
            str(o / "c.json"),
        ],
        ["garbage.bin", "not a UTF-8 CSV file"],
    ),
    (
        "plan: binary area",
        lambda m, t, o: [
            "mrv",
            "plan",
            str(_garbage(m, t)),
            "--n",
            "5",
            "--seed",
            "1",
            "-o",
            str(o / "p.geojson"),
        ],
        ["garbage.bin", "not a UTF-8 text file"],
    ),
    (
        "credits: binary change",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(_garbage(m, t)),
            "--method",
            "vm0042",
            "-o",
            str(o / "k.json"),
        ],
        ["garbage.bin", "not a UTF-8 text file"],
    ),
    (
        "report: binary change",
        lambda m, t, o: ["mrv", "report", str(_garbage(m, t)), "-o", str(o / "r.pdf")],
        ["garbage.bin", "not a UTF-8 text file"],
    ),
    # incomplete or absurd change files
    (
        "report: change without points",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d.pop("points"))),
            "-o",
            str(o / "r.pdf"),
        ],
        ["edited-change.json", "field 'points'", "is missing"],
    ),
    (
        "report: change without its project",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d.pop("project"))),
            "-o",
            str(o / "r.pdf"),
        ],
        ["edited-change.json", "field 'project.strata'", "is missing"],
    ),
    (
        "credits: change without its kind",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(_edited(m, t, lambda d: d.pop("kind"))),
            "--method",
            "vm0042",
            "-o",
            str(o / "k.json"),
        ],
        ["edited-change.json", "not a fourpermille.mrv.change file"],
    ),
    (
        "credits: change of another version",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(_edited(m, t, lambda d: d.update(version=2))),
            "--method",
            "vm0042",
            "-o",
            str(o / "k.json"),
        ],
        ["field 'version'", "reads version 1"],
    ),
    (
        "credits: NaN mean",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(_edited(m, t, lambda d: d["project"]["change"].update(mean_t_ha=float("nan")))),
            "--method",
            "vm0042",
            "-o",
            str(o / "k.json"),
        ],
        ["field 'project.change.mean_t_ha'", "must be a number in [-2000, 2000] t C/ha; got nan"],
    ),
    (
        "report: NaN mean",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d["project"]["change"].update(mean_t_ha=float("nan")))),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'project.change.mean_t_ha'", "got nan"],
    ),
    (
        "report: df 1e-300",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d["net_change"].update(df=1e-300))),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'net_change.df'", "must be a number in [1, 1e+12]; got 1e-300"],
    ),
    (
        "credits: years -5",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(_edited(m, t, lambda d: d.update(years=-5))),
            "--method",
            "vm0042",
            "-o",
            str(o / "k.json"),
        ],
        ["field 'years'", "must be a number in [1, 100] yr; got -5"],
    ),
    (
        "report: years 1e-300",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d.update(years=1e-300))),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'years'", "got 1e-300"],
    ),
    (
        "report: infinite stratum stock",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d["project"]["strata"][0].update(soc_baseline_t_ha=float("inf")))),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'project.strata.0.soc_baseline_t_ha'", "got inf"],
    ),
    (
        "report: net change edited by hand",
        lambda m, t, o: [
            "mrv",
            "report",
            str(_edited(m, t, lambda d: d["net_change"].update(mean_t_ha=9.0))),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'net_change'", "disagrees with the project change"],
    ),
    (
        "report: credits with a text value",
        lambda m, t, o: [
            "mrv",
            "report",
            str(m / "change.json"),
            "--credits",
            str(_edited(m, t, lambda d: d["steps"][0].update(value="12"), "credits.json")),
            "-o",
            str(o / "r.html"),
        ],
        ["edited-credits.json", "field 'steps.0.value'", "must be a number"],
    ),
    (
        "report: credits with a buffer of 2",
        lambda m, t, o: [
            "mrv",
            "report",
            str(m / "change.json"),
            "--credits",
            str(_edited(m, t, lambda d: d.update(buffer=2), "credits.json")),
            "-o",
            str(o / "r.html"),
        ],
        ["field 'buffer'", "[0, 1)"],
    ),
    # absurd options
    (
        "sample-size: years -5",
        lambda m, t, o: [
            "mrv",
            "sample-size",
            "--cv",
            "0.2",
            "--years",
            "-5",
            "--design",
            "paired",
            "--plot",
            str(o / "n.png"),
        ],
        ["years must be a number in [1, 100] yr; got -5"],
    ),
    (
        "sample-size: cv nan",
        lambda m, t, o: [
            "mrv",
            "sample-size",
            "--cv",
            "nan",
            "--years",
            "5",
            "--design",
            "paired",
            "--plot",
            str(o / "n.png"),
        ],
        ["cv must be a number in (0, 10]; got nan"],
    ),
    (
        "sample-size: alpha 1e-300",
        lambda m, t, o: [
            "mrv",
            "sample-size",
            "--cv",
            "0.2",
            "--years",
            "5",
            "--design",
            "paired",
            "--alpha",
            "1e-300",
            "--plot",
            str(o / "n.png"),
        ],
        ["alpha must be a number in [0.0001, 0.5]; got 1e-300"],
    ),
    (
        "plan: NaN coordinate",
        lambda m, t, o: [
            "mrv",
            "plan",
            str(_nan_area(t)),
            "--n",
            "5",
            "--seed",
            "1",
            "-o",
            str(o / "p.geojson"),
        ],
        ["feature 1: coordinate nan is not a finite number"],
    ),
    (
        "plan: min distance nan",
        lambda m, t, o: [
            "mrv",
            "plan",
            str(m / "area.geojson"),
            "--n",
            "5",
            "--seed",
            "1",
            "--min-distance-m",
            "nan",
            "-o",
            str(o / "p.geojson"),
        ],
        ["min_distance_m must be a number in [0, 100000] m; got nan"],
    ),
    (
        "change: years -5",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--years",
            "-5",
            "-o",
            str(o / "c.json"),
        ],
        ["years must be a number in [1, 100] yr; got -5"],
    ),
    (
        "change: years 1e-300",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--years",
            "1e-300",
            "-o",
            str(o / "c.json"),
        ],
        ["years must be a number in [1, 100] yr; got 1e-300"],
    ),
    (
        "change: confidence 1",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--confidence",
            "1",
            "-o",
            str(o / "c.json"),
        ],
        ["confidence must be a number in [0.5, 0.999]; got 1"],
    ),
    (
        "change: depth inf",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--depth-cm",
            "inf",
            "-o",
            str(o / "c.json"),
        ],
        ["depth_cm must be a number in (0, 300] cm; got inf"],
    ),
    (
        "change: baseline SD nan",
        lambda m, t, o: [
            "mrv",
            "change",
            str(m / "baseline_2020.csv"),
            str(m / "repeat_2025.csv"),
            "--baseline-change-t-ha",
            "0.1",
            "--baseline-sd-t-ha",
            "nan",
            "-o",
            str(o / "c.json"),
        ],
        ["baseline SD must be a number"],
    ),
    (
        "credits: leakage inf",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(m / "change.json"),
            "--method",
            "vm0042",
            "--leakage",
            "inf",
            "-o",
            str(o / "k.json"),
        ],
        ["leakage must be a number in [0, 1e+12] t CO2e; got inf"],
    ),
    (
        "credits: buffer nan",
        lambda m, t, o: [
            "mrv",
            "credits",
            str(m / "change.json"),
            "--method",
            "vm0042",
            "--buffer",
            "nan",
            "-o",
            str(o / "k.json"),
        ],
        ["buffer must be a number in [0, 1); got nan"],
    ),
    (
        "report: ex-ante nan",
        lambda m, t, o: [
            "mrv",
            "report",
            str(m / "change.json"),
            "--ex-ante-t-ha",
            "nan",
            "-o",
            str(o / "r.html"),
        ],
        ["--ex-ante-t-ha must be a number"],
    ),
]


def _nan_area(tmp_path):
    ring = [[3.0, 43.0], [3.01, float("nan")], [3.01, 43.01], [3.0, 43.01], [3.0, 43.0]]
    path = tmp_path / "nan-area.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            }
        )
    )
    return path


@pytest.mark.parametrize(("build", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_one_line_exit_2_nothing_written(made, tmp_path, out, build, needles):
    _run_refused(build(made, tmp_path, out), out, *needles)


def test_every_mrv_subcommand_has_a_case():
    from fourpermille.cli.mrv import mrv_app

    commands = {c.name for c in mrv_app.registered_commands}
    covered = {c[0].split(":")[0] for c in CASES}
    assert commands == covered == {"sample-size", "plan", "change", "credits", "report"}


def test_change_file_with_a_byte_order_mark_is_read(made, tmp_path):
    """Issue 12 item 8: a JSON saved by an editor that writes a BOM reads as it does without."""
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + (made / "change.json").read_bytes())
    plain, with_bom = tmp_path / "plain.json", tmp_path / "with-bom.json"
    assert (
        run_cli("mrv", "credits", str(made / "change.json"), "--method", "vm0042", "-o", str(plain)).exit_code
        == 0
    )
    result = run_cli("mrv", "credits", str(bom), "--method", "vm0042", "-o", str(with_bom))
    assert result.exit_code == 0, result.stderr
    assert (
        json.loads(with_bom.read_text())["credits_t_co2e"] == json.loads(plain.read_text())["credits_t_co2e"]
    )
