"""One clear log line when a sign-in is locked out, and when a lock ends."""

import logging
import time

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver

logger = logging.getLogger("editorial.security")


@receiver(user_locked_out, dispatch_uid="editorial.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Once per lock: later attempts during the lock raise the signal again."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(f"editorial:locked:{username}:{ip_address}", True, seconds):
        return
    minutes = seconds // 60
    logger.warning(
        "Sign-in locked for %d minutes: user %r from %s after %d failed attempts",
        minutes,
        username,
        ip_address,
        settings.AXES_FAILURE_LIMIT,
    )


@receiver(post_delete, sender=AccessAttempt, dispatch_uid="editorial.log_unlock")
def log_unlock(sender, instance, **kwargs):
    """An attempt record at the limit goes away: by expiry, a success, or an administrator."""
    if instance.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        cache.delete(f"editorial:locked:{instance.username}:{instance.ip_address}")
        logger.warning("Sign-in unlocked: user %r from %s", instance.username, instance.ip_address)


@receiver(user_logged_in, dispatch_uid="editorial.session_renewed_at_login")
def mark_session_renewed(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the idle clock starts there."""
    from .middleware import IdleSessionMiddleware

    if request is not None and hasattr(request, "session"):
        request.session[IdleSessionMiddleware.KEY] = int(time.time())
