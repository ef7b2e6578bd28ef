"""Health checks for a load balancer, an orchestrator or compose's health check.

``/healthz`` (liveness) says the process answers, and nothing more: a database outage must
not make an orchestrator restart every server. ``/readyz`` (readiness) says whether this
server can serve pages: the database answers, the cache keeps a value, the media storage
takes a file; it also gives the age of the sidebar's weather and rates, which never make a
server unready (a provider's outage would take every server out of rotation at once).
Both are unauthenticated, cheap, never cached, and reveal nothing but "ok" or
"unavailable" for each part: no error text, no host, no version.
"""

import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse

from widgets import snapshots

OK, UNAVAILABLE = "ok", "unavailable"


def healthz(request):
    return _answer({"status": OK}, 200)


def readyz(request):
    checks = {"database": _database(), "cache": _cache(), "storage": _storage()}
    ready = all(state == OK for state in checks.values())
    body = {"status": OK if ready else UNAVAILABLE, "checks": checks}
    if checks["database"] == OK:
        body["widgets_age_seconds"] = snapshots.ages()
    return _answer(body, 200 if ready else 503)


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"  # nor the page cache, nor a proxy, nor a browser
    return response


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return UNAVAILABLE
    return OK


def _cache() -> str:
    # The cache's backend turns an unreachable Redis into misses: a value that does not come
    # back is the failure.
    key, token = "health:readyz", secrets.token_hex(8)
    cache.set(key, token, 10)
    return OK if cache.get(key) == token else UNAVAILABLE


def _storage() -> str:
    try:
        name = default_storage.save(f"health/{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception:  # a full disk, a missing bucket, a refused credential: all "unavailable"
        return UNAVAILABLE
    return OK
