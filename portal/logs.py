"""Logging that stays readable on a bad day: a database outage is one line a minute, not a
traceback for every request."""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError

# What a request meets when the database is down, restarting, refusing connections or cancels
# a statement that ran too long: the portal answers 503 (portal.views.server_error).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
QUIET_SECONDS = 60


class DatabaseOutageFilter(logging.Filter):
    """On ``django.request``: the first error of an unavailable database passes, with its
    traceback; the next ones within QUIET_SECONDS are counted, and the count is told with the
    next one that passes. Every other record passes untouched."""

    def __init__(self, name: str = ""):
        super().__init__(name)
        self._lock = threading.Lock()
        self._quiet_until = 0.0
        self._held_back = 0

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, DATABASE_UNAVAILABLE):
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._quiet_until:
                self._held_back += 1
                return False
            if self._held_back:
                record.msg = f"{record.msg} (and {self._held_back} more since the last one logged)"
            self._quiet_until, self._held_back = now + QUIET_SECONDS, 0
        return True
