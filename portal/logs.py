"""Logging that stays readable on a bad day: a database outage is one line a minute, not a
traceback for every request; the same error mailed to the operators once in ten minutes, not
once a request. With DJANGO_LOG_FORMAT=json every line is a JSON object carrying the id of the
request it belongs to (portal.middleware.RequestLogMiddleware), so that an error is found
beside the request that met it."""

import contextvars
import datetime
import json
import logging
import re
import threading
import time
import uuid

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


# The request being served by this thread: its id is on every line logged meanwhile.
REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# What an id from the proxy (nginx's $request_id: 32 hex digits) may look like; anything else
# is replaced, so that a client cannot write what it likes into the logs.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id(header: str) -> str:
    """The proxy's id for the request if it is a plausible one, else a new one."""
    return header if _SAFE_REQUEST_ID.fullmatch(header) else uuid.uuid4().hex


def stamp_records_with_the_request_id() -> None:
    """Every record, once created, carries the id of the request its thread is serving (``-``
    outside of one), whichever handler, filter or test capture reads it later. Called once by
    PortalConfig.ready()."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return

    def stamped(*args, **kwargs):
        record = make_record(*args, **kwargs)
        record.request_id = REQUEST_ID.get() or "-"
        return record

    stamped.stamps_request_id = True
    logging.setLogRecordFactory(stamped)


class RequestIdFilter(logging.Filter):
    """For a record made before stamp_records_with_the_request_id() (Django's start-up): the
    plain format names %(request_id)s, which must exist."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, the request's
    fields when the record carries them, and the traceback as one string."""

    REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "bytes", "client", "user_agent", "cache")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get() or "-",
        }
        entry.update({key: getattr(record, key) for key in self.REQUEST_FIELDS if hasattr(record, key)})
        request = getattr(record, "request", None)  # django.request's errors carry the request
        if request is not None and "path" not in entry:
            entry.update(method=request.method, path=request.get_full_path())
        if getattr(record, "status_code", None):
            entry.setdefault("status", record.status_code)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class ThrottleFilter(logging.Filter):
    """For the operators' mail: the same error (logger, message, exception type) passes once
    in ``seconds``; its repeats meanwhile are dropped (the log keeps every one)."""

    def __init__(self, seconds: float = 600):
        super().__init__()
        self.seconds = seconds
        self._lock = threading.Lock()
        self._last_sent: dict[tuple, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        error = type(record.exc_info[1]).__name__ if record.exc_info else ""
        key = (record.name, str(record.msg), error)
        with self._lock:
            now = time.monotonic()
            if now - self._last_sent.get(key, float("-inf")) < self.seconds:
                return False
            self._last_sent[key] = now
            if len(self._last_sent) > 1000:  # a flood of distinct errors: forget the oldest
                self._last_sent = dict(sorted(self._last_sent.items(), key=lambda item: item[1])[-500:])
        return True
