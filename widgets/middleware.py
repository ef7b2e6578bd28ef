"""Counts readers' page views; the outermost middleware, so it runs for every response,
including those a page cache serves without reaching a view."""

import functools
import ipaddress
import logging
import re

from django.conf import settings
from django.urls import Resolver404, resolve

from . import counting

logger = logging.getLogger(__name__)

# User agents of crawlers, link previewers, monitors and scripts: not readers.
BOT_AGENTS = re.compile(
    r"(?<!cu)bot\b|bot/|bot-|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog"
    r"|embedly|quora link|preview|pinterest|bingpreview|headless|lighthouse|pagespeed"
    r"|pingdom|uptime|monitor|statuscake"
    r"|curl/|wget/|python-|httpx|aiohttp|go-http-client|java/|okhttp|libwww|scrapy|feedfetcher"
    r"|feedparser|rss|phantomjs|selenium|puppeteer|playwright",
    re.IGNORECASE,
)
# Requests a browser makes ahead of a click, or to draw a link preview (Safari: X-Purpose).
PURPOSE_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
# Not counted: the admin, files and the machine-readable pages.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/quan-tri/", "/xem-truoc/")
ARTICLE_VIEW = "news:article"


def is_reader(request) -> bool:
    """A person loading a page: a GET, a browser's user agent, not a prefetch."""
    if request.method != "GET":
        return False
    if _is_bot(request.headers.get("User-Agent", "")):
        return False
    purpose = " ".join(request.headers.get(name, "") for name in PURPOSE_HEADERS).lower()
    return not any(word in purpose for word in ("prefetch", "prerender", "preview"))


@functools.lru_cache(maxsize=1024)
def _is_bot(agent: str) -> bool:
    """No user agent, or a crawler's, a previewer's or a script's: remembered per user agent
    (readers' browsers repeat a few hundred of them), the pattern being long."""
    return not agent or BOT_AGENTS.search(agent) is not None


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A 304 from the page cache is a page seen again (a reload): counted as the 200 was.
        content_type = response.get("Content-Type") or getattr(response, "page_content_type", "")
        if (
            response.status_code in (200, 304)
            and content_type.startswith("text/html")
            and not request.path_info.startswith(SKIPPED_PREFIXES)
            and is_reader(request)
        ):
            try:
                counting.record(_visitor(request), _article_slug(request))
            except Exception:  # counting must never cost a reader the page
                logger.exception("Could not count a page view")
        return response


def _visitor(request) -> str:
    return counting.visitor_key(client_ip(request), request.headers.get("User-Agent", ""))


def client_ip(request) -> str:
    """The reader's address: REMOTE_ADDR, or behind N trusted proxies (PORTAL_TRUSTED_PROXIES)
    the address the outermost of them saw, read from the right of X-Forwarded-For. The header
    counts only on a request from a proxy (PORTAL_PROXY_ADDRESSES): sent by anyone else, it
    is a claim anyone can make."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if not proxies or not _is_proxy(remote):
        return remote
    forwarded = [
        part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
    ]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def _is_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.PORTAL_PROXY_ADDRESSES)


def _article_slug(request) -> str:
    """The article the page shows: as the view was found, or by the path for a page the
    page cache answered (no view was looked up)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return _article_slug_of(request.path_info)
    return match.kwargs.get("slug", "") if match.view_name == ARTICLE_VIEW else ""


@functools.lru_cache(maxsize=4096)
def _article_slug_of(path: str) -> str:
    """The article a path leads to (the page cache answers without resolving it), by the URL
    patterns alone, which never change while the process runs: remembered, since resolving
    costs more than the cached page's whole answer."""
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return match.kwargs.get("slug", "") if match.view_name == ARTICLE_VIEW else ""
