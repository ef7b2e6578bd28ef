#!/usr/bin/env python
"""Where a page's time goes: render it in-process and print pyinstrument's call tree.

    .venv/bin/python scripts/profile_page.py /tin-tuc/ [--requests 100] [--cold]

Uses DATABASE_URL as it is (read only: it only reads pages; point it at the benchmark's
database, e.g. postgres://postgres@127.0.0.1:5432/halong_bench) and REDIS_URL if set. The
page cache is off (PORTAL_PAGE_CACHE=0); remembered fragments stay on unless ``--cold``, which
starts a new content version before each request (a first reading after a change).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--cold", action="store_true", help="a new content version before each request")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halong_portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only")
    os.environ.update(
        PORTAL_PAGE_CACHE="0", WIDGETS_BACKGROUND_REFRESH="0", DJANGO_ALLOWED_HOSTS="testserver"
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from portal import freshness

    # Plain static URLs: no collectstatic needed for rendering.
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")

    def read():
        if args.cold:
            freshness.content_changed()
        return client.get(args.path)

    read()
    with CaptureQueriesContext(connection) as queries:
        response = read()
    query_count = len(queries)  # now: a new connection forgets the log
    times = []
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.requests):
            started = time.perf_counter()
            read()
            times.append(time.perf_counter() - started)
    print(f"{args.path}: {response.status_code}, {len(response.content):,} bytes, {query_count} queries")
    print(
        f"median {statistics.median(times) * 1000:.1f} ms over {args.requests} requests (under the profiler)"
    )
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
