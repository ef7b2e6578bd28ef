"""The answer to a locked-out sign-in (django-axes' AXES_LOCKOUT_CALLABLE)."""

from axes.conf import settings
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers itself (its template, in Vietnamese, status 429), with
    ``Retry-After``: the seconds of the cool-off, for a client or a script to wait."""
    cool_off = get_cool_off(request)
    context = {
        # The admin's frame: its header names the portal, not "Trang quản trị cho Django".
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    status = settings.AXES_HTTP_RESPONSE_CODE
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=status)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
