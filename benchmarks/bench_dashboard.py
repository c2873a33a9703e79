"""Dashboard speed at volume, served by the production server: 10,000 projects, 50,000 sites, 1,000,000 soil
measurements (``--projects``/``--sites``/``--measurements`` for more), on SQLite and on PostgreSQL.

The volume is generated once per database by ``python -m fourpermille.web generate_dashboard_data`` (bulk
inserts; the projects' ex-ante records computed in bulk at the end; docs/guide/dashboards.md): SQLite at
var/bench/dashboard.sqlite3, PostgreSQL database ``fourpermille_bench`` on 127.0.0.1:5432 (created if
missing; BENCH_POSTGRES_URL overrides). A project left without a current ex-ante record (a database generated
by an older version) is computed before serving, and the count is printed.

Then gunicorn (production settings, ``--workers`` sync workers, the database cache of production) serves the
platform on a free port of 127.0.0.1 and every dashboard page and API call is requested over HTTP:

- ``first_ms``: the first request to that URL after the server started (the first one overall is also printed
  as its own line): no page may do one-off work such as computing estimates;
- cold (``value`` = median, ``p95_ms``): the dashboards' data version raised before each request as any change
  to the data raises it (``services.cache.bump``: then, as in production, the public unfiltered figures are
  recomputed by the writer, outside the timed request, ``services.precompute``); every other figure is
  recomputed in the database by the request;
- uncached (``uncached_median_ms``, ``uncached_p95_ms``; only for the URLs the writer precomputes): the
  version raised without that precompute, so the request computes every figure itself (what the page costs
  without it, e.g. with a per-process cache);
- warm: repeated requests answered from the versioned cache;
- ``cold_server_cpu_ms`` / ``warm_server_cpu_ms``: CPU time the gunicorn workers spent per request (with
  SQLite the queries' too; with PostgreSQL not the database server's): on a loaded shared machine the wall
  times stretch by the load, this does not.

Targets (issue 17): cold median < 300 ms and p95 < 1 s per URL ("ok"). Each line carries the machine's load
average (1 min) before and after, and the number of CPUs. A backend that cannot be reached prints a line with
"skipped" and the reason.

    make bench                               # every benchmark
    python -m benchmarks bench_dashboard     # this one, both databases
    python -m benchmarks.bench_dashboard --backend sqlite --repeat 20
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/big python -m benchmarks.bench_dashboard \\
        --backend postgresql --projects 100000 --sites 500000 --measurements 10000000
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "dashboard.sqlite3"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fourpermille_bench")
REPEAT = 20
WORKERS = 2
TARGET_MEDIAN_MS = 300.0
TARGET_P95_MS = 1000.0
VOLUME = {"projects": 10_000, "sites": 50_000, "measurements": 1_000_000}
HOST = "127.0.0.1"
#: The environment of the benchmark process and of gunicorn (production settings over plain HTTP).
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "fourpermille.web.settings.production",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-any-deployment-0123456789",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "false",
}


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

    published = Project.objects.filter(status=ProjectStatus.PUBLISHED, title__endswith="(bench)")
    project = (
        published.filter(ex_ante__status="ok").order_by("pk").first() or published.order_by("pk").first()
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
        ("/dashboard/soc/?region=africa&land_use=soil_cover&metric=change", None),
        ("/api/dashboard/monitoring/site-map/", None),
        ("/api/dashboard/monitoring/site-map/?region=africa&land_use=soil_cover", None),
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


def _secretariat_cookie() -> str:
    """A session of the benchmark's secretariat user, stored in the database the server reads."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from fourpermille.web.core import roles

    user, _created = get_user_model().objects.get_or_create(username="bench-secretariat")
    user.groups.add(Group.objects.get(name=roles.SECRETARIAT))
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, workers: int):
    """gunicorn serving the platform on a free port; yields (port, description, master's pid)."""
    import gunicorn as gunicorn_package

    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "fourpermille.web.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--preload",
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sys.stderr, stderr=sys.stderr)
    try:
        deadline = time.monotonic() + 120
        while True:  # listening (a TCP connect only: the first HTTP request is measured)
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with code {server.returncode}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start listening within 120 s")
            time.sleep(0.2)
        yield port, f"gunicorn {gunicorn_package.__version__}, {workers} sync workers", server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(port: int, url: str, cookie: str | None) -> tuple[float, int, int]:
    """(milliseconds, status, bytes) of one GET over a new connection."""
    headers = {"Host": HOST, "Accept-Language": "en"}
    if cookie:
        headers["Cookie"] = cookie
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def server_cpu_s(pid: int) -> float:
    """CPU time [s] used so far by gunicorn's workers (the request handling; on SQLite the queries too,
    on PostgreSQL not the database server's share): a figure the machine's load does not inflate."""
    import psutil

    total = 0.0
    for child in psutil.Process(pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            times = child.cpu_times()
            total += times.user + times.system
    return total


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def raise_version(precompute: bool) -> None:
    """``services.cache.bump`` (an older checkout's, without the precompute, for a baseline run)."""
    from fourpermille.web.dashboard.services.cache import bump

    try:
        bump(precompute=precompute)
    except TypeError:
        bump()


def precomputed(url: str, who: str | None) -> bool:
    """Whether a change's precompute covers ``url`` (public, unfiltered progress and monitoring figures)."""
    path, _sep, query = url.partition("?")
    pages = ("/dashboard/", "/dashboard/soc/")
    apis = ("/api/dashboard/progress/", "/api/dashboard/monitoring/")
    return who is None and not query and (path in pages or path.startswith(apis))


def run_backend(backend: str, repeat: int, volume: dict, workers: int) -> None:
    """In this process: set up Django on ``backend``, generate the volume if needed, serve, time requests."""
    database_url = f"sqlite:///{SQLITE_PATH}" if backend == "sqlite" else POSTGRES_URL
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": database_url}
    if backend == "sqlite":
        env["FOURPERMILLE_ALLOW_SQLITE"] = "1"  # production settings refuse SQLite unless told
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from fourpermille.web.dashboard.services.cache import bump
    from fourpermille.web.estimates import services as estimates

    base = {"bench": "dashboard", "backend": backend, **volume, "cpus": os.cpu_count()}
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # progress bars and messages, not JSON lines
        call_command("generate_dashboard_data", create_database=True, if_empty=True, **volume)
        call_command("createcachetable")
    generate_s = time.perf_counter() - t0
    print(
        json.dumps({**base, "figure": "generate_or_check_volume", "value": round(generate_s, 1), "unit": "s"})
    )
    t0 = time.perf_counter()
    rebuilt = estimates.compute_ex_ante_many(estimates.stale_projects())
    print(
        json.dumps(
            {
                **base,
                "figure": "ex_ante_records_computed_before_serving",
                "value": rebuilt,
                "unit": "projects",
                "seconds": round(time.perf_counter() - t0, 1),
            }
        ),
        flush=True,
    )
    cookies = {None: None, "bench-secretariat": _secretariat_cookie()}
    targets = urls()
    worst = {"median": 0.0, "p95": 0.0, "first": 0.0}
    load_before = _load()
    with gunicorn(env, workers) as (port, server, pid):
        base["server"] = server
        for index, (url, who) in enumerate(targets):
            cookie = cookies[who]
            bump()
            first, status, _size = get(port, url, cookie)
            if status != 200:
                raise SystemExit(f"{backend} GET {url}: HTTP {status}")
            if index == 0:
                print(
                    json.dumps(
                        {
                            **base,
                            "figure": f"first request after start: GET {url}",
                            "value": round(first, 1),
                            "unit": "ms",
                        }
                    ),
                    flush=True,
                )
            figures = {}
            cpu = {}
            load = _load()
            # cold: the data version raised before each request as a change raises it (the writer then
            # precomputes the public unfiltered figures); uncached: raised without that precompute, so the
            # request computes everything; warm: repeated requests answered from the versioned cache
            modes = [("cold", max(5, repeat // 2))]
            if precomputed(url, who):
                modes.append(("uncached", max(5, repeat // 2)))
            for mode, n in (*modes, ("warm", repeat)):
                times = []
                cpu_start = server_cpu_s(pid)
                for _i in range(n):
                    if mode != "warm":
                        raise_version(precompute=mode == "cold")
                    elapsed, status, size = get(port, url, cookie)
                    if status != 200:
                        raise SystemExit(f"{backend} GET {url}: HTTP {status}")
                    times.append(elapsed)
                figures[mode] = (statistics.median(times), percentile(times, 95))
                cpu[mode] = (server_cpu_s(pid) - cpu_start) / n * 1000
            (cold_median, cold_p95), (median, p95) = figures["cold"], figures["warm"]
            uncached = {}
            if "uncached" in figures:
                uncached = {
                    "uncached_median_ms": round(figures["uncached"][0], 1),
                    "uncached_p95_ms": round(figures["uncached"][1], 1),
                    "uncached_server_cpu_ms": round(cpu["uncached"], 1),
                }
            worst = {
                "median": max(worst["median"], cold_median),
                "p95": max(worst["p95"], cold_p95),
                "first": max(worst["first"], first),
            }
            record = {
                **base,
                "figure": f"GET {url}" + (f" as {who}" if who else ""),
                "value": round(cold_median, 1),
                "unit": "ms median (cold)",
                "p95_ms": round(cold_p95, 1),
                "first_ms": round(first, 1),
                "warm_median_ms": round(median, 1),
                "warm_p95_ms": round(p95, 1),
                "cold_server_cpu_ms": round(cpu["cold"], 1),
                "warm_server_cpu_ms": round(cpu["warm"], 1),
                **uncached,
                "bytes": size,
                "load_before": load,
                "load_after": _load(),
                "ok": cold_median < TARGET_MEDIAN_MS and cold_p95 < TARGET_P95_MS,
            }
            print(json.dumps(record), flush=True)
    summary = {
        **base,
        "figure": "worst_cold_median_and_p95",
        "value": round(worst["median"], 1),
        "unit": "ms median",
        "p95_ms": round(worst["p95"], 1),
        "worst_first_ms": round(worst["first"], 1),
        "load_before": load_before,
        "load_after": _load(),
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
    parser.add_argument("--workers", type=int, default=WORKERS)
    for key, value in VOLUME.items():
        parser.add_argument(f"--{key}", type=int, default=value)
    args = parser.parse_args()
    if args.backend:
        volume = {key: getattr(args, key) for key in VOLUME}
        run_backend(args.backend, args.repeat, volume, args.workers)
    else:
        main(repeat=args.repeat)
