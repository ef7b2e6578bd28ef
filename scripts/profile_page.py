#!/usr/bin/env python
"""Where a page's time goes: render it in-process and print pyinstrument's call tree.

    .venv/bin/python scripts/profile_page.py /tin-tuc/ [--requests 100] [--cold]
    .venv/bin/python scripts/profile_page.py --long-tail [--requests 300]

Uses DATABASE_URL as it is (read only: it only reads pages; point it at the benchmark's
database, e.g. postgres://postgres@127.0.0.1:5432/halong_bench) and REDIS_URL if set. The
page cache is off (PORTAL_PAGE_CACHE=0); remembered fragments stay on unless ``--cold``, which
starts a new content version before each request (a first reading after a change).
``--long-tail`` reads a different random public article each time, as the benchmark's long
tail does (every reading a first one).
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
    parser.add_argument("path", nargs="?", help="the page (not with --long-tail)")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--cold", action="store_true", help="a new content version before each request")
    parser.add_argument("--long-tail", action="store_true", help="another random article each time")
    args = parser.parse_args()
    if bool(args.path) == args.long_tail:
        parser.error("give a page's path, or --long-tail")
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

    paths = iter(_random_articles(args.requests + 2) if args.long_tail else [])

    def read():
        if args.cold:
            freshness.content_changed()
        return client.get(next(paths) if args.long_tail else args.path)

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
    page = args.path or "long tail"
    print(f"{page}: {response.status_code}, {len(response.content):,} bytes, {query_count} queries")
    print(
        f"median {statistics.median(times) * 1000:.1f} ms over {args.requests} requests (under the profiler)"
    )
    print(profiler.output_text(unicode=True, color=False))


def _random_articles(count: int) -> list[str]:
    from news.models import Article

    picked = Article.objects.public().select_related("category").only("slug", "category__slug")
    return [article.get_absolute_url() for article in picked.order_by("?")[:count]]


if __name__ == "__main__":
    main()
