"""Django's Redis cache backend, made to survive a Redis outage.

Django's own ``RedisCache`` lets connection errors reach the page: with Redis down, every
page that reads the cache would fail. Here a failed call is a cache miss (or a no-op write),
logged once a minute, and for a few seconds after a failure Redis is not asked at all, so a
dead server costs a page no more than one short socket timeout.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
LOG_EVERY_SECONDS = 60


def _survives_outage(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return default(args, kwargs) if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as exc:
                now = time.monotonic()
                self._down_until = now + RETRY_AFTER_SECONDS
                if now >= self._next_log:
                    self._next_log = now + LOG_EVERY_SECONDS
                    logger.warning("Redis cache unavailable, serving without it: %s", exc)
                return default(args, kwargs) if callable(default) else default

        return wrapper

    return decorate


def _default_argument(args, kwargs):
    """What ``get(key, default=None)`` returns on a miss."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` object for every call (about 0.1 ms, as
    long as the page cache's whole answer takes otherwise); one per connection pool is kept
    here instead. A ``redis.Redis`` over a pool is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._next_log = 0.0

    get = _survives_outage(_default_argument)(RedisCache.get)
    set = _survives_outage(None)(RedisCache.set)
    add = _survives_outage(False)(RedisCache.add)
    touch = _survives_outage(False)(RedisCache.touch)
    delete = _survives_outage(False)(RedisCache.delete)
    has_key = _survives_outage(False)(RedisCache.has_key)
    get_many = _survives_outage(lambda args, kwargs: {})(RedisCache.get_many)
    set_many = _survives_outage(lambda args, kwargs: [])(RedisCache.set_many)
    delete_many = _survives_outage(None)(RedisCache.delete_many)
    clear = _survives_outage(False)(RedisCache.clear)
