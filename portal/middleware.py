"""Requests no page can answer, refused before any of them runs (a control character, a
body sent to a read-only page); the browser features pages may use."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseNotAllowed

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
