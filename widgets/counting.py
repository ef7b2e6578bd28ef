"""Visitor statistics ("Thống kê truy cập") and article views ("Lượt xem").

What is counted, for pages readers load (see ``middleware``):

- a *visit*: one per visitor per 30 minutes of activity (a visit ends after 30 idle minutes);
  "Hôm nay" and "Tổng lượt truy cập" count visits;
- *online*: distinct visitors seen in the last 5 minutes;
- a *view* of an article: one per visitor per article per 30 minutes.

A visitor is a keyed hash of their IP address and user agent, the key derived from
SECRET_KEY and the date, so it changes every day and nothing personal is stored.

Where counts live: with ``REDIS_URL`` set, one Lua script per page view updates Redis
atomically (a sorted set of recent visitors, per-visitor expiring marks, a counter per day
and a hash of pending article views) and ``flush`` moves the totals into the database on a
schedule. Without Redis, or while it is unreachable, the database is updated directly with
single upsert statements; the day's visits are spread over ``SHARDS`` rows so that
concurrent visitors do not queue on one row, and article views are one atomic
``UPDATE … SET view_count = view_count + 1`` per counted view (at most one per visitor per
30 minutes), never a read-modify-write in Python.
"""

import datetime
import hashlib
import hmac
import logging
import random
import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from redis.exceptions import RedisError

from news.models import Article
from portal.models import SiteSettings

from .models import DailyVisits, ViewMark, VisitorActivity

logger = logging.getLogger(__name__)

VISIT_GAP = datetime.timedelta(minutes=30)
VIEW_WINDOW = datetime.timedelta(minutes=30)
ONLINE_WINDOW = datetime.timedelta(minutes=5)
SHARDS = 16
STATS_CACHE_KEY = "widgets:visitor-stats"
STATS_CACHE_SECONDS = 30

# Redis keys (the cache's own keys carry the "halong" prefix; these live beside them).
ONLINE_KEY = "halong:stats:online"
VISIT_KEY = "halong:stats:visit:{visitor}"
DAY_KEY = "halong:stats:visits:{day}"
DAY_PATTERN = "halong:stats:visits:*"
VIEW_MARK_KEY = "halong:stats:view:{visitor}:{target}"
VIEWS_KEY = "halong:stats:views"
VIEWS_FLUSHING_PATTERN = "halong:stats:views:flushing:*"

# KEYS: online set, visit mark, the day's counter, the article's view mark ("" if none),
# pending views hash. ARGV: now (s), visitor, article slug ("" if none), window (s).
# Returns 1 when this page view began a new visit.
_RECORD_SCRIPT = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
local new_visit = not redis.call('SET', KEYS[2], 1, 'EX', ARGV[4], 'GET')
if new_visit then redis.call('INCR', KEYS[3]) end
if ARGV[3] ~= '' and redis.call('SET', KEYS[4], 1, 'NX', 'EX', ARGV[4]) then
  redis.call('HINCRBY', KEYS[5], ARGV[3], 1)
end
return new_visit and 1 or 0
"""


def visitor_key(ip: str, user_agent: str, day: datetime.date | None = None) -> str:
    """A visitor's key for ``day``: a keyed hash, not reversible, different every day."""
    day = day or timezone.localdate()
    day_key = hmac.new(
        settings.SECRET_KEY.encode(), f"visitors:{day.isoformat()}".encode(), "sha256"
    ).digest()
    return hmac.new(day_key, f"{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


# --- Recording ------------------------------------------------------------------------------


def record(visitor: str, article_slug: str = "", now: datetime.datetime | None = None) -> None:
    """Count one page view by ``visitor`` (and a view of the article ``article_slug``)."""
    now = now or timezone.now()
    client = redis_client()
    if client is not None:
        try:
            _record_in_redis(client, visitor, article_slug, now)
            return
        except Exception as exc:  # any Redis failure: count in the database instead
            _redis_failed(exc)
    record_in_database(visitor, article_slug, now)


def _record_in_redis(client, visitor: str, article_slug: str, now: datetime.datetime) -> None:
    day = timezone.localdate(now).isoformat()
    view_mark = VIEW_MARK_KEY.format(visitor=visitor, target=article_slug) if article_slug else ""
    keys = [ONLINE_KEY, VISIT_KEY.format(visitor=visitor), DAY_KEY.format(day=day), view_mark, VIEWS_KEY]
    _script(client)(keys=keys, args=[now.timestamp(), visitor, article_slug, int(VISIT_GAP.total_seconds())])


def record_in_database(visitor: str, article_slug: str = "", now: datetime.datetime | None = None) -> None:
    """The same counts with single atomic statements (for a site without Redis)."""
    now = now or timezone.now()
    with transaction.atomic():
        if _touch_visitor(visitor, now):
            add_visits(timezone.localdate(now), 1)
        if article_slug and _mark_view(visitor, article_slug, now):
            Article.objects.filter(slug=article_slug).update(view_count=F("view_count") + 1)


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

    Each Redis step is atomic (GETDEL, RENAME), and a batch of views is deleted from Redis
    only after the database has committed it, so a failed flush loses nothing: its batch
    stays under a "flushing" key and the next flush applies it.
    """
    now = now or timezone.now()
    moved = {"visits": 0, "views": 0}
    client = redis_client()
    if client is not None:
        try:
            moved = _flush_redis(client)
            client.zremrangebyscore(ONLINE_KEY, "-inf", (now - ONLINE_WINDOW).timestamp())
        except REDIS_ERRORS as exc:  # a database error propagates: the command must fail
            _redis_failed(exc)
    VisitorActivity.objects.filter(last_seen__lt=now - datetime.timedelta(days=1)).delete()
    ViewMark.objects.filter(counted_at__lt=now - VIEW_WINDOW).delete()
    cache.delete(STATS_CACHE_KEY)
    return moved


def _flush_redis(client) -> dict:
    moved = {"visits": 0, "views": 0}
    for key in client.scan_iter(match=DAY_PATTERN, count=100):
        day = datetime.date.fromisoformat(key.decode().rsplit(":", 1)[1])
        value = client.getdel(key)
        if not value:
            continue
        try:
            add_visits(day, int(value), shard=0)
        except Exception:
            client.incrby(key, int(value))  # give the visits back for the next flush
            raise
        moved["visits"] += int(value)

    batches = list(client.scan_iter(match=VIEWS_FLUSHING_PATTERN, count=100))
    fresh = f"{VIEWS_KEY}:flushing:{uuid.uuid4().hex}"
    if client.exists(VIEWS_KEY) and client.renamenx(VIEWS_KEY, fresh):
        batches.append(fresh.encode())
    for batch in batches:
        views = {slug.decode(): int(count) for slug, count in client.hgetall(batch).items()}
        with transaction.atomic():
            for slug, count in sorted(views.items()):
                Article.objects.filter(slug=slug).update(view_count=F("view_count") + count)
        client.delete(batch)
        moved["views"] += sum(views.values())
    return moved


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    total: int


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
            pending = {
                key: int(client.get(key) or 0) for key in client.scan_iter(match=DAY_PATTERN, count=100)
            }
            total += sum(pending.values())
            today_visits += pending.get(DAY_KEY.format(day=today.isoformat()).encode(), 0)
        except REDIS_ERRORS as exc:
            _redis_failed(exc)
    result = VisitorStats(
        online=online, today=today_visits, total=total + SiteSettings.load().visits_carried_over
    )
    cache.set(STATS_CACHE_KEY, result.__dict__, STATS_CACHE_SECONDS)
    return result


# --- Redis connection ---------------------------------------------------------------------

_client_lock = threading.Lock()
_client = None
_redis_down_until = 0.0
_next_log = 0.0
REDIS_RETRY_SECONDS = 30
REDIS_ERRORS = (RedisError, OSError)


def redis_client():
    """The shared Redis client, or None without REDIS_URL or for a while after a failure."""
    global _client
    if not settings.REDIS_URL or time.monotonic() < _redis_down_until:
        return None
    if _client is None:
        import redis

        with _client_lock:
            if _client is None:
                _client = redis.Redis.from_url(
                    settings.REDIS_URL, socket_timeout=0.3, socket_connect_timeout=0.3
                )
    return _client


def _script(client):
    script = getattr(client, "_portal_record_script", None)
    if script is None:
        script = client._portal_record_script = client.register_script(_RECORD_SCRIPT)
    return script


def _redis_failed(exc: Exception) -> None:
    """Count in the database for a while; say so in the log once a minute."""
    global _redis_down_until, _next_log
    now = time.monotonic()
    _redis_down_until = now + REDIS_RETRY_SECONDS
    if now >= _next_log:
        _next_log = now + 60
        logger.warning("Redis unavailable for visitor counts, using the database: %s", exc)


def reset_redis_client() -> None:
    """Forget the client and any outage (for tests and after a settings change)."""
    global _client, _redis_down_until, _next_log
    _client, _redis_down_until, _next_log = None, 0.0, 0.0
