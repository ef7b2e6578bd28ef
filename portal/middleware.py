"""Requests no page can answer, refused before any of them runs (a control character, a
body sent to a read-only page, a body larger than any form takes); the browser features
pages may use."""

import logging
import re
import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse

from .logs import REQUEST_ID, request_id

access_log = logging.getLogger("portal.requests")

# C0 control characters and DEL, tab and line breaks apart: PostgreSQL refuses a NUL in any
# text, a file name cannot hold one, and no form of the portal sends the others.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same, percent-encoded in a query string (UTF-8 never encodes a letter with these bytes).
_ENCODED_CONTROL = re.compile(r"%(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])")


class RejectControlCharactersMiddleware:
    """A control character in the address or its parameters (``?co-quan=%00``) is answered
    400 here, once for every view and filter, instead of reaching the database or the file
    system as an error page. Reads the query string as sent, without parsing it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if _CONTROL.search(request.path_info) or _ENCODED_CONTROL.search(query) or _CONTROL.search(query):
            raise BadRequest("A control character in the address or its parameters")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (settings.PERMISSIONS_POLICY): the browser
    features a page of the portal may use (the share sheet, copying a link, full screen) and
    none of the others (camera, microphone, location…), for the portal and anything it shows.
    Outside the page cache, so that pages served from it carry the header too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class ReadOnlyForReadersMiddleware:
    """Outside the staff's paths (settings.PORTAL_FORM_PREFIXES: the admin and the editor's
    upload) every page is read-only: a POST, PUT, PATCH or DELETE is answered 405 here, before
    CSRF or a view reads its body, so that nobody can make the server read or spool to disk
    what no page takes (a 300 MB POST to the search page)."""

    SAFE = ("GET", "HEAD", "OPTIONS")
    MESSAGE = "Trang này chỉ để xem; không gửi dữ liệu tới địa chỉ này được."

    def __init__(self, get_response):
        self.get_response = get_response
        self.form_prefixes = tuple(settings.PORTAL_FORM_PREFIXES)

    def __call__(self, request):
        if request.method not in self.SAFE and not request.path_info.startswith(self.form_prefixes):
            return HttpResponseNotAllowed(self.SAFE, self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A body larger than settings.PORTAL_MAX_REQUEST_BYTES (the largest form the admin takes:
    a document with its attachments) is answered 413 from its Content-Length, before anything
    reads it. The proxy in front refuses the same size (deploy/nginx/portal.conf.template), so
    this guards a gunicorn reached without it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.PORTAL_MAX_REQUEST_BYTES

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadRequest("A Content-Length that is not a number") from None
        if length > self.limit:
            response = TemplateResponse(
                request, "413.html", {"limit_mb": self.limit // (1024 * 1024)}, status=413
            )
            response["Connection"] = "close"  # the body is not read: the connection cannot go on
            return response.render()
        return self.get_response(request)


class RequestLogMiddleware:
    """The outermost middleware: gives each request an id (the proxy's X-Request-ID, or a new
    one), which every log line written while it is served carries and its response returns in
    X-Request-ID; with settings.PORTAL_ACCESS_LOG, writes one line for it when it is answered
    (method, path, status, duration, bytes, the page cache's verdict), pages the cache serves
    and static files included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.log_requests = settings.PORTAL_ACCESS_LOG

    def __call__(self, request):
        request.id = request_id(request.headers.get("X-Request-ID", ""))
        token = REQUEST_ID.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            if self.log_requests:
                self.log(request, response, started)
            return response
        finally:
            REQUEST_ID.reset(token)

    def log(self, request, response, started):
        size = response.get("Content-Length") or (0 if response.streaming else len(response.content))
        access_log.info(
            "%s %s %s",
            request.method,
            request.get_full_path(),
            response.status_code,
            extra={
                "method": request.method,
                "path": request.get_full_path(),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "bytes": int(size),
                "client": request.META.get("REMOTE_ADDR", ""),
                "user_agent": request.headers.get("User-Agent", "")[:200],
                "cache": response.get("X-Page-Cache", ""),
            },
        )
