"""gunicorn settings; every value can be overridden from the environment."""

import atexit
import multiprocessing
import os
import sys

from django.db import connections

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A database statement is cancelled before the worker would be killed for it: the reader
# gets the 503 page instead of a dropped connection (settings.py; commands keep no limit).
os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", str(max(1, timeout - 5)))
graceful_timeout = 20
# A worker is replaced after about this many requests (0: never; the HTTP benchmark's memory
# run), a guard against slow leaks (none is known: `make bench` measures a worker's memory
# over 20,000 requests). At the page cache's rate a lower number would restart workers every
# few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
# Spread widely: two workers forked together and sharing the load evenly would otherwise
# reach their limits within a second of each other and leave no worker to answer.
max_requests_jitter = max_requests // 2
# The application is loaded once in the master and the workers are forked from it: a worker
# replaced after max_requests starts in milliseconds instead of importing Django for a
# second of CPU while the other workers take its share (seen as p99 spikes under load), and
# the workers share the loaded code's memory. Code changes need a restart, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# With DJANGO_LOG_FORMAT=json the app writes the access log itself, one JSON line per request
# with its id (portal.middleware.RequestLogMiddleware): gunicorn's would say it twice.
# GUNICORN_ACCESS_LOG="" turns it off too.
accesslog = (
    os.environ.get("GUNICORN_ACCESS_LOG", None if os.environ.get("DJANGO_LOG_FORMAT") == "json" else "-")
    or None
)
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def worker_exit(server, worker):
    """A worker that ends cleanly (replaced after max_requests, or stopped) does what is left
    to do at exit (atexit: the visit counter's last views, the log handlers), says goodbye to
    the database, and ends without Python's interpreter teardown, which frees the whole heap
    object by object: 0.3-0.4 s of a core, during which its replacement is not yet forked
    (the same is done by large WSGI deployments: Instagram's "Dismissing Python Garbage
    Collection"). Any other ending (a worker that failed to boot, an error) is left to Python,
    so that the master sees its exit status."""
    ending = sys.exc_info()[1]
    if not (worker.booted and isinstance(ending, SystemExit) and ending.code in (0, None)):
        return
    connections.close_all()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
