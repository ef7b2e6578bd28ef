"""Redis stopped and started again under load: pages keep coming (the cache misses, the
counters fall back to the database), and after the counts are flushed, every page served
is one visit and every article served one view: none lost, none twice."""

import time

import pytest

from .conftest import counts, portal_on_redis, reader_paths, report
from .load import Readers

pytestmark = pytest.mark.faults


def test_a_redis_outage_under_load_loses_no_page_and_no_count(cluster, redis_server, portal_factory, capsys):
    portal = portal_on_redis(portal_factory, cluster, redis_server, cache_db=0)
    paths, articles = reader_paths(cluster.url)
    visits_before, views_before = counts(cluster.url)

    with Readers(portal.port, paths, connections=8) as readers:
        time.sleep(3)
        stopped_at = time.monotonic() - readers.started
        redis_server.stop()
        time.sleep(4)
        redis_server.start()
        back_at = time.monotonic() - readers.started
        time.sleep(4)
    portal.stop()  # the workers send what they keep as they exit
    portal.manage("refresh_widgets", "--only", "visitors")

    answered = [answer for answer in readers.answers if answer.status == 200]
    assert len(answered) == len(readers.answers), {a.status for a in readers.answers}
    assert readers.since(stopped_at, back_at), "no page was asked for during the outage"
    visits_after, views_after = counts(cluster.url)
    assert visits_after - visits_before == len(answered)
    served = dict.fromkeys(articles.values(), 0)
    for answer in answered:
        if answer.path in articles:
            served[articles[answer.path]] += 1
    counted = {slug: views_after[slug] - views_before[slug] for slug in served}
    assert counted == served

    report(
        "redis-outage",
        {
            "requests": len(readers.answers),
            "during_outage": len(readers.since(stopped_at, back_at)),
            "errors": len(readers.answers) - len(answered),
            "visits_counted": visits_after - visits_before,
            "article_views_counted": sum(counted.values()),
            "lost_or_doubled": sum(abs(counted[slug] - served[slug]) for slug in served),
        },
        capsys,
    )
