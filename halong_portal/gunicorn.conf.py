"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# A worker is replaced after about this many requests (0: never; the HTTP benchmark's memory
# run), a guard against slow leaks (none is known: `make bench` measures a worker's memory
# over 20,000 requests). At the page cache's rate a lower number would restart workers every
# few seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# The application is loaded once in the master and the workers are forked from it: a worker
# replaced after max_requests starts in milliseconds instead of importing Django for a
# second of CPU while the other workers take its share (seen as p99 spikes under load), and
# the workers share the loaded code's memory. Code changes need a restart, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
