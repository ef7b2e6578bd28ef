"""Who has an article open in the admin now, so that two people do not edit it unawares.

The article form reports itself every 30 seconds (static/js/article-autosave.js); someone
not heard from for 75 seconds has closed it. Kept in the shared cache (Redis, or files under
var/ in `make run`), one entry per article: losing it costs a notice, never a word typed
(the optimistic lock still refuses a stale save, editorial/admin/newsroom.py).
"""

import datetime
import time

from django.core.cache import cache
from django.utils import timezone

from .roles import staff_name

GONE_AFTER = 75  # seconds: two missed reports and a margin


def _key(article_id: int) -> str:
    return f"editorial:presence:article:{article_id}"


def report(article_id: int, user) -> list[dict]:
    """Note that ``user`` has the article open; return the others who do, with since when."""
    now = time.time()
    key = _key(article_id)
    present = {
        user_id: entry
        for user_id, entry in (cache.get(key) or {}).items()
        if now - entry["seen"] < GONE_AFTER
    }
    mine = present.get(str(user.pk))
    present[str(user.pk)] = {
        "name": staff_name(user),
        "since": mine["since"] if mine else now,
        "seen": now,
    }
    cache.set(key, present, GONE_AFTER)
    return [
        {"name": entry["name"], "since": f"{timezone.localtime(_aware(entry['since'])):%H:%M}"}
        for user_id, entry in sorted(present.items(), key=lambda item: item[1]["since"])
        if user_id != str(user.pk)
    ]


def _aware(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
