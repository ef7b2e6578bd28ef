"""The editorial app's signal receivers, connected by ``EditorialConfig.ready``: the audit log
of role changes, one clear log line when a sign-in is locked out and when a lock ends, and
the idle clock of a new session."""

import logging
import time

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete
from django.utils import timezone

from portal.signals import unwatched

from . import audit
from .middleware import IdleSessionMiddleware
from .models import AuditEntry, PreviewLink, WorkflowEvent

logger = logging.getLogger("editorial.security")


def connect() -> None:
    m2m_changed.connect(audit_role_change, sender=User.groups.through, dispatch_uid="editorial.audit_roles")
    m2m_changed.connect(
        audit_role_rights, sender=Group.permissions.through, dispatch_uid="editorial.audit_role_rights"
    )
    user_locked_out.connect(log_lockout, dispatch_uid="editorial.log_lockout")
    post_delete.connect(log_unlock, sender=AccessAttempt, dispatch_uid="editorial.log_unlock")
    user_logged_in.connect(mark_session_renewed, dispatch_uid="editorial.session_renewed_at_login")
    # The newsroom's own records; what they change for readers (a transition, the trash)
    # calls portal.freshness.content_changed itself.
    unwatched(WorkflowEvent, AuditEntry, PreviewLink)


def audit_role_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A person given or relieved of a role, from the user's page or the role's."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = AuditEntry.Action.ROLE_ADDED if action == "post_add" else AuditEntry.Action.ROLE_REMOVED
    if reverse:  # users added to or removed from a group
        for user in User.objects.filter(pk__in=pk_set):
            audit.record(kind, user, detail=instance.name)
    else:
        names = ", ".join(Group.objects.filter(pk__in=pk_set).order_by("name").values_list("name", flat=True))
        audit.record(kind, instance, detail=names)


def audit_role_rights(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove") or not pk_set or reverse:
        return
    names = ", ".join(
        Permission.objects.filter(pk__in=pk_set).order_by("codename").values_list("name", flat=True)
    )
    sign = "thêm" if action == "post_add" else "bỏ"
    audit.record(AuditEntry.Action.ROLE_CHANGED, instance, detail=f"{sign}: {names}"[:2000])


def log_lockout(sender, request, username, ip_address, **kwargs):
    """Once per lock: later attempts during the lock raise the signal again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60
    already = AuditEntry.objects.filter(
        action=AuditEntry.Action.LOCKED,
        target=username or "?",
        detail__startswith=f"từ {ip_address},",
        at__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    if already.exists():
        return  # an attempt during the lock, not the failure that locked
    audit.record(
        AuditEntry.Action.LOCKED,
        username or "?",
        actor=AnonymousUser(),
        target_type="tên đăng nhập",
        detail=f"từ {ip_address}, {settings.AXES_FAILURE_LIMIT} lần sai; khóa {minutes} phút",
    )
    logger.warning(
        "Sign-in locked for %d minutes: user %r from %s after %d failed attempts",
        minutes,
        username,
        ip_address,
        settings.AXES_FAILURE_LIMIT,
    )


def log_unlock(sender, instance, **kwargs):
    """An attempt record at the limit goes away: by expiry, a success, or an administrator."""
    if instance.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        audit.record(
            AuditEntry.Action.UNLOCKED,
            instance.username or "?",
            target_type="tên đăng nhập",
            detail=f"từ {instance.ip_address}",
        )
        logger.warning("Sign-in unlocked: user %r from %s", instance.username, instance.ip_address)


def mark_session_renewed(sender, request, user, **kwargs):
    """Signing in saves the session anyway: the idle clock starts there."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[IdleSessionMiddleware.KEY] = now
        request.session[IdleSessionMiddleware.SIGNED_IN_KEY] = now  # the lifetime starts too
