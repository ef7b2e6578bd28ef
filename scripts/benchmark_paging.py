#!/usr/bin/env python
"""Benchmark: the first, a middle and the last page of the longest lists, on an existing
database that it only reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halong_bench DJANGO_SECRET_KEY=… \\
        .venv/bin/python scripts/benchmark_paging.py [--requests 30]

On PostgreSQL every transaction is read-only (PGOPTIONS); nothing here writes on SQLite
either: the cache is in memory, the sidebar never fetches and the test client sends no user
agent, so no view is counted. Each page is timed warm (its paging anchors cached) and cold,
just after ``content_changed()``, as the first reader after an edit finds it. Pages are
rendered in-process with Django's test client.
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
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page and state")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halong_portal.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["PGOPTIONS"] = "-c default_transaction_read_only=on"
    import django

    django.setup()
    from django.conf import settings

    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.WIDGETS_BACKGROUND_REFRESH = False
    print(f"database: {settings.DATABASES['default']['NAME']}")
    from portal import freshness

    # The version begins before the first page (on a server the page cache reads it first).
    freshness.content_version()
    print(f"{'page':<34}{'queries warm/cold':>18}{'warm ms':>9}{'cold ms':>9}")
    for label, url in lists_to_page():
        warm_queries, cold_queries, warm, cold = measure(url, args.requests)
        print(f"{label:<34}{f'{warm_queries}/{cold_queries}':>18}{warm:>9.1f}{cold:>9.1f}")


def lists_to_page() -> list[tuple[str, str]]:
    """(label, URL) of page 1, the middle and the last page of the longest lists."""
    from django.db.models import Count

    from meetings.models import Document
    from news.models import Article, Category, Tag
    from portal.paging import PAGE_SIZE

    public = Article.objects.public()
    counted = sorted(
        ((public.filter(category_id__in=c.subtree_ids()).count(), c) for c in Category.objects.all()),
        key=lambda pair: pair[0],
    )
    tag = Tag.objects.annotate(n=Count("articles")).order_by("-n").first()
    years = public.newest().values_list("published_at__year", flat=True)
    year = (years[PAGE_SIZE * 50 : PAGE_SIZE * 50 + 1] or years[:1] or [2026])[0]  # a year of many pages
    in_year = public.filter(published_at__year=year).count()  # UTC years: the middle is near enough
    lists = [
        ("/tin-tuc/", "/tin-tuc/", public.count()),
        (counted[-1][1].slug, counted[-1][1].get_absolute_url(), counted[-1][0]),
        (counted[0][1].slug, counted[0][1].get_absolute_url(), counted[0][0]),
        (f"tag {tag.slug}", tag.get_absolute_url(), tag.n),
        (f"archive {year}", f"/tin-tuc/luu-tru/{year}/", in_year),
        ("/van-ban/", "/van-ban/", Document.objects.public().count()),
    ]
    pages = []
    for label, url, count in lists:
        middle = max(-(-count // PAGE_SIZE) // 2, 1)
        pages += [
            (f"{label} p1", url),
            (f"{label} p{middle}", f"{url}?trang={middle}"),
            (f"{label} last", f"{url}?trang=last"),
        ]
    return pages


def measure(url: str, requests: int) -> tuple[int, int, float, float]:
    """The queries of a warm and of a cold rendering, the median warm and cold times (ms)."""
    from django.test import Client

    from portal import freshness

    client = Client()
    assert client.get(url).status_code == 200, url
    warm_queries = _queries(client, url)
    freshness.content_changed()
    cold_queries = _queries(client, url)
    warm, cold = [], []
    for _ in range(requests):
        warm.append(_timed(client, url))
    for _ in range(requests):
        freshness.content_changed()
        cold.append(_timed(client, url))
    return warm_queries, cold_queries, statistics.median(warm), statistics.median(cold)


def _queries(client, url: str) -> int:
    """The queries of one rendering (request_started empties connection.queries: they are
    counted as they run)."""
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(args[0]) or execute(*args)):
        client.get(url)
    return len(queries)


def _timed(client, url: str) -> float:
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
