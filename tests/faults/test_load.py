"""A bounded load test (30 s, 32 connections, loopback): mixed pages of the seeded portal,
every request from a new reader. Zero server errors, zero counts lost; p50/p99 printed."""

import time

import pytest

from .conftest import counts, portal_on_redis, reader_paths, report
from .load import Readers, percentile

pytestmark = pytest.mark.faults

SECONDS = 30
CONNECTIONS = 32


def test_thirty_seconds_of_32_connections(cluster, redis_server, portal_factory, capsys):
    portal = portal_on_redis(portal_factory, cluster, redis_server, cache_db=2)
    paths, articles = reader_paths(cluster.url)
    visits_before, views_before = counts(cluster.url)
    with Readers(portal.port, paths, connections=CONNECTIONS, timeout=30) as readers:
        time.sleep(SECONDS)
    portal.stop()
    portal.manage("refresh_widgets", "--only", "visitors")

    statuses = {answer.status for answer in readers.answers}
    assert statuses == {200}, statuses
    visits_after, views_after = counts(cluster.url)
    served_articles = sum(1 for answer in readers.answers if answer.path in articles)
    assert visits_after - visits_before == len(readers.answers)
    assert sum(views_after.values()) - sum(views_before.values()) == served_articles

    seconds = [answer.seconds for answer in readers.answers]
    report(
        "load",
        {
            "seconds": SECONDS,
            "connections": CONNECTIONS,
            "requests": len(readers.answers),
            "requests_per_second": round(len(readers.answers) / SECONDS, 1),
            "p50_ms": round(percentile(seconds, 0.50) * 1000, 1),
            "p99_ms": round(percentile(seconds, 0.99) * 1000, 1),
            "max_ms": round(max(seconds) * 1000, 1),
            "server_errors": sum(1 for answer in readers.answers if answer.status >= 500),
            "counts_lost": (len(readers.answers) - (visits_after - visits_before))
            + (served_articles - (sum(views_after.values()) - sum(views_before.values()))),
        },
        capsys,
    )
