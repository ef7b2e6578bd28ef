"""Shareable preview links: a reviewer without an account reads one unpublished article.

A link's address is its id signed with the site's secret key and the time it was made
(``TimestampSigner``): it cannot be guessed, altered to reach another article, or used after
7 days, even if the database row were changed. The row makes it revocable at once.
"""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from . import audit
from .models import AuditEntry, PreviewLink

LIFETIME = datetime.timedelta(days=7)
_SALT = "editorial.preview-link"


class LinkRefused(Exception):
    """The link is valid but no longer usable; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def token_for(link: PreviewLink) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(link.pk))


def url_for(link: PreviewLink) -> str:
    return reverse("editorial:shared_preview", kwargs={"token": token_for(link)})


def staff_url(article) -> str:
    """Where staff read ``article`` as readers will, whatever its state (``views.article_preview``)."""
    return reverse("editorial:preview", kwargs={"pk": article.pk})


def create(article, user, note: str = "") -> PreviewLink:
    link = PreviewLink.objects.create(
        article=article,
        created_by=user,
        note=note.strip()[:200],
        expires_at=timezone.now() + LIFETIME,
    )
    detail = f"Hết hạn {timezone.localtime(link.expires_at):%d/%m/%Y %H:%M}"
    if link.note:
        detail += f"; gửi cho: {link.note}"
    audit.record(AuditEntry.Action.PREVIEW_SHARED, article, actor=user, detail=detail)
    return link


def revoke(link: PreviewLink, user) -> None:
    if link.revoked_at is not None:
        return
    PreviewLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now(), revoked_by=user)
    audit.record(
        AuditEntry.Action.PREVIEW_REVOKED,
        link.article,
        actor=user,
        detail=f"Liên kết tạo lúc {timezone.localtime(link.created_at):%d/%m/%Y %H:%M}",
    )


def resolve(token: str) -> PreviewLink:
    """The link behind ``token``. Raises ``PreviewLink.DoesNotExist`` for a forged or unknown
    token, ``LinkRefused`` for one that expired or was revoked."""
    try:
        pk = int(signing.TimestampSigner(salt=_SALT).unsign(token, max_age=LIFETIME))
    except signing.SignatureExpired:
        raise LinkRefused("Liên kết xem trước này đã hết hạn (sau 7 ngày).") from None
    except (signing.BadSignature, ValueError):
        raise PreviewLink.DoesNotExist from None
    link = PreviewLink.objects.select_related("article").get(pk=pk)
    if link.revoked_at is not None:
        raise LinkRefused("Liên kết xem trước này đã bị thu hồi.")
    if link.expires_at <= timezone.now():
        raise LinkRefused("Liên kết xem trước này đã hết hạn (sau 7 ngày).")
    if link.article.deleted_at is not None:
        raise LinkRefused("Bài viết của liên kết này đã bị xóa.")
    if link.article.status in (link.article.Status.UNPUBLISHED, link.article.Status.ARCHIVED):
        # What was taken down is not to be read again through an old link.
        raise LinkRefused("Bài viết của liên kết này đã được gỡ xuống.")
    PreviewLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


def active_links(article):
    return article.preview_links.filter(
        revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("created_by")
