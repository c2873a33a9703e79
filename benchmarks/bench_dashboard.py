"""Dashboard speed at volume: 10,000 projects, 50,000 sites, 1,000,000 soil measurements, on SQLite and on
PostgreSQL. Each page and API call of the dashboards is requested repeatedly through Django's test client
(the full request path: middleware, views, templates, JSON); the figures are the median and the 95th
percentile [ms], cold (the dashboards' data version raised before each request, as after any change to the
data, so every figure is recomputed in the database) and warm (answered from the versioned cache).
Targets (issue 7): median < 300 ms, p95 < 1 s, judged on the cold figures ("ok").

The volume is generated once per database by ``python -m fourpermille.web generate_dashboard_data``
(bulk inserts; see docs/guide/dashboards.md): SQLite at var/bench/dashboard.sqlite3, PostgreSQL database
``fourpermille_bench`` on 127.0.0.1:5432 (created if missing; BENCH_POSTGRES_URL overrides). A backend that
cannot be reached prints a line with "skipped" and the reason.

    make bench                               # every benchmark
    python -m benchmarks bench_dashboard     # this one
    python -m benchmarks.bench_dashboard --backend sqlite --repeat 30
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "dashboard.sqlite3"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fourpermille_bench")
REPEAT = 20
WARMUP = 2
TARGET_MEDIAN_MS = 300.0
TARGET_P95_MS = 1000.0
VOLUME = {"projects": 10_000, "sites": 50_000, "measurements": 1_000_000}


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default method) of ``values`` for q in [0, 100]."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def urls() -> list[tuple[str, str | None]]:
    """(url, user name or None for anonymous) of every dashboard page and API call."""
    from fourpermille.web.projects.models import Project, ProjectStatus

    project = (
        Project.objects.filter(status=ProjectStatus.PUBLISHED, title__endswith="(bench)")
        .order_by("pk")
        .first()
    )
    site = project.sites.order_by("pk").first()
    charts = [
        "summary",
        "members-by-type",
        "members-by-region",
        "members-by-country",
        "commitments",
        "resources",
        "projects-by-status",
        "hectares",
        "soc-change",
        "roadmap",
    ]
    filters = "region=europe&org_type=research&year_from=2018&year_to=2025"
    out = [("/dashboard/", None), (f"/dashboard/?{filters}", None)]
    out += [(f"/api/dashboard/progress/{chart}/", None) for chart in charts]
    out += [
        (f"/api/dashboard/progress/{chart}/?{filters}", None)
        for chart in ("summary", "hectares", "soc-change")
    ]
    out += [
        ("/dashboard/soc/", None),
        ("/dashboard/soc/?region=africa&land_use=cropland&metric=change", None),
        ("/api/dashboard/monitoring/site-map/", None),
        ("/api/dashboard/monitoring/site-map/?region=africa&land_use=cropland", None),
        ("/api/dashboard/monitoring/site-map/?region=europe&format=csv", None),
        ("/api/dashboard/monitoring/stocks-by-zone/", None),
        ("/api/dashboard/monitoring/site-map/", "bench-secretariat"),
        (f"/api/dashboard/sites/{site.pk}/series/", None),
        (f"/dashboard/projects/{project.pk}/", None),
        (f"/api/dashboard/projects/{project.pk}/series/", None),
        (f"/api/dashboard/projects/{project.pk}/sites/", None),
        (f"/api/dashboard/sites/{site.pk}/measurements.csv", None),
        (f"/api/dashboard/sites/{site.pk}/profiles/", None),
        (f"/api/dashboard/projects/{project.pk}/profiles/", None),
    ]
    return out


def _secretariat():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.core import roles

    user, _created = get_user_model().objects.get_or_create(username="bench-secretariat")
    user.groups.add(Group.objects.get(name=roles.SECRETARIAT))
    return user


def run_backend(backend: str, repeat: int) -> None:
    """In this process: set up Django on ``backend``, generate the volume if needed, time the requests."""
    database_url = f"sqlite:///{SQLITE_PATH}" if backend == "sqlite" else POSTGRES_URL
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "fourpermille.web.settings.development"
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    t0 = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # progress bars and messages, not JSON lines
        call_command("generate_dashboard_data", create_database=True, if_empty=True, **VOLUME)
    print(
        json.dumps(
            {
                "bench": "dashboard",
                "backend": backend,
                "figure": "generate_or_check_volume",
                "value": round(time.perf_counter() - t0, 1),
                "unit": "s",
                **VOLUME,
            }
        ),
        flush=True,
    )
    secretariat = _secretariat()
    clients = {None: Client(HTTP_HOST="127.0.0.1"), "bench-secretariat": Client(HTTP_HOST="127.0.0.1")}
    clients["bench-secretariat"].force_login(secretariat)
    from fourpermille.web.dashboard.services.cache import bump

    worst = {"median": 0.0, "p95": 0.0}
    for url, who in urls():
        client = clients[who]
        figures = {}
        # cold: the data version raised before each request (as after any change), so every figure is
        # recomputed in the database; warm: repeated requests answered from the versioned cache
        for mode, n in (("cold", max(5, repeat // 2)), ("warm", repeat)):
            times = []
            for i in range(WARMUP + n):
                if mode == "cold":
                    bump()
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{backend} GET {url}: HTTP {response.status_code}")
                if i >= WARMUP:
                    times.append(elapsed)
            figures[mode] = (statistics.median(times), percentile(times, 95))
        (cold_median, cold_p95), (median, p95) = figures["cold"], figures["warm"]
        worst = {"median": max(worst["median"], cold_median), "p95": max(worst["p95"], cold_p95)}
        record = {
            "bench": "dashboard",
            "backend": backend,
            "figure": f"GET {url}" + (f" as {who}" if who else ""),
            "value": round(cold_median, 1),
            "unit": "ms median (cold)",
            "p95_ms": round(cold_p95, 1),
            "warm_median_ms": round(median, 1),
            "warm_p95_ms": round(p95, 1),
            "bytes": len(response.content),
            "ok": cold_median < TARGET_MEDIAN_MS and cold_p95 < TARGET_P95_MS,
        }
        print(json.dumps(record), flush=True)
    summary = {
        "bench": "dashboard",
        "backend": backend,
        "figure": "worst_cold_median_and_p95",
        "value": round(worst["median"], 1),
        "unit": "ms median",
        "p95_ms": round(worst["p95"], 1),
        "ok": worst["median"] < TARGET_MEDIAN_MS and worst["p95"] < TARGET_P95_MS,
    }
    print(json.dumps(summary), flush=True)


def main(backends: tuple[str, ...] = ("sqlite", "postgresql"), repeat: int = REPEAT) -> None:
    """Each backend in its own process (Django is set up once per process)."""
    for backend in backends:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_dashboard",
                "--backend",
                backend,
                "--repeat",
                str(repeat),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        sys.stdout.write(result.stdout)
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or ["unknown error"])[-1]
            print(
                json.dumps(
                    {
                        "bench": "dashboard",
                        "backend": backend,
                        "figure": "skipped",
                        "value": None,
                        "unit": "",
                        "reason": reason[:300],
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=REPEAT)
    args = parser.parse_args()
    if args.backend:
        run_backend(args.backend, args.repeat)
    else:
        main(repeat=args.repeat)
