"""Two-factor sign-in for staff: enrolling an authenticator app, verifying a session, recovery codes."""

import base64
import logging

import django_otp
import segno
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import two_factor
from ..forms import TokenForm

logger = logging.getLogger("editorial.security")


@never_cache
@staff_member_required
def two_factor_page(request):
    """Enrol an authenticator app, verify this session, or renew the recovery codes."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    context = {
        **admin.site.each_context(request),
        "title": "Xác thực hai bước",
        "next": next_url,
        "required": two_factor.is_required(request.user),
    }
    if two_factor.is_enabled(request.user):
        return _enabled(request, context)
    return _enrol(request, context)


def _enabled(request, context):
    """Two-factor sign-in is on: renew the recovery codes, or verify this session."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "recovery-codes" and user.is_verified():
        codes = two_factor.new_recovery_codes(user)
        logger.info("Recovery codes renewed for %r", user.get_username())
        return render(request, "editorial/recovery_codes.html", {**context, "codes": codes})
    if user.is_verified():
        return render(request, "editorial/two_factor_enabled.html", context)
    # Enabled elsewhere, but this session has not shown a code yet.
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.match(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(context["next"] or "admin:index")
        form.add_error("token", "Mã xác thực không đúng hoặc đã hết hạn.")
    return render(request, "editorial/two_factor_verify.html", {**context, "form": form})


def _enrol(request, context):
    """Enrolment: a new secret until the user proves their app has it."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name=two_factor.APP_DEVICE_NAME, confirmed=False
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()  # django-otp slows down repeated wrong codes
        if not allowed:
            form.add_error(
                "token", "Bạn vừa nhập sai mã: hãy đợi vài giây rồi nhập mã đang hiện trong ứng dụng."
            )
        elif device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            device.confirmed = True
            device.save()
            django_otp.login(request, device)
            codes = two_factor.new_recovery_codes(user)
            logger.info("Two-factor sign-in enabled for %r", user.get_username())
            return render(
                request, "editorial/recovery_codes.html", {**context, "codes": codes, "first": True}
            )
        else:
            form.add_error(
                "token", "Mã chưa khớp. Hãy nhập mã đang hiện trong ứng dụng (mã đổi sau mỗi 30 giây)."
            )
    # segno draws the SVG from our own otpauth:// URL: markup we made, safe to inline.
    qr_svg = mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))
    return render(
        request,
        "editorial/two_factor_enrol.html",
        {**context, "form": form, "qr_svg": qr_svg, "secret": _grouped(device.bin_key)},
    )


def _grouped(key: bytes) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
