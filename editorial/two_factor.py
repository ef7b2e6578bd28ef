"""Two-factor sign-in for staff: TOTP (an authenticator app) and single-use recovery codes.

django-otp keeps the devices: a confirmed ``TOTPDevice`` named "Ứng dụng xác thực" and a
``StaticDevice`` "Mã dự phòng" holding ten recovery codes. A six-digit token is checked
against the app, anything else against the recovery codes, so the sign-in form needs one
field only.
"""

import re

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


def is_required(user) -> bool:
    """Must ``user`` sign in with a second factor? Superusers and the roles that publish or administer."""
    if not settings.PORTAL_TWO_FACTOR_ENFORCED or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=roles.TWO_FACTOR_REQUIRED).exists()


def is_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def match(user, token: str):
    """The device ``token`` is valid for (and now used), or None."""
    token = re.sub(r"[\s-]", "", token or "")
    if re.fullmatch(r"\d{6}", token):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    elif token:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
        token = token.lower()
    else:
        return None
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones, returned once for printing."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset(user) -> None:
    """Remove every second factor of ``user`` (an administrator's action for a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
