"""The page cache: whole responses for readers, kept under the content's version.

A reader's page (a GET without a staff session, a form's cookie or a pending message) is
looked up by its address and the version of the content (``portal.freshness``) before
anything else runs: a hit costs one cache read, no session, no database. What a view
renders is kept when nothing in it belongs to one visitor: status 200, 301 or 404, no
cookie set, no ``Cache-Control: private/no-store/no-cache`` (previews), a body under 1 MB.

An entry lives ``PORTAL_PAGE_CACHE_SECONDS`` (120 s: the sidebar's weather and visitor
figures are that fresh), no longer than the view's own ``max-age`` if it gave one, and never
past the version's end; a change that readers see makes a new version, so a withdrawn
article is gone from every page at once. Each entry keeps the page
gzipped (as browsers take it; the few clients that do not accept gzip get it unpacked) and
an ETag, answered with 304 when unchanged: a hit reads a few kilobytes from the cache.

Each process also keeps the pages it served last (``PORTAL_PAGE_CACHE_LOCAL_SECONDS``, 5 s,
and never past the entry's own end), so a page read over and over (an article shared on
Zalo) costs no round trip to the cache at all. A copy is found by the same key, which holds
the content version: it is never older than the version this process knows, which
``portal.freshness`` keeps within 2 seconds of every server's changes.

Tracking parameters that links shared on Facebook or Zalo carry (``fbclid``, ``utm_*``…)
are left out of the address: the page is the same.
"""

import gzip
import hashlib
import math
import threading
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_max_age, patch_vary_headers
from django.utils.http import parse_etags

from . import freshness

CACHEABLE_STATUS = {200, 301, 404}
MAX_BODY_BYTES = 1024 * 1024
# The health checks (website/health.py) too: the cache's key needs the content's version,
# which may need the database, and liveness must not.
SKIPPED_PREFIXES = ("/admin/", "/xem-truoc/", "/quan-tri/", "/media/", "/static/", "/healthz", "/readyz")
TRACKING_PARAMS = {"fbclid", "gclid", "zarsrc", "_hsenc", "_hsmi", "mc_cid", "mc_eid"}
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# Shared caches in front (nginx, a CDN) may keep a page this long: with the 2 seconds another
# server may take to see a new version (portal.freshness), within the 5 seconds in which a
# change must show everywhere. Browsers revalidate every time (ETag).
CACHE_CONTROL = "public, max-age=0, s-maxage=3"
HIT_HEADER = "X-Page-Cache"
# In the key: servers of two releases sharing the cache during a rolling deploy never read
# each other's entries when their shape changes (3: with the moment the entry ends).
ENTRY_FORMAT = 3
# zlib's level 4 makes an article page 3 % larger than level 6 (7.0 KB against 6.8 KB) in
# 60 % of the time (0.16 ms against 0.27 ms), which every first reading pays.
GZIP_LEVEL = 4
# Pages a process keeps copies of: the most read ones (a few KB each, gzipped; 1 MB at most).
LOCAL_MAX = 200


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple
    gzipped: bytes
    etag: str
    max_age: int | None  # what the view allowed any cache, if it said
    ends: float  # when the entry ends (time.time()): no copy outlives it

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.gzipped)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.bypass_cookies = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}

    def __call__(self, request):
        if not (settings.PORTAL_PAGE_CACHE and self._for_readers(request)):
            return self.get_response(request)
        key = page_key(request)
        entry = _local_copy(key)
        if entry is None:
            entry = cache.get(key)
            if entry is not None:
                _keep_copy(key, entry)
        if entry is not None:
            return answer(request, entry, hit=True)
        request.page_cache_keeps = request.method == "GET"
        response = self.get_response(request)
        if request.method != "GET" or not storable(response):
            return response
        entry = make_entry(response)
        seconds = round(entry.ends - time.time())  # the whole seconds make_entry gave it
        if seconds >= 1:
            cache.set(key, entry, seconds)
            _keep_copy(key, entry)
        return answer(request, entry, hit=False)

    def _for_readers(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path_info.startswith(SKIPPED_PREFIXES)
            and not self.bypass_cookies.intersection(request.COOKIES)
            and "HTTP_AUTHORIZATION" not in request.META
        )


_copies: dict[str, tuple[Entry, float]] = {}  # key: (entry, until, as time.monotonic())
_monotonic = time.monotonic  # (tests move it)
_copies_lock = threading.Lock()


def _local_copy(key: str) -> Entry | None:
    found = _copies.get(key)
    if found is None:
        return None
    if found[1] > _monotonic():
        return found[0]
    _copies.pop(key, None)
    return None


def _keep_copy(key: str, entry: Entry) -> None:
    seconds = min(settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS, entry.ends - time.time())
    if seconds <= 0:
        return
    with _copies_lock:
        # Full: the oldest copies go first (those of versions gone among them).
        while len(_copies) >= LOCAL_MAX:
            _copies.pop(next(iter(_copies)), None)
        _copies.pop(key, None)
        _copies[key] = (entry, _monotonic() + seconds)


def forget_copies() -> None:
    """Forget the pages this process keeps (tests, which empty the cache under them)."""
    _copies.clear()


def remember_parts(request, key: str, build, *, seconds: float):
    """What ``build()`` renders of one page (an article's text and lists, a search's
    results), kept in the shared cache for ``seconds`` (``freshness.remember``) for the
    readers the page cache does not serve. When the page cache is about to keep the whole
    page, under the same version and at least as long, a copy of its parts would be written
    and never read: the parts are rendered without one (two round trips to the cache fewer,
    on every first reading of an article)."""
    if getattr(request, "page_cache_keeps", False) and seconds <= settings.PORTAL_PAGE_CACHE_SECONDS:
        return build()
    return freshness.remember(key, build, seconds=seconds, shared=True)


def page_key(request) -> str:
    """The cache key of the page ``request`` asks for, under the current content version."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = [(name, value) for name, value in pairs if not _tracking(name)]
    address = f"{request.get_host()}{request.path}?{urlencode(query)}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{ENTRY_FORMAT}:{freshness.content_version()}:{digest}"


def _tracking(name: str) -> bool:
    return name in TRACKING_PARAMS or name.startswith("utm_")


def storable(response) -> bool:
    if response.status_code not in CACHEABLE_STATUS or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or len(response.content) > MAX_BODY_BYTES:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in PRIVATE_DIRECTIVES):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie", "accept-encoding", "accept-language"}


def make_entry(response) -> Entry:
    """The entry of ``response``, which ends after PORTAL_PAGE_CACHE_SECONDS at most, sooner
    if the version ends first or the view allowed less (``max-age``), in whole seconds."""
    body = response.content
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in ("content-length", "vary")
    )
    etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    max_age = get_max_age(response)
    seconds = min(
        settings.PORTAL_PAGE_CACHE_SECONDS,
        freshness.seconds_left(),
        max_age if max_age is not None else math.inf,
    )
    ends = time.time() + int(seconds)
    return Entry(response.status_code, headers, gzip.compress(body, GZIP_LEVEL, mtime=0), etag, max_age, ends)


def answer(request, entry: Entry, *, hit: bool) -> HttpResponse:
    """The response for ``entry``: 304 when the browser has it, gzip when it accepts it."""
    # META, not request.headers: that would copy every header of the request first.
    if entry.status == 200 and entry.etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
        response.page_content_type = dict(entry.headers).get("Content-Type", "")  # for the counter
    else:
        wants_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        response = HttpResponse(entry.gzipped if wants_gzip else entry.body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        if wants_gzip:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(response.content))
    response["ETag"] = entry.etag
    if entry.max_age is None:
        response["Cache-Control"] = CACHE_CONTROL
    response[HIT_HEADER] = "hit" if hit else "miss"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
