"""The platform under load, for real: gunicorn with the production settings, on loopback, driven by 50
concurrent clients for 60 s (issue 12). Each client loops: a page (home, projects, a project, members,
dashboards), an API read (lists, figures, dashboard charts), a static file, or, 7 % of the time, a soil
measurement upload (an editor's token, a CSV of 4-12 profiles). Figures, per kind of request: the number
answered, the median and the 95th percentile of the response time [ms], and the server errors (5xx or
no answer). Then the database is checked: every upload answered 201 is stored, and none lacks its
dashboard summary. Machine load (1-minute load average, cores) is printed before and after: other work
on the machine slows every figure down.

Each backend starts from an empty database: migrate, the demo data (``load_demo``), collectstatic.
SQLite: a file under var/bench/load-sqlite/ (FOURPERMILLE_ALLOW_SQLITE=1). PostgreSQL: the database
``fourpermille_load`` on 127.0.0.1:5432 (dropped and created again; BENCH_LOAD_POSTGRES_URL overrides);
a server that cannot be reached prints a line with "skipped".

    make bench                                 # every benchmark
    python -m benchmarks bench_load            # this one, both databases
    python -m benchmarks.bench_load --backend sqlite --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
POSTGRES_URL = os.environ.get(
    "BENCH_LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/fourpermille_load"
)
CLIENTS = 50
SECONDS = 60.0
UPLOAD_SHARE = 0.07
STATIC_SHARE = 0.08
PAGE_SHARE = 0.40  # the rest: API reads
DEMO_PASSWORD = "fourpermille-demo"
EDITORS = ["demo-editor-1", "demo-editor-2", "demo-editor-3", "demo-editor-4"]
REQUEST_TIMEOUT_S = 60.0


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default method) of ``values`` for q in [0, 100]."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def emit(**fields) -> None:
    print(json.dumps({"bench": "load", **fields}), flush=True)


def machine() -> dict:
    return {"load_1min": round(os.getloadavg()[0], 2), "cores": os.cpu_count()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def platform_env(backend: str, var: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        PYTHONPATH=str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", ""),
        DJANGO_SETTINGS_MODULE="fourpermille.web.settings.production",
        DJANGO_SECRET_KEY="bench-load-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
        DJANGO_SECURE_COOKIES="0",
        FOURPERMILLE_VAR=str(var),
        FOURPERMILLE_REQUEST_LOG_LEVEL="WARNING",  # one line per request would fill the terminal
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    if backend == "sqlite":
        env.update(DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}", FOURPERMILLE_ALLOW_SQLITE="1")
    else:
        env.update(DATABASE_URL=POSTGRES_URL)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "fourpermille.web", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_postgres() -> str | None:
    """Drop and create the benchmark database; the reason when the server cannot be reached."""
    import psycopg

    url = urlparse(POSTGRES_URL)
    name = url.path.lstrip("/")
    try:
        with psycopg.connect(POSTGRES_URL.replace(f"/{name}", "/postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


SETUP = """
import json
from fourpermille.web.projects.models import Project, Site
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.core import roles
from django.contrib.auth import get_user_model
out = {"editors": {}, "uploads": MeasurementUpload.objects.count()}
for name in %r:
    user = get_user_model().objects.get(username=name)
    org = roles.editor_organisation_id(user)
    sites = Site.objects.filter(project__organisation_id=org)
    out["editors"][name] = list(sites.values_list("pk", flat=True))
out["projects"] = list(Project.objects.filter(status="published").values_list("pk", flat=True)[:10])
out["sites"] = list(Site.objects.filter(project__status="published").values_list("pk", flat=True)[:10])
print(json.dumps(out))
"""

CHECK = """
import json
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.dashboard.signals import missing_summaries
uploads, sites = missing_summaries()
print(json.dumps({"uploads": MeasurementUpload.objects.count(), "missing_upload_summaries": len(uploads),
                  "missing_site_summaries": len(sites)}))
"""


def prepare(backend: str, var: Path) -> tuple[dict, dict]:
    """An empty database of ``backend`` with the demo data; (its environment, what the clients use)."""
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = platform_env(backend, var, 0)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v0")
    world = json.loads(
        manage(env, "shell", "--no-imports", "-c", SETUP % (EDITORS,)).strip().splitlines()[-1]
    )
    return env, world


class Client(threading.Thread):
    """One user: a keep-alive connection, requests one after another until the deadline."""

    def __init__(self, number: int, port: int, plan: dict, deadline: float, results: list):
        super().__init__(daemon=True)
        self.random = random.Random(number)
        self.port = port
        self.plan = plan
        self.deadline = deadline
        self.results = results
        self.connection = None
        self.editor = EDITORS[number % len(EDITORS)]

    def connect(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)

    def request(self, kind: str, method: str, path: str, body: bytes | None = None, headers=None):
        if self.connection is None:
            self.connect()
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
        except (OSError, http.client.HTTPException) as exc:
            status = f"no answer: {type(exc).__name__}"
            self.connection.close()
            self.connection = None
        self.results.append((kind, status, (time.perf_counter() - start) * 1000, path))

    def upload(self):
        sites = self.plan["editors"][self.editor]
        site = self.random.choice(sites)
        rows = ["profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3"]
        for p in range(self.random.randint(4, 12)):
            rows.append(f"L{p},0,30,{self.random.uniform(8, 30):.2f},{self.random.uniform(1.0, 1.5):.2f}")
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="load.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n" + "\n".join(rows) + f"\n\r\n--{boundary}\r\n"
            f'Content-Disposition: form-data; name="sampled_on"\r\n\r\n2026-03-01\r\n--{boundary}--\r\n'
        ).encode()
        headers = {
            "Authorization": f"Token {self.plan['tokens'][self.editor]}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        self.request("upload", "POST", f"/api/sites/{site}/measurements/", body, headers)

    def run(self):
        pages = ["/", "/projects/", "/organisations/", "/dashboard/", "/dashboard/soc/", "/resources/"]
        pages += [f"/projects/{pk}/" for pk in self.plan["projects"][:3]]
        api = ["/api/projects/", "/api/organisations/", "/api/figures/", "/api/practices/"]
        api += ["/api/dashboard/progress/summary/", "/api/dashboard/monitoring/site-map/"]
        api += [f"/api/dashboard/sites/{pk}/series/" for pk in self.plan["sites"][:3]]
        statics = self.plan["static"]
        while time.perf_counter() < self.deadline:
            draw = self.random.random()
            if draw < UPLOAD_SHARE:
                self.upload()
            elif draw < UPLOAD_SHARE + STATIC_SHARE:
                self.request("static", "GET", self.random.choice(statics))
            elif draw < UPLOAD_SHARE + STATIC_SHARE + PAGE_SHARE:
                self.request("page", "GET", self.random.choice(pages))
            else:
                self.request("api", "GET", self.random.choice(api))


def tokens(port: int) -> dict[str, str]:
    out = {}
    for name in EDITORS:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = json.dumps({"username": name, "password": DEMO_PASSWORD})
        connection.request("POST", "/api/token/", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        out[name] = json.loads(response.read())["token"]
        connection.close()
    return out


def static_paths(var: Path) -> list[str]:
    root = var / "static"
    files = sorted(p for p in root.rglob("*") if p.suffix in {".css", ".js"} and not p.name.endswith(".gz"))
    return ["/static/" + str(p.relative_to(root)) for p in files[:6]]


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/figures/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 120 s")


def run_backend(backend: str, clients: int, seconds: float, workers: int | None) -> None:
    if backend == "postgres":
        reason = fresh_postgres()
        if reason:
            emit(backend=backend, skipped=reason)
            return
    var = VAR / f"load-{backend}"
    env, plan = prepare(backend, var)
    port = free_port()
    env = platform_env(backend, var, port)
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    log = open(var / "gunicorn.log", "w")  # noqa: SIM115  (closed below)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:fourpermille.web.gunicorn_conf",
            "fourpermille.web.wsgi",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(port, server)
        plan.update(tokens=tokens(port), static=static_paths(var))
        before = machine()
        results: list = []
        deadline = time.perf_counter() + seconds
        threads = [Client(n, port, plan, deadline, results) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + REQUEST_TIMEOUT_S + 30)
        elapsed = time.perf_counter() - started
        after = machine()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
        log.close()
    check = json.loads(manage(env, "shell", "--no-imports", "-c", CHECK).strip().splitlines()[-1])
    report(backend, results, elapsed, clients, before, after, plan, check, var)


def report(backend, results, elapsed, clients, before, after, plan, check, var) -> None:
    by_kind = defaultdict(list)
    for kind, status, ms, _path in results:
        by_kind[kind].append((status, ms))
    server_errors = 0
    for kind in ("page", "api", "static", "upload"):
        entries = by_kind.get(kind, [])
        times = [ms for _s, ms in entries]
        errors = sum(1 for s, _ms in entries if not isinstance(s, int) or s >= 500)
        server_errors += errors
        statuses = defaultdict(int)
        for s, _ms in entries:
            statuses[str(s)] += 1
        emit(
            backend=backend,
            kind=kind,
            requests=len(entries),
            median_ms=round(statistics.median(times), 1) if times else None,
            p95_ms=round(percentile(times, 95), 1) if times else None,
            server_errors=errors,
            statuses=dict(sorted(statuses.items())),
        )
    created = sum(1 for kind, status, _ms, _p in results if kind == "upload" and status == 201)
    stored = check["uploads"] - plan["uploads"]
    emit(
        backend=backend,
        kind="all",
        clients=clients,
        seconds=round(elapsed, 1),
        requests=len(results),
        requests_per_s=round(len(results) / elapsed, 1),
        server_errors=server_errors,
        uploads_answered_201=created,
        uploads_stored=stored,
        uploads_without_summary=check["missing_upload_summaries"],
        sites_without_summary=check["missing_site_summaries"],
        load_before=before,
        load_after=after,
        ok=server_errors == 0 and created == stored and check["missing_upload_summaries"] == 0,
        log=str(var / "gunicorn.log"),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config)")
    args = parser.parse_args(argv or [])
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        run_backend(backend, args.clients, args.seconds, args.workers)


if __name__ == "__main__":
    main(sys.argv[1:])
