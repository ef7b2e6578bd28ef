"""The last good snapshot of each provider: read cheaply by pages, refreshed off the page.

Pages call ``current``: one cache read, no query when the cache is warm, never a network
call. When the snapshot is older than the provider's STALE_AFTER, ``current`` asks for a
background refresh, which at most one process at a time may run: ``refresh`` first wins an
atomic UPDATE on the provider's row (``claim``), so however many servers and threads ask,
a provider is fetched at most once per MIN_INTERVAL (Vietcombank asks for 5 minutes). A
failed fetch keeps the last good snapshot, records the error and logs one line.
``manage.py refresh_widgets`` calls ``refresh`` on a schedule.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connections
from django.db.models import F, Q
from django.utils import timezone

from portal.models import SiteSettings

from .models import Snapshot
from .providers import rates, weather
from .providers.base import ProviderError

logger = logging.getLogger(__name__)

PROVIDERS = {weather.NAME: weather, rates.NAME: rates}
CACHE_KEY = "widgets:snapshot:{name}:v1"
CACHE_SECONDS = 24 * 60 * 60
# A page asks again for a background refresh of the same provider at most this often.
REQUEST_AGAIN_SECONDS = 60


def current(name: str, site: SiteSettings | None = None) -> dict | None:
    """The provider's last good snapshot: {"data", "fetched_at", "is_demo"}, or None if none yet."""
    key = CACHE_KEY.format(name=name)
    entry = cache.get(key)
    if entry is None:
        row = Snapshot.objects.filter(provider=name).values("data", "fetched_at", "is_demo").first()
        entry = row if row and row["fetched_at"] else {"data": None, "fetched_at": None, "is_demo": False}
        cache.set(key, entry, CACHE_SECONDS)
    if is_stale(name, entry, site):
        request_refresh(name)
    return entry if entry["data"] else None


def is_stale(name: str, entry: dict, site: SiteSettings | None = None) -> bool:
    fetched_at = entry.get("fetched_at")
    if fetched_at is None or timezone.now() - fetched_at > PROVIDERS[name].STALE_AFTER:
        return True
    return name == weather.NAME and site is not None and entry["data"].get("location") != location_of(site)


def ages(now: datetime.datetime | None = None) -> dict[str, int | None]:
    """Seconds since each provider's last good data (None: never fetched), in one query."""
    now = now or timezone.now()
    fetched = dict(Snapshot.objects.values_list("provider", "fetched_at"))
    return {
        name: round((now - fetched[name]).total_seconds()) if fetched.get(name) else None
        for name in PROVIDERS
    }


def location_of(site: SiteSettings) -> str:
    """The weather location a snapshot was fetched for, to notice a change in the settings."""
    return f"{float(site.weather_latitude):.5f},{float(site.weather_longitude):.5f}"


def claim(name: str, interval: datetime.timedelta, now: datetime.datetime) -> bool:
    """Win the right to fetch ``name`` now: True for exactly one caller per ``interval``."""
    Snapshot.objects.get_or_create(provider=name)
    won = (
        Snapshot.objects.filter(provider=name)
        # An attempt stamped far in the future (a clock that was wrong) does not block forever.
        .filter(
            Q(attempted_at__isnull=True)
            | Q(attempted_at__lte=now - interval)
            | Q(attempted_at__gt=now + interval)
        )
        .update(attempted_at=now)
    )
    return won == 1


def refresh(name: str, site: SiteSettings | None = None) -> str:
    """Fetch ``name`` if its interval allows; "updated", "skipped" (too soon) or "failed"."""
    module = PROVIDERS[name]
    site = site or SiteSettings.load()
    now = timezone.now()
    if not claim(name, module.MIN_INTERVAL, now):
        _reload_cache(name)  # another process may have fetched: show its data here too
        return "skipped"
    previous = Snapshot.objects.filter(provider=name).values("data", "fetched_at", "is_demo").get()
    try:
        data = module.fetch(site, previous=None if previous["is_demo"] else previous["data"] or None)
    except Exception as exc:
        if isinstance(exc, ProviderError):
            message = str(exc) if str(exc).startswith(f"{name}:") else f"{name}: {exc}"
            logger.warning("%s; keeping the snapshot of %s", message, _when(previous["fetched_at"]))
        else:  # a bug, not the provider's fault: keep the traceback
            logger.exception(
                "%s: unexpected error; keeping the snapshot of %s", name, _when(previous["fetched_at"])
            )
        Snapshot.objects.filter(provider=name).update(
            failed_at=now, last_error=f"{type(exc).__name__}: {exc}"[:500], failures=F("failures") + 1
        )
        return "failed"
    if name == weather.NAME:
        data["location"] = location_of(site)
    store(name, data, fetched_at=now)
    return "updated"


def store(name: str, data: dict, *, fetched_at: datetime.datetime, is_demo: bool = False) -> None:
    """Keep ``data`` as the provider's snapshot and put it in the cache for the pages."""
    Snapshot.objects.update_or_create(
        provider=name,
        defaults={
            "data": data,
            "fetched_at": fetched_at,
            "is_demo": is_demo,
            "last_error": "",
            "failures": 0,
        },
    )
    entry = {"data": data, "fetched_at": fetched_at, "is_demo": is_demo}
    cache.set(CACHE_KEY.format(name=name), entry, CACHE_SECONDS)


def _reload_cache(name: str) -> None:
    row = Snapshot.objects.filter(provider=name).values("data", "fetched_at", "is_demo").first()
    if row and row["fetched_at"]:
        cache.set(CACHE_KEY.format(name=name), row, CACHE_SECONDS)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "none (no data yet)"


# --- Refreshing in the background ---------------------------------------------------------

_lock = threading.Lock()
_requested: dict[str, float] = {}


def request_refresh(name: str) -> None:
    """Start ``refresh(name)`` in a background thread, unless one was asked for just now."""
    if not settings.WIDGETS_BACKGROUND_REFRESH:
        return
    now = time.monotonic()
    with _lock:
        if now - _requested.get(name, -REQUEST_AGAIN_SECONDS) < REQUEST_AGAIN_SECONDS:
            return
        _requested[name] = now
    threading.Thread(target=_refresh_in_background, args=(name,), name=f"widgets-{name}", daemon=True).start()


def _refresh_in_background(name: str, attempts: int = 3) -> None:
    try:
        for attempt in range(attempts):
            try:
                refresh(name)
                return
            except OperationalError:  # SQLite busy with another writer: wait a moment
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
    except Exception:
        logger.exception("%s: background refresh failed", name)
    finally:
        connections.close_all()  # this thread's own connections
