"""Nothing is lost under concurrency: 8 processes × 500 page views, exact totals.

Runs on PostgreSQL (SQLite's test database lives in one process's memory) and, where a
Redis server runs, through Redis too. Each process counts 500 distinct readers of one
article and 500 page views of one shared reader: the totals must be exactly 8 × 500 + 1.
"""

import multiprocessing

import pytest
from django.conf import settings
from django.db import connection, connections

from news.models import Article, DailyViews
from news.tests.factories import ArticleFactory
from widgets import counter_redis, counting
from widgets.models import DailyVisits

PROCESSES = 8
VIEWS_EACH = 500

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database several processes can share: run with DATABASE_URL=postgres://…",
    ),
]


def _count(args):
    process, slug, use_redis, buffer_seconds = args
    connections.close_all()  # never reuse the parent's connection in a child
    if not use_redis:
        settings.PORTAL_COUNTER_REDIS_URL = ""
    settings.PORTAL_COUNTER_BUFFER_SECONDS = buffer_seconds
    counter_redis.reset_redis_client()
    for n in range(VIEWS_EACH):
        counting.record(f"reader-{process}-{n}", slug)
        counting.record("the-same-reader", slug)
    counting.send_pending()  # as at a worker's exit (a pool's process leaves by os._exit)
    connections.close_all()
    return process


def _run_processes(slug: str, use_redis: bool, buffer_seconds: float = 0) -> None:
    connections.close_all()
    context = multiprocessing.get_context("fork")
    jobs = [(p, slug, use_redis, buffer_seconds) for p in range(PROCESSES)]
    with context.Pool(PROCESSES) as pool:
        assert sorted(pool.map(_count, jobs)) == list(range(PROCESSES))


def _totals(article) -> tuple[int, int]:
    """(views, visits), after checking that the day's views ("Đọc nhiều") match the total."""
    visits = sum(DailyVisits.objects.values_list("visits", flat=True))
    views = Article.objects.get(pk=article.pk).view_count
    assert sum(DailyViews.objects.filter(article=article).values_list("views", flat=True)) == views
    return views, visits


def test_concurrent_views_are_counted_exactly_in_the_database():
    article = ArticleFactory()
    _run_processes(article.slug, use_redis=False)
    assert _totals(article) == (PROCESSES * VIEWS_EACH + 1, PROCESSES * VIEWS_EACH + 1)


def test_concurrent_views_are_counted_exactly_through_redis(redis_url):
    article = ArticleFactory()
    _run_processes(article.slug, use_redis=True)
    assert _totals(article) == (0, 0)  # still in Redis
    assert counting.flush() == {"visits": PROCESSES * VIEWS_EACH + 1, "views": PROCESSES * VIEWS_EACH + 1}
    assert _totals(article) == (PROCESSES * VIEWS_EACH + 1, PROCESSES * VIEWS_EACH + 1)


def test_views_each_process_sends_in_batches_are_counted_exactly(redis_url):
    """Each process's thread sends what it served every 10 ms while views keep coming."""
    article = ArticleFactory()
    _run_processes(article.slug, use_redis=True, buffer_seconds=0.01)
    assert counting.flush() == {"visits": PROCESSES * VIEWS_EACH + 1, "views": PROCESSES * VIEWS_EACH + 1}
    assert _totals(article) == (PROCESSES * VIEWS_EACH + 1, PROCESSES * VIEWS_EACH + 1)


def _refresh_rates(_):
    from widgets import snapshots

    connections.close_all()
    outcome = snapshots.refresh("rates")
    connections.close_all()
    return outcome


def test_several_servers_refreshing_at_once_ask_vietcombank_once(provider_server):
    """Eight processes (as on several servers) refresh at the same moment: one request goes out."""
    from .conftest import fixture_bytes

    provider_server.body = fixture_bytes("vietcombank.xml")
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        outcomes = pool.map(_refresh_rates, range(PROCESSES))
    assert sorted(outcomes) == ["skipped"] * (PROCESSES - 1) + ["updated"]
    assert len(provider_server.requests) == 1
