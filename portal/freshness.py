"""The version of what readers see: one token that changes whenever any of it changes, so
that every cache of rendered HTML (the page cache, the shared fragments) keys on it and is
never wrong, without deleting entries one by one.

The token changes

- after a change is committed: saves and deletions of the models an app ``watch``es
  (``portal.signals.watch``), and ``content_changed()`` called by code that writes with
  ``QuerySet.update`` (the editorial workflow, the trash);
- when a moment passes at which the public pages change by themselves, with no cron: local
  midnight (the header's date, "Hôm nay") and whatever the apps ``schedule`` (publication
  times ahead, meetings about to begin).

The token lives in the default cache, shared by every server through Redis. Each process
remembers it for ``PORTAL_CONTENT_VERSION_MEMO_SECONDS`` (2 s) so a cached page costs one
cache read, not two; another server sees a change within that time, the one that made it at
once. The next moment is kept beside the token, so the moment is noticed on every server as
soon as it comes.
"""

import datetime
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "portal:content-version"
MAX_REMEMBERED = 256
# A shared fragment never outlives this: entries of versions gone leave the cache.
SHARED_MAX_SECONDS = 3600

_schedules: list[Callable[[datetime.datetime], datetime.datetime | None]] = []
_memo = {"state": None, "read_at": 0.0, "fragments": {}}
_lock = threading.Lock()


def schedule(next_moment: Callable[[datetime.datetime], datetime.datetime | None]) -> None:
    """Register ``next_moment(now)``: the next time after ``now`` at which an app's public
    pages change by themselves (a scheduled publication), or None."""
    if next_moment not in _schedules:
        _schedules.append(next_moment)


def content_changed(*moments: datetime.datetime | None) -> None:
    """Readers' content changed: a new version now, so that the change shows at once in
    this transaction, and another once it commits, so that a page rendered meanwhile from
    the data before the commit, and cached under the first, is never served.

    ``moments``: times ahead at which the changed records change the pages again by
    themselves (a publication scheduled, a meeting's start). The version's end is the
    earliest of these and the one it had, so a change costs no query; the apps' schedules
    are read again only when the version ends.
    """
    _renew(moments)
    transaction.on_commit(partial(_renew, moments))


def content_version() -> str:
    """The current version's token."""
    return _current()["token"]


def current_span() -> tuple[str, datetime.datetime, datetime.datetime]:
    """The current version's token, the moment it began and the moment it ends by itself.

    Nothing readers see changes between the two (a change renews the version, and the
    moments apps schedule end it), so a query that compares with "now" gives the same rows
    for any moment of the span: ``portal.paging`` keys what it caches on the span, not on
    the exact time of a request."""
    state = _current()
    return state["token"], _moment(state["since"]), _moment(state["until"])


def forget() -> None:
    """Forget the version this process remembers, as if it had just started (tests, which
    empty the cache under it)."""
    with _lock:
        _memo["state"], _memo["fragments"] = None, {}


def _current() -> dict:
    now, clock = timezone.now().timestamp(), time.monotonic()
    state = _memo["state"]
    if state is None or clock - _memo["read_at"] > _memo_seconds() or _passed(state, now):
        state = cache.get(VERSION_KEY)
        if state is None or "since" not in state:
            return _renew()
        if _passed(state, now):
            return _renew(ended=state)
        _remember_state(state)
    return state


def remember(key: str, build: Callable[[], object], *, seconds: float | None = None, shared: bool = False):
    """What ``build()`` makes from the content (a menu, an article's text, the settings row),
    made once per version and kept:

    - in this process (the default), for as long as the version lasts or ``seconds``: for
      the few things every page shows;
    - in the shared cache (``shared``), for ``seconds`` (an hour at most): for the many
      things each shown on one page, which the servers build once between them.
    """
    token = content_version()
    if shared:
        # Hashed: a key may hold a search's words or any address (no length or character
        # limits to meet in the cache).
        shared_key = f"fragment:{token}:{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}"
        value = cache.get(shared_key)
        if value is None:
            value = build()
            cache.set(shared_key, value, seconds or SHARED_MAX_SECONDS)
        return value
    fragments = _memo["fragments"]
    found = fragments.get((token, key))
    if found is not None and (found[1] is None or found[1] > time.monotonic()):
        return found[0]
    value = build()
    with _lock:
        # Full (a crawler walking many lists): the oldest go first, those of versions gone
        # among them, not what every page needs.
        while len(fragments) >= MAX_REMEMBERED:
            fragments.pop(next(iter(fragments)))
        fragments[(token, key)] = (value, None if seconds is None else time.monotonic() + seconds)
    return value


def next_moment(now: datetime.datetime | None = None) -> datetime.datetime:
    """The earliest moment ahead at which pages change by themselves: local midnight, or
    sooner what an app scheduled."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [midnight, *(moment for source in _schedules if (moment := source(now)) is not None)]
    return min(moments)


def seconds_left() -> float:
    """Seconds until the current version ends by itself (a cache entry should not outlive it)."""
    content_version()
    return max(_memo["state"]["until"] - timezone.now().timestamp(), 0.0)


def _renew(moments=None, ended: dict | None = None) -> dict:
    """A new version from now, its end computed afresh, or (``moments`` given: a change)
    carried over. After one that ``ended`` by itself, the new one begins when it ended
    (nothing changed since), unless another moment has passed already."""
    now = timezone.now()
    since, until = now.timestamp(), None
    previous = cache.get(VERSION_KEY) if moments is not None else None
    if previous is not None and "since" in previous and not _passed(previous, since):
        until = min(
            [previous["until"], *(moment.timestamp() for moment in moments if moment and moment > now)]
        )
    elif ended is not None and ended["until"] <= since:
        after = next_moment(_moment(ended["until"])).timestamp()
        if after > since:
            since, until = ended["until"], after
    if until is None:
        until = next_moment(now).timestamp()
    state = {"token": secrets.token_hex(8), "since": since, "until": until}
    cache.set(VERSION_KEY, state, timeout=None)
    _remember_state(state)
    return state


def _remember_state(state: dict) -> None:
    with _lock:
        if _memo["state"] is None or _memo["state"]["token"] != state["token"]:
            _memo["fragments"] = {}
        _memo["state"] = state
        _memo["read_at"] = time.monotonic()


def _passed(state: dict, now: float) -> bool:
    """The version's moment came, or the clock went back past its start (a corrected clock:
    moments ahead may then be missing from it)."""
    return not state["since"] <= now < state["until"]


def _moment(timestamp: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def _memo_seconds() -> float:
    return getattr(settings, "PORTAL_CONTENT_VERSION_MEMO_SECONDS", 2.0)
