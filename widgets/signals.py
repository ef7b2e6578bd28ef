"""The widgets app's declarations to the page cache, made by ``WidgetsConfig.ready``."""

from portal.signals import unwatched

from .models import CountBatch, DailyVisits, Snapshot, ViewMark, VisitorActivity


def connect() -> None:
    # Counters are never part of the content's version; the weather and rate boxes are
    # refreshed by time, and a cached page lives at most PORTAL_PAGE_CACHE_SECONDS.
    unwatched(Snapshot, VisitorActivity, ViewMark, DailyVisits, CountBatch)
