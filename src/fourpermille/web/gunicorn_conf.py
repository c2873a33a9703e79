"""gunicorn settings of the platform::

    gunicorn -c python:fourpermille.web.gunicorn_conf fourpermille.web.wsgi

Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS). Requests are logged by the platform itself (JSON lines,
``fourpermille.web.ops.logs``), so gunicorn's access log is off; its own messages go to standard error.
"""

from __future__ import annotations

import os


def _env(name: str, default):
    """The variable's value, or ``default`` when it is unset or empty (docker-compose passes empties)."""
    return os.environ.get(name) or default


#: Address to listen on: the proxy (or docker-compose's port mapping) forwards here.
bind = _env("GUNICORN_BIND", "0.0.0.0:8000")
#: Worker processes: 2 per core plus one (gunicorn's rule of thumb) unless told.
workers = int(_env("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
#: Threads per worker: a page waiting on the database does not hold a whole process.
threads = int(_env("GUNICORN_THREADS", 4))
worker_class = "gthread"
#: A request running longer than this [s] is aborted and its worker restarted.
timeout = int(_env("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
#: Workers are replaced after this many requests (with jitter), bounding any slow memory growth.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
accesslog = None
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
#: The proxy in front sets X-Forwarded-Proto; trust it from these addresses only.
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Load the application once in the master, then fork: faster start, shared memory.
preload_app = True
