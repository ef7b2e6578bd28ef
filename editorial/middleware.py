import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor

security = logging.getLogger("editorial.security")


class RequireTwoFactorMiddleware:
    """A session that still owes its second factor (the role requires one, or the person
    enabled one) counts as signed in only for the sign-in and "Xác thực hai bước" pages: admin
    pages lead there, and every other page (previews, uploads) sees an anonymous visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        # Readers (no session) leave at the first test, without resolving any URL.
        if self._owes_second_factor(request) and not path.startswith(self._open_paths()):
            if path.startswith("/admin/"):
                return redirect(f"{reverse('editorial:two-factor')}?{urlencode({'next': path})}")
            request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _owes_second_factor(request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False  # readers (no session) cost no query here
        return two_factor.is_required(user) or two_factor.is_enabled(user)

    @staticmethod
    def _open_paths() -> tuple[str, ...]:
        return (
            reverse("editorial:two-factor"),
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
        )


class IdleSessionMiddleware:
    """Staff sessions end after SESSION_COOKIE_AGE without activity, and in any case
    PORTAL_SESSION_MAX_SECONDS after signing in (a session kept alive all night by an open
    tab ends all the same: the next request is anonymous and the admin asks to sign in).

    Saving the session renews its expiry; doing so on every request would write to the
    database on every admin click, so it is renewed at most every RENEW_SECONDS. The idle
    limit is then between SESSION_COOKIE_AGE and that plus RENEW_SECONDS.
    """

    RENEW_SECONDS = 5 * 60
    KEY = "_renewed_at"
    SIGNED_IN_KEY = "_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            # A session from before this rule has no sign-in time: its clock starts now.
            signed_in = session.setdefault(self.SIGNED_IN_KEY, int(time.time()))
            if time.time() - signed_in > settings.PORTAL_SESSION_MAX_SECONDS:
                security.info("Session of %r ended: signed in over its lifetime ago", request.user.username)
                logout(request)
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.RENEW_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response
