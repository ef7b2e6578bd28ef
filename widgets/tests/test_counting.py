"""Visitor statistics and article views: who counts, how often, and where the counts live."""

import datetime
import ipaddress
import logging
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import Article
from news.tests.factories import ArticleFactory
from portal.models import SiteSettings
from widgets import counter_redis, counting
from widgets.models import CountBatch, DailyVisits, ViewMark, VisitorActivity

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile"
)
ZALO = BROWSER + " Zalo android/12100664 ZaloTheme/light ZaloLanguage/vi"
T0 = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)


def views(article) -> int:
    article.refresh_from_db()
    return article.view_count


def visits() -> int:
    return sum(DailyVisits.objects.values_list("visits", flat=True))


def read(client, url, agent=BROWSER, ip="203.113.1.10", **headers):
    return client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip, **headers)


# --- What counts -----------------------------------------------------------------------


def test_a_readers_first_page_view_counts_a_visit_and_an_article_view(client):
    """The very first request of a new visitor counts: no cookie or script is needed."""
    article = ArticleFactory()
    assert read(client, article.get_absolute_url()).status_code == 200
    assert (views(article), visits()) == (1, 1)
    cache.delete(counting.STATS_CACHE_KEY)  # the box itself may show it up to 30 s later
    assert counting.stats().online == 1


def test_the_same_reader_counts_once_per_30_minutes(client):
    """Reloading, or coming back within 30 minutes, is the same view and the same visit."""
    article = ArticleFactory()
    for _ in range(3):
        read(client, article.get_absolute_url())
    read(client, "/")
    assert (views(article), visits()) == (1, 1)


def test_two_readers_count_twice(client):
    article = ArticleFactory()
    read(client, article.get_absolute_url(), ip="203.113.1.10")
    read(client, article.get_absolute_url(), ip="203.113.1.11")
    read(client, article.get_absolute_url(), ip="203.113.1.10", agent=ZALO)  # same IP, another phone
    assert (views(article), visits()) == (3, 3)


def test_a_visit_ends_after_30_idle_minutes_and_activity_keeps_it_open():
    """Pages every 20 minutes are one visit; 31 idle minutes start a new one."""
    for minutes in (0, 20, 40, 60):
        counting.record_in_database("reader", now=T0 + datetime.timedelta(minutes=minutes))
    assert visits() == 1
    counting.record_in_database("reader", now=T0 + datetime.timedelta(minutes=92))
    assert visits() == 2


def test_a_forwarded_address_counts_only_from_the_proxy(client, settings):
    """Someone who reaches gunicorn around the proxy cannot pick the address they are counted
    under: X-Forwarded-For from an address outside PORTAL_PROXY_ADDRESSES is ignored."""
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.PORTAL_PROXY_ADDRESSES = [ipaddress.ip_network("172.30.57.10/32")]
    for claimed in ("14.160.1.1", "14.160.1.2", "14.160.1.3"):
        read(client, "/", ip="203.113.1.10", HTTP_X_FORWARDED_FOR=claimed)
    assert visits() == 1
    read(client, "/", ip="172.30.57.10", HTTP_X_FORWARDED_FOR="14.160.1.4")
    assert visits() == 2


def test_an_article_view_counts_again_after_30_minutes():
    article = ArticleFactory()
    for minutes in (0, 10, 29, 31, 45, 62):
        counting.record_in_database("reader", article.slug, now=T0 + datetime.timedelta(minutes=minutes))
    assert views(article) == 3  # at 0, 31 and 62


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", {}),
        ("curl/8.5.0", {}),
        ("python-requests/2.32", {}),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0", {}),
        ("", {}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
        (BROWSER, {"HTTP_PURPOSE": "prefetch"}),
        (BROWSER, {"HTTP_X_MOZ": "prefetch"}),
        (BROWSER, {"HTTP_X_PURPOSE": "preview"}),
    ],
)
def test_bots_and_prefetches_are_not_counted(client, agent, headers):
    article = ArticleFactory()
    assert read(client, article.get_absolute_url(), agent=agent, **headers).status_code == 200
    assert (views(article), visits()) == (0, 0)


def test_head_requests_errors_and_the_admin_are_not_counted(client, admin_client):
    article = ArticleFactory()
    client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    read(client, "/khong-co-trang-nay/")
    admin_client.get("/admin/", HTTP_USER_AGENT=BROWSER)
    assert (views(article), visits()) == (0, 0)


def test_zalo_in_app_browser_and_cubot_phones_are_readers(client):
    """Readers inside Zalo, or on a CUBOT phone, are people, not link previewers or bots."""
    read(client, "/", agent=ZALO)
    read(client, "/", agent="Mozilla/5.0 (Linux; Android 13; CUBOT P60) AppleWebKit/537.36 Chrome/120 Mobile")
    assert visits() == 2


def test_no_ip_address_is_stored(client):
    """Visitors are kept only as a keyed hash, which changes every day."""
    read(client, "/", ip="203.113.1.10")
    stored = VisitorActivity.objects.get()
    assert "203.113" not in stored.visitor and len(stored.visitor) == 32
    today = counting.visitor_key("203.113.1.10", BROWSER, datetime.date(2026, 11, 22))
    tomorrow = counting.visitor_key("203.113.1.10", BROWSER, datetime.date(2026, 11, 23))
    assert today != tomorrow


def test_behind_a_proxy_the_forwarded_address_is_the_reader(client, settings):
    """With PORTAL_TRUSTED_PROXIES=1, readers behind one nginx are told apart by X-Forwarded-For."""
    settings.PORTAL_TRUSTED_PROXIES = 1
    for reader in ("14.160.1.1", "14.160.1.2"):
        read(client, "/", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.9, {reader}")
    assert visits() == 2


def test_stats_show_online_today_and_total_with_the_old_sites_count(client):
    """ "Đang online" is the last 5 minutes; "Tổng" adds the visits carried over from the old site."""
    site = SiteSettings.load()
    site.visits_carried_over = 5_886_939
    site.save()
    DailyVisits.objects.create(day=timezone.localdate() - datetime.timedelta(days=3), visits=1200)
    now = timezone.now()
    counting.record_in_database("a", now=now - datetime.timedelta(minutes=7))
    counting.record_in_database("b", now=now - datetime.timedelta(minutes=2))
    counting.record_in_database("c", now=now)
    stats = counting.stats()
    assert (stats.online, stats.today, stats.total) == (2, 3, 5_886_939 + 1200 + 3)
    html = client.get("/").content.decode()
    assert '<dd data-stat="total">5.888.142</dd>' in html


def test_flush_forgets_marks_that_no_longer_matter():
    old = timezone.now() - datetime.timedelta(days=2)
    counting.record_in_database("old-reader", "bai-cu", now=old)
    counting.record_in_database("reader", "bai-moi")
    counting.flush()
    assert list(VisitorActivity.objects.values_list("visitor", flat=True)) == ["reader"]
    assert list(ViewMark.objects.values_list("visitor", flat=True)) == ["reader"]


def test_a_counting_failure_never_costs_the_page(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(counting, "record", broken)
    with caplog.at_level(logging.ERROR):
        assert read(client, "/").status_code == 200
    assert "Could not count a page view" in caplog.text


# --- Redis --------------------------------------------------------------------------------


def test_with_redis_counts_wait_there_and_flush_into_the_database(client, redis_url):
    """With REDIS_URL, a page view writes nothing to the database; the flush moves the totals."""
    article = ArticleFactory()
    for ip in ("203.113.1.10", "203.113.1.11", "203.113.1.10"):
        read(client, article.get_absolute_url(), ip=ip)
    assert (views(article), visits(), VisitorActivity.objects.count()) == (0, 0, 0)
    cache.delete(counting.STATS_CACHE_KEY)
    stats = counting.stats()
    assert (stats.online, stats.today) == (2, 2)

    assert counting.flush() == {"visits": 2, "views": 2}
    assert (views(article), visits()) == (2, 2)
    assert counting.flush() == {"visits": 0, "views": 0}
    assert counting.stats().today == 2


def test_views_of_a_flush_that_failed_are_applied_by_the_next(redis_url, monkeypatch):
    """A database error during a flush loses nothing: the batch waits in Redis."""
    article = ArticleFactory()
    counting.record("reader", article.slug)

    def failing_update(*args, **kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(counting, "add_views", failing_update)
        with pytest.raises(RuntimeError):
            counting.flush()
    assert views(article) == 0
    assert counting.flush()["views"] == 1
    assert views(article) == 1


def test_a_redis_outage_falls_back_to_the_database(client, settings, caplog):
    """Redis down: pages still answer, and the views are counted in the database."""
    settings.PORTAL_COUNTER_REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    counter_redis.reset_redis_client()
    article = ArticleFactory()
    with caplog.at_level(logging.WARNING):
        assert read(client, article.get_absolute_url()).status_code == 200
        assert read(client, article.get_absolute_url(), ip="203.113.1.99").status_code == 200
    assert (views(article), visits()) == (2, 2)
    assert caplog.text.count("Redis unavailable for visitor counts") == 1
    cache.delete(counting.STATS_CACHE_KEY)
    assert counting.stats().online == 2
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_the_live_refresh_endpoint_gives_the_numbers_and_is_not_a_page_view(client):
    counting.record_in_database("reader")
    response = read(client, "/thong-ke/truy-cap.json")
    assert response.json() == {"online": 1, "today": 1, "total": 1, "at": counting.stats().at}
    assert response["Cache-Control"] == "public, max-age=30"
    assert visits() == 1  # the JSON request itself counted nothing
    html = client.get("/").content.decode()
    assert 'data-visitor-stats="/thong-ke/truy-cap.json"' in html


def test_pages_served_from_the_page_cache_are_still_counted(client):
    """The counter sits before the page cache (portal/pagecache.py): cached pages count."""
    SiteSettings.load()
    article = ArticleFactory()
    first = read(client, article.get_absolute_url(), ip="203.113.1.10")
    second = read(client, article.get_absolute_url(), ip="203.113.1.11")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert (views(article), visits()) == (2, 2)


def test_overlapping_flushes_apply_each_count_once(redis_url):
    """A flush finding another one running leaves it alone; nothing is applied twice."""
    article = ArticleFactory()
    counting.record("reader", article.slug)
    redis_url.set(counting.FLUSH_LOCK_KEY, "another-flush")
    assert counting.flush() == {"visits": 0, "views": 0}
    redis_url.delete(counting.FLUSH_LOCK_KEY)
    assert counting.flush() == {"visits": 1, "views": 1}
    assert (views(article), visits()) == (1, 1)


def test_a_batch_applied_but_not_deleted_is_not_applied_again(redis_url):
    """If Redis failed to delete a batch after the database committed it, the next flush
    recognises the batch and only deletes it."""
    article = ArticleFactory()
    counting.record("reader", article.slug)
    pending = redis_url.hgetall(counting.PENDING_KEY)
    counting.flush()
    (batch,) = CountBatch.objects.values_list("batch", flat=True)
    # Put the batch back, as if its deletion had failed.
    redis_url.hset(counting.BATCH_KEY.format(batch=batch), mapping=pending)
    redis_url.sadd(counting.BATCHES_KEY, batch)
    assert counting.flush() == {"visits": 0, "views": 0}
    assert (views(article), visits()) == (1, 1)
    assert not redis_url.exists(counting.BATCH_KEY.format(batch=batch))


def test_visits_waiting_in_a_taken_batch_still_show_in_the_stats(redis_url, monkeypatch):
    """Between a failed flush and the next, the numbers on the page do not drop."""
    counting.record("a")
    counting.record("b")

    def database_down(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(counting, "add_visits", database_down)
    with pytest.raises(RuntimeError):
        counting.flush()
    cache.delete(counting.STATS_CACHE_KEY)
    assert counting.stats().today == 2


def test_a_redis_timeout_after_sending_does_not_count_twice(monkeypatch, redis_url):
    """A late answer may mean the script ran: the view is not counted again in the database."""
    import redis

    def late(*args, **kwargs):
        raise redis.exceptions.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(counting, "_record_in_redis", late)
    counting.record("reader")
    assert visits() == 0
    assert VisitorActivity.objects.count() == 0


# --- Sent together: each process hands its views to Redis every second --------------------


@pytest.fixture
def buffered(redis_url, settings):
    """Views kept by this process until sent; its thread waits an hour, so the test sends."""
    settings.PORTAL_COUNTER_BUFFER_SECONDS = 3600
    return redis_url


def test_views_kept_by_the_process_count_as_one_by_one_once_sent(client, buffered):
    article = ArticleFactory()
    for ip in ("203.113.1.10", "203.113.1.11", "203.113.1.10"):
        read(client, article.get_absolute_url(), ip=ip)
    assert not buffered.exists(counting.PENDING_KEY)  # the pages cost no round trip

    assert counting.send_pending() == 3
    assert counting.send_pending() == 0
    assert counting.flush() == {"visits": 2, "views": 2}
    assert (views(article), visits()) == (2, 2)


def test_views_sent_together_keep_their_own_day_and_visit_gap(buffered):
    from news.models import DailyViews

    article = ArticleFactory()
    midnight = datetime.datetime(2026, 11, 22, 17, 0, tzinfo=datetime.UTC)  # 00:00 in Hạ Long
    before, after = midnight - datetime.timedelta(seconds=1), midnight + datetime.timedelta(seconds=1)
    counting.record("reader", article.slug, now=before)
    counting.record("reader", article.slug, now=after)  # the same visit, the same view
    counting.record("late-reader", article.slug, now=after)
    counting.send_pending()
    counting.flush(now=after)
    days = dict(DailyViews.objects.values_list("day", "views"))
    assert days == {datetime.date(2026, 11, 22): 1, datetime.date(2026, 11, 23): 1}
    assert dict(DailyVisits.objects.values_list("day", "visits")) == days


def test_the_thread_sends_the_views_within_its_interval(client, buffered, settings):
    settings.PORTAL_COUNTER_BUFFER_SECONDS = 0.05
    read(client, "/")
    deadline = time.monotonic() + 5
    while not buffered.exists(counting.PENDING_KEY):
        assert time.monotonic() < deadline, "not sent within 5 s"
        time.sleep(0.02)
    cache.delete(counting.STATS_CACHE_KEY)
    assert counting.stats().today == 1


def test_a_batch_whose_answer_was_late_is_sent_again_and_counted_once(buffered, monkeypatch):
    """The script ran but its answer timed out: sent again, its mark makes it a no-op."""
    import redis

    real = counting._record_in_redis
    sent = []

    def answered_late(client, batch):
        sent.append(batch.id)
        real(client, batch)
        if len(sent) == 1:
            raise redis.exceptions.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(counting, "_record_in_redis", answered_late)
    counting.record("a")
    counting.record("b")
    assert counting.send_pending() == 2
    counter_redis.reset_redis_client()  # as 30 s later: Redis is asked again
    assert counting.send_pending() == 0
    assert sent[0] == sent[1]
    assert counting.flush() == {"visits": 2, "views": 0}
    assert VisitorActivity.objects.count() == 0  # not counted in the database as well


def test_a_batch_never_answered_is_given_up_after_two_minutes(buffered, monkeypatch, caplog):
    import redis

    def late(client, batch):
        raise redis.exceptions.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(counting, "_record_in_redis", late)
    counting.record("a")
    counting.send_pending()
    counter_redis.reset_redis_client()
    counting.send_pending()
    assert len(counting._outbox.unanswered) == 1  # still sent again
    counting._outbox.unanswered[0].first_sent -= counting.RESEND_SECONDS
    counter_redis.reset_redis_client()
    with caplog.at_level(logging.WARNING):
        counting.send_pending()
    assert counting._outbox.unanswered == []
    assert "1 page view(s) not counted: Redis did not answer" in caplog.text
    assert visits() == 0 and VisitorActivity.objects.count() == 0


def test_views_the_database_could_not_take_wait_for_the_next_time(buffered, settings, monkeypatch):
    for reader in ("a", "b", "c"):
        counting.record(reader)
    settings.PORTAL_COUNTER_REDIS_URL = ""  # Redis gone: the database counts
    real, calls = counting.record_in_database, []

    def flaky(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("database is locked")
        real(*args)

    monkeypatch.setattr(counting, "record_in_database", flaky)
    with pytest.raises(RuntimeError):
        counting.send_pending()
    assert visits() == 1 and len(counting._outbox.views) == 2
    assert counting.send_pending() == 2
    assert visits() == 3


def test_a_forked_process_starts_with_nothing_kept(buffered):
    import multiprocessing

    counting.record("a")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_kept_here) == (0, None)
    assert counting.send_pending() == 1


def _kept_here():
    return len(counting._outbox.views), counting._outbox.thread


def test_views_waiting_when_redis_goes_away_are_counted_in_the_database(buffered, settings, caplog):
    counting.record("a")
    counting.record("b")
    settings.PORTAL_COUNTER_REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    counter_redis.reset_redis_client()
    with caplog.at_level(logging.WARNING):
        assert counting.send_pending() == 2
    assert visits() == 2
    assert "Redis unavailable for visitor counts" in caplog.text


def test_the_day_of_a_visitors_key_turns_at_local_midnight(monkeypatch):
    midnight = datetime.datetime(2026, 11, 22, 17, 0, tzinfo=datetime.UTC)  # 00:00 in Hạ Long
    clock = [midnight.timestamp() - 1]
    monkeypatch.setattr(counting.time, "time", lambda: clock[0])
    before = counting.visitor_key("203.113.1.10", BROWSER)
    assert counting._today() == datetime.date(2026, 11, 22)
    clock[0] = midnight.timestamp()
    assert counting._today() == datetime.date(2026, 11, 23)
    assert counting.visitor_key("203.113.1.10", BROWSER) != before
    assert counting.visitor_key("203.113.1.10", BROWSER) == counting.visitor_key(
        "203.113.1.10", BROWSER, datetime.date(2026, 11, 23)
    )


@pytest.mark.parametrize(
    "failure, counted_in_database",
    [
        ("Error 111 connecting to 127.0.0.1:6379. Connection refused.", True),
        ("Error 32 while writing to socket. Broken pipe.", True),
        ("Connection closed by server.", False),  # Redis shutting down: the script may have run
        ("Error while reading from 127.0.0.1:6379 : (104, 'Connection reset by peer')", False),
    ],
)
def test_only_a_view_redis_surely_did_not_count_goes_to_the_database(
    buffered, monkeypatch, failure, counted_in_database
):
    """A visit was counted twice while Redis shut down: the connection closed after the script
    ran, which read as "not reached". Now only a failure before sending counts elsewhere."""
    import redis

    def fail(client, batch):
        raise redis.exceptions.ConnectionError(failure)

    monkeypatch.setattr(counting, "_record_in_redis", fail)
    counting.record("reader")
    counting.send_pending()
    assert VisitorActivity.objects.count() == (1 if counted_in_database else 0)
    assert len(counting._outbox.unanswered) == (0 if counted_in_database else 1)
