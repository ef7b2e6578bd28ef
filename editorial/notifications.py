"""E-mail to the people a workflow step concerns, with a link to the record.

- "Gửi duyệt": everyone who may approve that kind of record (their role's permission).
- "Trả lại": its writer, with the approver's note.
- "Duyệt và xuất bản ngay", "Hẹn giờ": its writer.

Nobody is told of their own step, and people without an address are skipped. Mail goes out
through Django's e-mail backend (DJANGO_EMAIL_* settings; printed on the console without
a mail server, as in ``make run``) after the step is committed; a mail server that fails
is logged and never undoes or blocks the step itself.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from . import workflow
from .roles import staff_name

logger = logging.getLogger(__name__)

NOTIFIED = ("submit", "send_back", "publish", "schedule")
# Roles and their permissions live in Django's own backend (axes only counts failures).
BACKEND = "django.contrib.auth.backends.ModelBackend"
SIGNATURE = "Cổng thông tin điện tử (thư tự động, không cần trả lời)"


def recipients(obj, name: str, actor) -> list:
    """The users to tell that ``actor`` made the step ``name`` on ``obj``."""
    if name == "submit":
        flow = workflow.flow_for(obj)
        people = list(
            get_user_model().objects.with_perm(flow.perm("publish"), is_active=True, backend=BACKEND)
        )
    elif name in NOTIFIED and obj.created_by is not None and obj.created_by.is_active:
        people = [obj.created_by]
    else:
        people = []
    return [person for person in people if person.email and person.pk != actor.pk]


def message(obj, name: str, actor, link: str, comment: str = "") -> tuple[str, str]:
    """The subject and body of the mail for the step ``name``."""
    flow = workflow.flow_for(obj)
    noun = flow.noun
    when = f"{timezone.localtime():%H:%M %d/%m/%Y}"
    if name == "submit":
        subject = f"{noun.capitalize()} chờ duyệt: {obj}"
        lead = f"{staff_name(actor)} đã gửi duyệt {noun} “{obj}” lúc {when}."
    elif name == "send_back":
        subject = f"{noun.capitalize()} bị trả lại: {obj}"
        lead = f"{staff_name(actor)} đã trả lại {noun} “{obj}” lúc {when}.\n\nÝ kiến:\n{comment.strip()}"
    elif name == "schedule":
        at = timezone.localtime(obj.published_at)
        subject = f"{noun.capitalize()} đã được hẹn giờ {flow.schedule_verb}: {obj}"
        lead = (
            f"{staff_name(actor)} đã duyệt {noun} “{obj}”; "
            f"{noun} tự động {flow.schedule_verb} lúc {at:%H:%M %d/%m/%Y}."
        )
    else:
        subject = f"{noun.capitalize()} đã {flow.publish_verb}: {obj}"
        lead = f"{staff_name(actor)} đã duyệt và {flow.publish_verb} {noun} “{obj}” lúc {when}."
    body = f"{lead}\n\nMở {noun} trong trang quản trị:\n{link}\n\n— {SIGNATURE}"
    return settings.EMAIL_SUBJECT_PREFIX + subject, body


def send(obj, name: str, actor, link: str, comment: str = "") -> int:
    """Mail everyone ``name`` concerns, one message each (no one sees another's address);
    return how many were sent. Errors are logged, not raised."""
    people = recipients(obj, name, actor)
    if not people:
        return 0
    subject, body = message(obj, name, actor, link, comment)
    mails = [EmailMessage(subject, body, to=[person.email]) for person in people]
    try:
        return get_connection().send_messages(mails) or 0
    except Exception:
        logger.exception("Could not send the workflow mail for %r (%s)", obj, name)
        return 0


def send_after_commit(obj, name: str, actor, link: str, comment: str = "") -> None:
    """``send``, once the step is committed (a rolled back step tells no one)."""
    if name in NOTIFIED:
        transaction.on_commit(lambda: send(obj, name, actor, link, comment))
