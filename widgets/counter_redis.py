"""The visitor counters' Redis: its client, made once per process, the script that counts a
batch of page views, and what happens when Redis fails (``widgets.counting`` counts in the
database for a while, and says so in the log once a minute)."""

import logging
import threading
import time

import redis
from django.conf import settings
from redis import exceptions as redis_exceptions
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Counts a batch of page views, once: a batch sent again (its answer was late) changes nothing.
# KEYS: online set, pending hash, the batch's mark; then per view its visitor's visit mark
# and its article's view mark ("" if none).
# ARGV: window (s), the mark's lifetime (s); then per view: time (s), visitor, article slug
# ("" if none), day (yyyy-mm-dd). Returns how many views began a visit, or -1 for a batch
# counted before.
RECORD_SCRIPT = """
if not redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[2]) then return -1 end
local visits = 0
for i = 0, (#ARGV - 2) / 4 - 1 do
  local now, visitor, slug, day = ARGV[3 + 4 * i], ARGV[4 + 4 * i], ARGV[5 + 4 * i], ARGV[6 + 4 * i]
  redis.call('ZADD', KEYS[1], now, visitor)
  if not redis.call('SET', KEYS[4 + 2 * i], 1, 'EX', ARGV[1], 'GET') then
    visits = visits + 1
    redis.call('HINCRBY', KEYS[2], 'visits:' .. day, 1)
  end
  if slug ~= '' and redis.call('SET', KEYS[5 + 2 * i], 1, 'NX', 'EX', ARGV[1]) then
    redis.call('HINCRBY', KEYS[2], 'views:' .. day .. ':' .. slug, 1)
  end
end
return visits
"""


_client_lock = threading.Lock()
_client = None
_redis_down_until = 0.0
_next_log = 0.0
REDIS_RETRY_SECONDS = 30
REDIS_ERRORS = (RedisError, OSError)
RedisTimeoutError = redis_exceptions.TimeoutError
# redis-py's words for a connection that failed before the command left: "Error 111
# connecting to …", "Error 32 while writing to socket…". Any other failure (the connection
# closed while the answer was awaited: Redis shutting down) may come after the script ran.
_NOT_SENT = ("connecting to", "while writing to socket")


def surely_not_run(exc: Exception) -> bool:
    """Whether a failed command certainly did not run in Redis, so that what it was to count
    can be counted elsewhere without counting it twice."""
    if isinstance(exc, RedisTimeoutError):
        return False
    if isinstance(exc, redis_exceptions.ConnectionError | OSError):
        return any(words in str(exc) for words in _NOT_SENT)
    return isinstance(exc, redis_exceptions.ResponseError)  # refused by Redis: nothing ran


def redis_client():
    """The counters' Redis client, or None without a Redis URL or for a while after a failure."""
    global _client
    if not settings.PORTAL_COUNTER_REDIS_URL or time.monotonic() < _redis_down_until:
        return None
    if _client is None:
        with _client_lock:
            if _client is None:
                # One attempt per command: a retry after a timeout could turn a script that
                # ran into an error that reads as "not reached" (counted twice).
                _client = redis.Redis.from_url(
                    settings.PORTAL_COUNTER_REDIS_URL,
                    socket_timeout=0.3,
                    socket_connect_timeout=0.3,
                    retry=Retry(NoBackoff(), 0),
                )
    return _client


def record_script(client):
    script = getattr(client, "_portal_record_script", None)
    if script is None:
        script = client._portal_record_script = client.register_script(RECORD_SCRIPT)
    return script


def redis_failed(exc: Exception) -> None:
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
