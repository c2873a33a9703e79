"""Demo MRV results: a real ``fourpermille mrv change`` / ``credits`` run on demo projects' soil measurements.

The demo sites carry one measurement campaign each (invented values, ``core.demo``). For ``DEMO_MRV_PROJECTS``
demo projects the stored campaign is the baseline and a repeat campaign five years later is invented from it
(each profile's SOC contents raised by a factor drawn with a fixed seed, bulk densities unchanged, the same
points re-sampled); the change, the VM0042 credits and the report are then computed by the science code
exactly as a project developer would (the command line on CSV files). Deterministic and labelled as demo.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.monitoring.services import measurement_table
from fourpermille.web.projects.models import Project

DEMO_MRV_PROJECTS = 2  # how many demo projects get a result
DEMO_SEED = 4_1000
DEMO_PERIOD_YEARS = 5  # [yr] between the campaigns
#: Range of the invented relative SOC content change of a re-sampled profile over the period [-].
DEMO_SOC_CHANGE = (-0.01, 0.06)
DEMO_BUFFER = 0.2  # VM0042 non-permanence risk rating used for the demo credits [-]
DEMO_NOTE = "Demo: repeat campaign invented from the demo measurements (not real data)"


def campaigns(project: Project, seed: int) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(baseline, repeat) campaign tables of a project (stocks layout + point_id, stratum), or None."""
    rng = np.random.default_rng(seed)
    parts = []
    for n, site in enumerate(project.sites.order_by("name", "pk"), start=1):
        upload = site.uploads.first()
        if upload is None:
            return None
        table = measurement_table(upload)
        table.insert(0, "stratum", f"site {n}")
        table.insert(0, "point_id", [f"s{n}-{p}" for p in table.pop("profile_id")])
        parts.append(table)
    if not parts:
        return None
    baseline = pd.concat(parts, ignore_index=True)
    factors = {p: 1.0 + rng.uniform(*DEMO_SOC_CHANGE) for p in baseline["point_id"].unique()}
    repeat = baseline.copy()
    repeat["soc_g_kg"] = (repeat["soc_g_kg"] * repeat["point_id"].map(factors)).round(2)
    return baseline, repeat


def _cli(*args: str) -> None:
    from fourpermille.cli.main import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        code = main(list(args))
    if code != 0:
        raise RuntimeError(f"fourpermille {' '.join(args[:2])} failed: {err.getvalue().strip()}")


def compute_files(baseline: pd.DataFrame, repeat: pd.DataFrame, years: int) -> tuple[bytes, bytes]:
    """(change JSON, credits JSON) as ``fourpermille mrv change --esm`` and ``mrv credits`` write them."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        baseline.to_csv(d / "baseline.csv", index=False)
        repeat.to_csv(d / "repeat.csv", index=False)
        _cli(
            "mrv",
            "change",
            str(d / "baseline.csv"),
            str(d / "repeat.csv"),
            "--esm",
            "--years",
            str(years),
            "-o",
            str(d / "change.json"),
        )
        _cli(
            "mrv",
            "credits",
            str(d / "change.json"),
            "--method",
            "vm0042",
            "--buffer",
            str(DEMO_BUFFER),
            "-o",
            str(d / "credits.json"),
        )
        return (d / "change.json").read_bytes(), (d / "credits.json").read_bytes()


def load_demo_mrv() -> int:
    """Store demo MRV results (once); returns how many were added."""
    if MrvRecord.objects.filter(is_demo=True).exists():
        return 0
    added = 0
    for i, project in enumerate(Project.objects.filter(is_demo=True).order_by("pk")[:DEMO_MRV_PROJECTS]):
        pair = campaigns(project, DEMO_SEED + i)
        if pair is None:
            continue
        change, credits = compute_files(*pair, DEMO_PERIOD_YEARS)
        start = project.start.year
        upload = services.MrvUpload(
            period=f"{start}-{start + DEMO_PERIOD_YEARS}",
            change=(change, "change.json"),
            credits=(credits, "credits.json"),
            note=DEMO_NOTE,
            verified=i == 0,
        )
        services.store_mrv(project, upload, None, is_demo=True)
        added += 1
    return added


def compute_demo_estimates() -> int:
    """Compute and store the ex-ante estimate of every project (what ``load_demo`` shows straight away),
    all at once (``services.compute_ex_ante_many``)."""
    return services.compute_ex_ante_many(Project.objects.all())
