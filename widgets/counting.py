"""Visitor statistics ("Thống kê truy cập") and article views ("Lượt xem").

What is counted, for pages readers load (see ``middleware``):

- a *visit*: one per visitor per 30 minutes of activity (a visit ends after 30 idle minutes);
  "Hôm nay" and "Tổng lượt truy cập" count visits;
- *online*: distinct visitors seen in the last 5 minutes;
- a *view* of an article: one per visitor per article per 30 minutes.

A visitor is a keyed hash of their IP address and user agent, the key derived from
SECRET_KEY and the date, so it changes every day and nothing personal is stored.

Where counts live: with ``REDIS_URL`` set, a Lua script updates Redis atomically (a sorted
set of recent visitors, per-visitor expiring marks, a counter per day and a hash of pending
article views) and ``flush`` moves the totals into the database on a schedule. A page view
costs the reader no round trip to Redis: each process keeps the views it served, each with
its own time and day, and a thread of its own hands them to the script together every
``PORTAL_COUNTER_BUFFER_SECONDS`` (1 s; 0: one script per view, as the tests do), and once
more when the process exits. The counts are those of the views one by one, up to a second
later (the 30-minute marks run from when a batch is counted, not from each view); a process
killed outright (SIGKILL, the OOM killer) loses its last second. A batch whose answer timed
out may have been counted: it carries a mark, is sent again for two minutes (a second
count is a no-op) and is never counted in the database as well.
Without Redis, or while it is unreachable, the database is updated directly with
single upsert statements; the day's visits are spread over ``SHARDS`` rows so that
concurrent visitors do not queue on one row, and article views go to the news app's
``add_views`` (one atomic ``UPDATE … SET view_count = view_count + 1`` per counted view, at
most one per visitor per 30 minutes, plus one upsert of the article's count for the day),
never a read-modify-write in Python. The per-day counts rank "Đọc nhiều" (the last 7 days)
and are kept for 400 days.
"""

import atexit
import collections
import dataclasses
import datetime
import functools
import hashlib
import hmac
import logging
import os
import random
import threading
import time
import uuid
from dataclasses import dataclass

from django import db
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from news.readers import add_views, forget_daily_views
from portal.models import SiteSettings

from .counter_redis import (
    REDIS_ERRORS,
    record_script,
    redis_client,
    redis_failed,
    surely_not_run,
)
from .models import CountBatch, DailyVisits, ViewMark, VisitorActivity

logger = logging.getLogger(__name__)

VISIT_GAP = datetime.timedelta(minutes=30)
VIEW_WINDOW = datetime.timedelta(minutes=30)
ONLINE_WINDOW = datetime.timedelta(minutes=5)
# Per-day article views are kept this long (the all-time total stays on the article).
DAILY_VIEWS_KEPT = datetime.timedelta(days=400)
SHARDS = 16
STATS_CACHE_KEY = "widgets:visitor-stats"
STATS_CACHE_SECONDS = 30

# Redis keys. Pending counts wait in one hash: "visits:<day>" and "views:<day>:<slug>" fields
# (days as yyyy-mm-dd, local; a slug never holds a colon).
ONLINE_KEY = "halong:stats:online"
VISIT_KEY = "halong:stats:visit:{visitor}"
VIEW_MARK_KEY = "halong:stats:view:{visitor}:{target}"
PENDING_KEY = "halong:stats:pending"
BATCH_KEY = "halong:stats:batch:{batch}"
BATCHES_KEY = "halong:stats:batches"  # batches taken from PENDING_KEY and not yet applied
SENT_KEY = "halong:stats:sent:{batch}"  # a batch of page views counted: never again
# Page views sent to Redis in one script at most (a busy second of one process).
SEND_AT_MOST = 500
# A batch whose answer did not come may have been counted: it is sent again (its mark makes
# a second count a no-op) for this long, never counted in the database, then given up.
RESEND_SECONDS = 120
MARK_SECONDS = 300  # longer than RESEND_SECONDS
FLUSH_LOCK_KEY = "halong:stats:flush-lock"
FLUSH_LOCK_SECONDS = 120


def visitor_key(ip: str, user_agent: str, day: datetime.date | None = None) -> str:
    """A visitor's key for ``day``: a keyed hash, not reversible, different every day."""
    day = day or _today()
    day_key = _day_key(settings.SECRET_KEY, day.isoformat())
    return hmac.new(day_key, f"{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


_day = {"date": None, "since": 0.0, "until": 0.0}


def _today() -> datetime.date:
    """The local date, worked out again when the day ends (cheaper than timezone.localdate()
    on every page view)."""
    now = time.time()
    if not _day["since"] <= now < _day["until"]:
        local = timezone.localtime(datetime.datetime.fromtimestamp(now, tz=datetime.UTC))
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        end = timezone.make_aware(
            datetime.datetime.combine(start.date() + datetime.timedelta(days=1), datetime.time())
        )
        _day.update(date=start.date(), since=start.timestamp(), until=end.timestamp())
    return _day["date"]


@functools.lru_cache(maxsize=4)
def _day_key(secret: str, day: str) -> bytes:
    """The day's hashing key: derived once a day, not once a page view."""
    return hmac.new(secret.encode(), f"visitors:{day}".encode(), "sha256").digest()


# --- Recording ------------------------------------------------------------------------------


def record(visitor: str, article_slug: str = "", now: datetime.datetime | None = None) -> None:
    """Count one page view by ``visitor`` (and a view of the article ``article_slug``)."""
    view = View(visitor, article_slug, now or timezone.now())
    client = redis_client()
    if client is None:
        record_in_database(view.visitor, view.article_slug, view.at)
    elif settings.PORTAL_COUNTER_BUFFER_SECONDS > 0:
        _outbox.add(view)
    else:
        _outbox.deliver(client, [view])


@dataclass(frozen=True)
class View:
    visitor: str
    article_slug: str
    at: datetime.datetime


@dataclass
class Batch:
    views: list[View]
    id: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)
    first_sent: float = dataclasses.field(default_factory=time.monotonic)


class _Outbox:
    """The page views this process served and has not counted yet, the batches whose answer
    did not come, and the thread that sends them. The thread starts with the first view a
    process keeps (gunicorn forks its workers from a master that keeps none); a forked
    child starts empty; what is left is sent at exit."""

    def __init__(self):
        self._reset()

    def _reset(self) -> None:
        self.views = collections.deque()
        self.unanswered: list[Batch] = []
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.thread = None
        self.stopping = False

    def add(self, view: View) -> None:
        self.views.append(view)
        if self.thread is None:
            self._start()

    def _start(self) -> None:
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="visit-counter", daemon=True)
                self.thread.start()

    def stop(self) -> None:
        """Stop the thread (tests); the next view kept starts it again."""
        thread = self.thread
        if thread is not None:
            self.stopping = True
            self.wake.set()
            thread.join()
            self.thread, self.stopping = None, False

    def _run(self) -> None:
        while not self.stopping:
            # Set to 0 meanwhile (views now go one by one): what is left goes within a second.
            self.wake.wait(settings.PORTAL_COUNTER_BUFFER_SECONDS or 1)
            self.wake.clear()
            try:
                self.send()
            except Exception:  # the thread must live on: the next views are counted
                logger.exception("Could not count page views")
            finally:
                db.close_old_connections()

    def send(self) -> int:
        """Count what waits (in batches of SEND_AT_MOST) and send again the batches not
        answered; how many views were kept before. A view the database could not take
        (Redis and the database both down) waits for the next time."""
        with self.lock:
            self._send_again()
            kept = len(self.views)
            while self.views:
                views = [self.views.popleft() for _ in range(min(SEND_AT_MOST, len(self.views)))]
                client = redis_client()
                if client is None:
                    self._into_database(views)
                else:
                    self.deliver(client, views)
            return kept

    def deliver(self, client, views: list[View]) -> None:
        """Count ``views`` in Redis in one script; in the database if Redis was not reached.
        A failure that may come after the script ran (a timeout, a connection closed while the
        answer was awaited, as when Redis shuts down) sends the batch again later, never to the
        database, which could count it twice; its mark in Redis makes a second run a no-op."""
        batch = Batch(views)
        try:
            _record_in_redis(client, batch)
        except REDIS_ERRORS as exc:
            redis_failed(exc)
            if surely_not_run(exc):
                self._into_database(views)
            else:
                self.unanswered.append(batch)
                if self.thread is None:
                    self._start()

    def _send_again(self) -> None:
        waiting, self.unanswered = self.unanswered, []
        for batch in waiting:
            client = redis_client()  # None while Redis is known to be down
            if client is not None:
                try:
                    _record_in_redis(client, batch)
                    continue
                except REDIS_ERRORS as exc:
                    redis_failed(exc)
            if time.monotonic() - batch.first_sent < RESEND_SECONDS:
                self.unanswered.append(batch)
            else:
                logger.warning("%d page view(s) not counted: Redis did not answer", len(batch.views))

    def _into_database(self, views: list[View]) -> None:
        for done, view in enumerate(views):
            try:
                record_in_database(view.visitor, view.article_slug, view.at)
            except Exception:
                self.views.extendleft(reversed(views[done:]))  # kept for the next time
                raise


_outbox = _Outbox()
atexit.register(_outbox.send)
os.register_at_fork(after_in_child=_outbox._reset)


def send_pending() -> int:
    """Count now the page views this process keeps (tests; a worker about to exit)."""
    return _outbox.send()


def forget_pending() -> None:
    """Stop the sending thread and drop what it keeps (tests: nothing from one test is
    counted in the next)."""
    _outbox.stop()
    _outbox._reset()


def _record_in_redis(client, batch: Batch) -> None:
    window = int(VISIT_GAP.total_seconds())
    keys, args = [ONLINE_KEY, PENDING_KEY, SENT_KEY.format(batch=batch.id)], [window, MARK_SECONDS]
    for view in batch.views:
        slug = view.article_slug
        keys += [
            VISIT_KEY.format(visitor=view.visitor),
            VIEW_MARK_KEY.format(visitor=view.visitor, target=slug) if slug else "",
        ]
        args += [view.at.timestamp(), view.visitor, slug, timezone.localdate(view.at).isoformat()]
    record_script(client)(keys=keys, args=args)


def record_in_database(visitor: str, article_slug: str = "", now: datetime.datetime | None = None) -> None:
    """The same counts with single atomic statements (for a site without Redis)."""
    now = now or timezone.now()
    with transaction.atomic():
        if _touch_visitor(visitor, now):
            add_visits(timezone.localdate(now), 1)
        if article_slug and _mark_view(visitor, article_slug, now):
            add_views(article_slug, timezone.localdate(now), 1)


def _touch_visitor(visitor: str, now: datetime.datetime) -> bool:
    """Record that ``visitor`` was seen now; True when this begins a new visit.

    One upsert: a new visitor, or one idle for longer than VISIT_GAP, gets visit_started =
    now. Both PostgreSQL and SQLite evaluate SET expressions against the row as it was, so
    the comparison sees the previous ``last_seen``.
    """
    table = _table(VisitorActivity)
    sql = f"""
        INSERT INTO {table} AS t (visitor, last_seen, visit_started) VALUES (%s, %s, %s)
        ON CONFLICT (visitor) DO UPDATE SET
            visit_started = CASE WHEN t.last_seen < %s THEN excluded.last_seen ELSE t.visit_started END,
            last_seen = excluded.last_seen
        RETURNING visit_started = last_seen
    """
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [visitor, adapt(now), adapt(now), adapt(now - VISIT_GAP)])
        return bool(cursor.fetchone()[0])


def _mark_view(visitor: str, target: str, now: datetime.datetime) -> bool:
    """True when ``visitor`` has not had ``target`` counted in the last VIEW_WINDOW (and mark it)."""
    table = _table(ViewMark)
    sql = f"""
        INSERT INTO {table} AS t (visitor, target, counted_at) VALUES (%s, %s, %s)
        ON CONFLICT (visitor, target) DO UPDATE SET counted_at = excluded.counted_at
        WHERE t.counted_at < %s
        RETURNING 1
    """
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [visitor, target, adapt(now), adapt(now - VIEW_WINDOW)])
        return cursor.fetchone() is not None


def add_visits(day: datetime.date, count: int, shard: int | None = None) -> None:
    """Add ``count`` visits to ``day``, on a random shard unless one is given."""
    table = _table(DailyVisits)
    sql = f"""
        INSERT INTO {table} AS t (day, shard, visits) VALUES (%s, %s, %s)
        ON CONFLICT (day, shard) DO UPDATE SET visits = t.visits + excluded.visits
    """
    shard = random.randrange(SHARDS) if shard is None else shard
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datefield_value(day), shard, count])


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# --- Moving Redis counts into the database ------------------------------------------------


def flush(now: datetime.datetime | None = None) -> dict:
    """Move pending Redis counts into the database and forget stale marks; return what moved.

    One flush at a time (a lock in Redis). The pending hash is renamed to a new batch in one
    atomic step, so page views go on counting into a fresh hash meanwhile. A batch is applied
    in one database transaction that also records its id (``CountBatch``), and deleted from
    Redis afterwards: a failed flush leaves its batch for the next one, and a batch applied
    but not deleted is recognised and never applied twice.
    """
    now = now or timezone.now()
    moved = {"visits": 0, "views": 0}
    client = redis_client()
    if client is not None:
        try:
            moved = _flush_redis(client)
            client.zremrangebyscore(ONLINE_KEY, "-inf", (now - ONLINE_WINDOW).timestamp())
        except REDIS_ERRORS as exc:  # a database error propagates: the command must fail
            redis_failed(exc)
    VisitorActivity.objects.filter(last_seen__lt=now - datetime.timedelta(days=1)).delete()
    ViewMark.objects.filter(counted_at__lt=now - VIEW_WINDOW).delete()
    CountBatch.objects.filter(applied_at__lt=now - datetime.timedelta(days=7)).delete()
    forget_daily_views(timezone.localdate(now) - DAILY_VIEWS_KEPT)
    cache.delete(STATS_CACHE_KEY)
    return moved


def _flush_redis(client) -> dict:
    moved = {"visits": 0, "views": 0}
    token = uuid.uuid4().hex
    if not client.set(FLUSH_LOCK_KEY, token, nx=True, ex=FLUSH_LOCK_SECONDS):
        return moved  # another flush is running
    try:
        if client.exists(PENDING_KEY):
            fresh = uuid.uuid4().hex
            client.sadd(BATCHES_KEY, fresh)
            if not client.renamenx(PENDING_KEY, BATCH_KEY.format(batch=fresh)):
                client.srem(BATCHES_KEY, fresh)
        for batch in sorted(member.decode() for member in client.smembers(BATCHES_KEY)):
            key = BATCH_KEY.format(batch=batch)
            counts = {field.decode(): int(value) for field, value in client.hgetall(key).items()}
            if _apply_batch(batch, counts):
                for field, count in counts.items():
                    moved[field.partition(":")[0]] += count
            client.delete(key)
            client.srem(BATCHES_KEY, batch)
    finally:
        if client.get(FLUSH_LOCK_KEY) == token.encode():
            client.delete(FLUSH_LOCK_KEY)
    return moved


def _apply_batch(batch: str, counts: dict[str, int]) -> bool:
    """Add a batch's counts to the database once; False if it was applied before."""
    with transaction.atomic():
        _, created = CountBatch.objects.get_or_create(batch=batch)
        if not created:
            return False
        today = timezone.localdate()
        for field, count in sorted(counts.items()):
            kind, _, key = field.partition(":")
            if kind == "visits":
                add_visits(datetime.date.fromisoformat(key), count, shard=0)
            elif kind == "views":
                day, _, slug = key.rpartition(":")
                # A field written before per-day counts existed ("views:<slug>") counts today.
                add_views(slug, datetime.date.fromisoformat(day) if day else today, count)
    return True


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    total: int
    at: int = 0  # when they were counted (Unix time, seconds): the page's script compares

    def for_reader(self) -> "VisitorStats":
        """The numbers as a reader looking at them must see them: with the reader online.

        The numbers are kept STATS_CACHE_SECONDS, and the page that shows them is made (and
        kept by the page cache) before its reader's view is counted, which Redis takes up to a
        second later still. A count of 0 was therefore taken before this reader came (or
        they have been reading one page longer than ONLINE_WINDOW): they are not in it, and
        with them it is 1. A count above 0 may hold them already: kept.
        """
        return dataclasses.replace(self, online=max(self.online, 1))


def stats(now: datetime.datetime | None = None) -> VisitorStats:
    """Online now, visits today and in all (with the old site's count carried over)."""
    cached = cache.get(STATS_CACHE_KEY)
    if cached is not None:
        return VisitorStats(**cached)
    now = now or timezone.now()
    today = timezone.localdate(now)
    online = VisitorActivity.objects.filter(last_seen__gte=now - ONLINE_WINDOW).count()
    totals = DailyVisits.objects.aggregate(all=Sum("visits"))
    total = totals["all"] or 0
    today_visits = DailyVisits.objects.filter(day=today).aggregate(n=Sum("visits"))["n"] or 0
    client = redis_client()
    if client is not None:
        try:
            online += client.zcount(ONLINE_KEY, (now - ONLINE_WINDOW).timestamp(), "+inf")
            # Visits not flushed yet: in the pending hash, and in batches a flush has taken.
            batches = [BATCH_KEY.format(batch=b.decode()) for b in client.smembers(BATCHES_KEY)]
            for key in [PENDING_KEY, *batches]:
                for field, value in client.hgetall(key).items():
                    if field.startswith(b"visits:"):
                        total += int(value)
                        if field == f"visits:{today.isoformat()}".encode():
                            today_visits += int(value)
        except REDIS_ERRORS as exc:
            redis_failed(exc)
    result = VisitorStats(
        online=online,
        today=today_visits,
        total=total + SiteSettings.load().visits_carried_over,
        at=int(now.timestamp()),
    )
    cache.set(STATS_CACHE_KEY, result.__dict__, STATS_CACHE_SECONDS)
    return result
