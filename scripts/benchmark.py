#!/usr/bin/env python
"""Benchmark: how fast demo content is built and how fast the public pages render.

    .venv/bin/python scripts/benchmark.py [--articles 100000] [--requests 200]

Uses DATABASE_URL when set (PostgreSQL, as in production), otherwise a throwaway SQLite
file. On PostgreSQL the benchmark runs in the test database beside the one named (test_<name>,
dropped and recreated, dropped again at the end: scripts/scratch.py), never in that database
itself. Pages are rendered in-process through Django's test client (no network, no gunicorn),
so the figures are the application's own cost per request.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--meetings", type=int, default=400, help="demo meetings")
    args = parser.parse_args()

    # The demo app (PORTAL_DEMO) has `seed_demo`.
    scratch.configure("portal-bench-", DJANGO_ALLOWED_HOSTS="testserver", PORTAL_DEMO="1")
    use_plain_cache_and_static()
    with scratch.scratch_database(migrate=False) as db:
        print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        migrate_and_seed(args.articles, args.meetings)
        link_and_recognise(args.articles)
        render_pages(pages_to_render(), args.requests)


def use_plain_cache_and_static() -> None:
    """A cache in memory, and plain static URLs (no collectstatic here, so no hashed manifest)."""
    from django.conf import settings

    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def migrate_and_seed(articles: int, meetings: int) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started

    started = time.perf_counter()
    call_command(
        "seed_demo",
        articles=articles,
        meetings=meetings,
        seed=2026,
        verbosity=0,
        stdout=io.StringIO(),
    )
    seed_s = time.perf_counter() - started
    print(
        f"migrate: {migrate_s:.1f}s; seed_demo --articles {articles} --meetings {meetings}: "
        f"{seed_s:.1f}s ({articles / seed_s:,.0f} articles/s)"
    )


def link_and_recognise(articles: int) -> None:
    """Times linking every record, then the recogniser alone on a 20 KB article."""
    from meetings.linking import relink_all
    from meetings.references import find_references
    from news.models import Article

    started = time.perf_counter()
    references, mentions = relink_all()
    relink_s = time.perf_counter() - started
    print(
        f"link_records: {relink_s:.1f}s ({articles / relink_s:,.0f} articles/s; "
        f"{references} references, {mentions} mentions)"
    )
    sample = Article.objects.public().newest().first()
    legacy = ROOT.parent / "shared" / "legacy-export" / "000_f064a78d701348d9.txt"
    text = legacy.read_text(encoding="utf-8") if legacy.exists() else sample.body
    text = (text * (20_000 // len(text) + 1))[:20_000]
    started = time.perf_counter()
    for _ in range(200):
        find_references(text)
    print(f"recogniser: {(time.perf_counter() - started) / 200 * 1000:.2f} ms per 20 KB article")


def pages_to_render() -> dict[str, str]:
    """The public pages measured, by label."""
    from meetings.models import Document, Meeting, Official
    from news.models import Article, Category
    from portal.paging import PAGE_SIZE

    category = Category.objects.filter(show_on_home=True).first()
    in_category = Article.objects.public().filter(category_id__in=category.subtree_ids()).count()
    last_page = max(1, -(-in_category // PAGE_SIZE))
    article = Article.objects.public().newest().first()
    return {
        "home /": "/",
        "category (page 1)": category.get_absolute_url(),
        f"category (page {last_page})": f"{category.get_absolute_url()}?trang={last_page}",
        "article": article.get_absolute_url(),
        "meetings /hoi-nghi/": "/hoi-nghi/",
        "meeting (photos)": Meeting.objects.filter(photos__isnull=False).first().get_absolute_url(),
        "schedule /lich-cong-tac/": "/lich-cong-tac/",
        "calendar lich.ics": "/lich-cong-tac/lich.ics",
        "leadership /lanh-dao/": "/lanh-dao/",
        "official": Official.objects.get(full_name="Nguyễn Văn Hải").get_absolute_url(),
        "documents /van-ban/": "/van-ban/",
        "documents ?q=21/NQ-TU": "/van-ban/?q=21/NQ-TU",
        "document 21-NQ/TU": Document.objects.get(kind="NQ", number=21).get_absolute_url(),
        "photo library": "/thu-vien-anh/",
        "English page /en/…": "/en/structure-and-contacts/",
        # Search: a common phrase (thousands of matches), the same as one type, newest or
        # most relevant first, a deep page, several words, filters, and a word found nowhere.
        "search 'hội nghị'": "/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B",
        "search articles": "/tim-kiem/?q=hoi+nghi&loai=tin-tuc",
        "search relevant first": "/tim-kiem/?q=hoi+nghi&loai=tin-tuc&sap-xep=lien-quan",
        "search page 50": "/tim-kiem/?q=hoi+nghi&loai=tin-tuc&trang=50",
        "search 4 words": "/tim-kiem/?q=%C4%90%E1%BA%A3ng+%E1%BB%A7y+H%E1%BB%93ng+Gai",
        "search filtered": (
            f"/tim-kiem/?q=chuyen+doi+so&loai=tin-tuc&chuyen-muc={category.slug}&tu=01/01/2025&den=31/12/2026"
        ),
        "search no match": "/tim-kiem/?q=zzzxq",
        "search doc number": "/tim-kiem/?q=21-NQ%2FTU",
    }


def render_pages(pages: dict[str, str], requests: int) -> None:
    """One line a page: its queries, then the median and p95 of ``requests`` renderings."""
    from django.test import Client

    client = Client()
    print(f"{'page':<26}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>8}")
    for label, url in pages.items():
        queries, timings = measure(client, url, requests)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:<26}{queries:>8}{statistics.median(timings):>11.1f}{p95:>9.1f}"
            f"{1000 / statistics.mean(timings):>8.0f}"
        )


def measure(client, url: str, requests: int) -> tuple[int, list[float]]:
    """The queries of one warm rendering of ``url``, and ``requests`` timings (ms), sorted."""
    from django.db import connection

    client.get(url)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return len(queries), timings


if __name__ == "__main__":
    main()
