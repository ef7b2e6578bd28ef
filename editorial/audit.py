"""The audit log: publish, unpublish, delete, restore, role changes, sign-in locks.

``record`` writes one ``AuditEntry``. The acting user comes from the request being served
(``AuditUserMiddleware`` keeps it in a context variable), so that signals such as a change
of a user's groups know who made it.
"""

import contextvars

from .models import AuditEntry

_current_user = contextvars.ContextVar("audit_user", default=None)


def current_user():
    return _current_user.get()


def record(action: str, target, *, actor=None, detail: str = "", target_type: str = "") -> AuditEntry:
    actor = actor if actor is not None else current_user()
    if actor is not None and not actor.is_authenticated:
        actor = None
    if not target_type and hasattr(target, "_meta"):
        target_type = str(target._meta.concrete_model._meta.verbose_name)
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        target_type=target_type,
        target_id=str(getattr(target, "pk", "") or ""),
        target=str(target)[:300],
        detail=detail,
    )


class AuditUserMiddleware:
    """Remembers who is acting for the duration of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The lazy request.user, not evaluated here: public pages must not pay a query for it.
        token = _current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)
