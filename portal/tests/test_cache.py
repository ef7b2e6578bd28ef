"""The Redis cache backend survives a Redis outage: misses, not error pages."""

import logging

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "BACKEND": "portal.cache.ResilientRedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


def test_a_dead_redis_is_a_cache_miss_logged_once(settings, caplog):
    settings.CACHES = {"default": DEAD_REDIS}
    cache = caches["default"]
    with caplog.at_level(logging.WARNING):
        assert cache.get("key") is None
        assert cache.get("key", "default") == "default"
        cache.set("key", 1)
        assert cache.add("key", 1) is False
        assert cache.get_many(["a", "b"]) == {}
        cache.delete("key")
    assert caplog.text.count("Redis cache unavailable") == 1


def test_pages_render_while_redis_is_down(settings, client):
    settings.CACHES = {"default": DEAD_REDIS}
    assert client.get("/").status_code == 200
    assert client.get("/lanh-dao/").status_code == 200


def test_a_live_redis_works_as_the_django_backend(settings):
    import redis

    try:
        redis.Redis(socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("No Redis server on 127.0.0.1:6379 (CI and the development machines have one)")
    settings.CACHES = {"default": {**DEAD_REDIS, "LOCATION": "redis://127.0.0.1:6379/9", "KEY_PREFIX": "t"}}
    cache = caches["default"]
    cache.set("greeting", "xin chào", 10)
    assert cache.get("greeting") == "xin chào"
    cache.delete("greeting")
    # One client per connection pool, not a new one for every call.
    assert cache._cache.get_client() is cache._cache.get_client(write=False)
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
