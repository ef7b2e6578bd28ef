"""The trash (Thùng rác): deleting an article in the admin moves it here.

A trashed article keeps its row, so its text, photos, tags, revisions and workflow history
are all there when it is restored, and it comes back in the state it had. Readers, the admin
list and every other page stop seeing it at once (``Article.objects`` hides the trash).
It stays restorable for ``KEEP_DAYS`` days; after that ``purge_trash`` (run by the compose
worker, or from cron) removes it for good. Only an administrator empties the trash by hand.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from news.models import Article
from news.readers import forget_most_read
from portal import freshness

from . import audit, workflow
from .models import AuditEntry, WorkflowEvent

KEEP_DAYS = 30


def trashed():
    return Article.all_objects.filter(deleted_at__isnull=False)


def expired(now=None):
    return trashed().filter(deleted_at__lte=(now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS))


def purge_date(article: Article) -> datetime.datetime:
    return article.deleted_at + datetime.timedelta(days=KEEP_DAYS)


def move_to_trash(article: Article, user) -> None:
    with transaction.atomic():
        updated = Article.objects.filter(pk=article.pk).update(deleted_at=timezone.now(), deleted_by=user)
        if not updated:
            return  # already in the trash
        transaction.on_commit(forget_most_read)
        freshness.content_changed()
        WorkflowEvent.objects.create(
            article_id=article.pk,
            action=WorkflowEvent.Action.TRASH,
            from_status=article.status,
            to_status=article.status,
            user=user,
        )
        audit.record(
            AuditEntry.Action.DELETE,
            article,
            actor=user,
            detail=f"Chuyển vào Thùng rác ({workflow.state_label(article)})",
        )


def may_restore(article: Article, user) -> bool:
    """Restoring puts an article back in its state: if that is published, only those who
    publish may do it (restoring must not be a way to publish)."""
    if not user.has_perm("news.change_trashedarticle"):
        return False
    return article.status != Article.Status.PUBLISHED or user.has_perm("news.publish_article")


def restore(article: Article, user) -> None:
    with transaction.atomic():
        updated = trashed().filter(pk=article.pk).update(deleted_at=None, deleted_by=None)
        if not updated:
            return
        transaction.on_commit(forget_most_read)
        freshness.content_changed(article.published_at)
        WorkflowEvent.objects.create(
            article_id=article.pk,
            action=WorkflowEvent.Action.RESTORE,
            from_status=article.status,
            to_status=article.status,
            user=user,
        )
        audit.record(AuditEntry.Action.RESTORE, article, actor=user, detail="Khôi phục từ Thùng rác")
    article.deleted_at = article.deleted_by = None


def purge(articles, user=None) -> int:
    """Delete trashed ``articles`` for good, with their revisions, each one logged; return
    how many. An article restored meanwhile is left alone (checked under a row lock)."""
    count = 0
    for pk in list(articles.filter(deleted_at__isnull=False).values_list("pk", flat=True)):
        with transaction.atomic():
            article = trashed().select_for_update().filter(pk=pk).first()
            if article is None:
                continue
            audit.record(AuditEntry.Action.PURGE, article, actor=user, detail="Xóa vĩnh viễn khỏi Thùng rác")
            # Its revisions hold its text: "for good" means those too.
            versions = Version.objects.get_for_object(article)
            revision_ids = list(versions.values_list("revision_id", flat=True))
            versions.delete()
            Revision.objects.filter(pk__in=revision_ids, version__isnull=True).delete()
            Article.all_objects.filter(pk=pk).delete()
        count += 1
    return count
