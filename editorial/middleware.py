import time

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor


class RequireTwoFactorMiddleware:
    """Staff whose role requires a second factor reach the admin only with a verified session;
    until then every admin page leads to "Xác thực hai bước" (enrolment or verification)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not path.startswith(self._open_paths()):
            user = request.user
            if user.is_authenticated and not user.is_verified() and two_factor.is_required(user):
                return redirect(f"{reverse('editorial:two-factor')}?{urlencode({'next': path})}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> tuple[str, ...]:
        return (
            reverse("editorial:two-factor"),
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("admin:jsi18n"),
        )


class IdleSessionMiddleware:
    """Staff sessions end after SESSION_COOKIE_AGE without activity.

    Saving the session renews its expiry; doing so on every request would write to the
    database on every admin click, so it is renewed at most every RENEW_SECONDS. The idle
    limit is then between SESSION_COOKIE_AGE and that plus RENEW_SECONDS.
    """

    RENEW_SECONDS = 5 * 60
    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.RENEW_SECONDS:
                session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response
