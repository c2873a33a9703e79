"""Scenario GHG balance of the example project (3 scenarios, 2000 Monte Carlo draws, RothC per adoption)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import yaml

from fourpermille.estimate_rothc import rothc_trajectory
from fourpermille.estimate_scenarios import estimate_scenarios, parse_scenario_project

EXAMPLE = Path(__file__).parents[1] / "examples" / "project_scenarios.yaml"


def main() -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    project = parse_scenario_project(data)
    estimate_scenarios(project, rothc=rothc_trajectory)  # warm the table caches
    runs = 3
    t0 = time.perf_counter()
    for _ in range(runs):
        estimate_scenarios(project, rothc=rothc_trajectory)
    seconds = (time.perf_counter() - t0) / runs
    print(
        json.dumps(
            {
                "bench": "ghg",
                "figure": "example_project_s",
                "value": seconds,
                "unit": "s",
                "scenarios": len(project.scenarios),
                "draws": project.base.draws,
            }
        )
    )
