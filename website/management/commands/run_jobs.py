"""The portal's periodic jobs, in one long-running process (compose.yaml's ``jobs`` service):

    python manage.py run_jobs            # forever; each job at its own period
    python manage.py run_jobs --once     # every job once, then exit 1 if any failed (cron)

A job that fails (an exception, a CommandError, an exit status) is logged with its traceback
and the loop goes on: the next job runs, and the failed one runs again at its next turn.
Jobs never overlap: they run one after another in this process, a job that overruns delays
the next instead of starting beside it, and a second ``run_jobs`` (another server, a manual
run) skips a job another process is running, through a lock in the shared cache. SIGTERM
(``docker compose stop``) lets the current job finish, then ends the loop.
"""

import logging
import os
import signal
import threading
import time
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

logger = logging.getLogger("portal.jobs")

# (command, seconds between runs). refresh_widgets keeps the sidebar's weather, exchange rates
# and visitor counts fresh (it honours each provider's own rate limit); the others are
# housekeeping: the trash's 30 days, expired sessions.
JOBS = [
    ("refresh_widgets", 300),
    ("purge_trash", 3600),
    ("clearsessions", 86400),
]
TICK_SECONDS = 15


class Command(BaseCommand):
    help = "Chạy các tác vụ định kỳ của cổng thông tin (tiện ích bên lề, thùng rác, phiên đăng nhập)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then exit.")
        parser.add_argument(
            "--heartbeat",
            default=os.environ.get("PORTAL_JOBS_HEARTBEAT", ""),
            help="A file touched on every turn of the loop, for a health check.",
        )

    def handle(self, *args, once, heartbeat, **options):
        stopping = threading.Event()
        if once:
            failed = [name for name, _ in JOBS if not run(name)]
            if failed:
                raise SystemExit(1)
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.set())
        loop(stopping, heartbeat=heartbeat)


def loop(stopping: threading.Event, jobs=None, tick: float = TICK_SECONDS, heartbeat: str = "") -> None:
    """Run each job when its period has passed since it last started, until ``stopping``.
    Touches ``heartbeat`` (a file) on every turn: the container's health check reads its age."""
    jobs = jobs or JOBS
    last_start = dict.fromkeys((name for name, _ in jobs), float("-inf"))
    while not stopping.is_set():
        if heartbeat:
            Path(heartbeat).touch()
        for name, period in jobs:
            if stopping.is_set():
                break
            if time.monotonic() - last_start[name] >= period:
                last_start[name] = time.monotonic()
                run(name)
        stopping.wait(tick)
    logger.info("Jobs stopped")


def run(name: str) -> bool:
    """One job; False if it failed or another process holds its lock (logged either way)."""
    lock = f"portal:jobs:{name}"
    if not cache.add(lock, "running", timeout=3600):
        logger.warning("Job %s skipped: another process is running it", name)
        return True
    started = time.monotonic()
    try:
        call_command(name, verbosity=0)
    except CommandError as exc:  # the command said what failed: no traceback needed
        logger.error("Job %s failed after %.1f s: %s", name, time.monotonic() - started, exc)
        return False
    except (Exception, SystemExit):
        logger.exception("Job %s failed after %.1f s", name, time.monotonic() - started)
        return False
    else:
        logger.info("Job %s done in %.1f s", name, time.monotonic() - started)
        return True
    finally:
        cache.delete(lock)
        # A fresh connection for the next job: one kept for minutes may have outlived a
        # database restart.
        connections.close_all()
