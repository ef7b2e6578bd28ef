"""The trash (Thùng rác): deleting an article in the admin moves it here.

A trashed article keeps its row, so its text, photos, tags, revisions and workflow history
are all there when it is restored, and it comes back in the state it had. Readers, the admin
list and every other page stop seeing it at once (``Article.objects`` hides the trash).
It stays restorable for ``KEEP_DAYS`` days; after that ``purge_trash`` (run by the compose
worker, or from cron) removes it for good. Only an administrator empties the trash by hand.

An article that readers once had keeps its address in the trash: links to it may be out
there, and they lead to it again when it is restored. One that never went public (a draft,
an article waiting for approval or for its scheduled time) gives its address up, so that the
story rewritten meanwhile takes it: its slug waits set aside as ``_trash_<id>_<slug>``, which
no slug made from a title looks like, and it takes it back on restore, or the next free one
("-2"…) if another article has it by then.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from reversion.models import Revision, Version

from news.models import Article
from news.readers import forget_most_read
from portal import freshness
from portal.text import unique_slug

from . import audit, workflow
from .models import AuditEntry, WorkflowEvent

KEEP_DAYS = 30

SLUG_LENGTH = Article._meta.get_field("slug").max_length

# The steps only an article that is or was public takes, or that make it public at once.
# (A scheduled article that came due is public until it is unpublished or archived.)
PUBLIC_STEPS = [
    WorkflowEvent.Action.PUBLISH,
    WorkflowEvent.Action.UNPUBLISH,
    WorkflowEvent.Action.ARCHIVE,
    WorkflowEvent.Action.REOPEN,
]


def trashed():
    return Article.all_objects.filter(deleted_at__isnull=False)


def expired(now=None):
    return trashed().filter(deleted_at__lte=(now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS))


def purge_date(article: Article) -> datetime.datetime:
    return article.deleted_at + datetime.timedelta(days=KEEP_DAYS)


def was_ever_public(article: Article) -> bool:
    """Did readers ever have ``article`` at its address? Its state says so when it is live,
    taken down or archived (those come only from live); its workflow history when it went
    out and came back as a draft ("Mở lại để sửa") or went back to waiting (taken down, then
    scheduled, then the schedule cancelled). A ``published_at`` alone does not say it: an
    imported draft carries the old site's date, a scheduled one a time still ahead."""
    if article.is_public or article.status in (Article.Status.UNPUBLISHED, Article.Status.ARCHIVED):
        return True
    return WorkflowEvent.objects.filter(article_id=article.pk, action__in=PUBLIC_STEPS).exists()


def _mark(article: Article) -> str:
    return f"_trash_{article.pk}_"


def _set_aside(article: Article) -> str:
    """The slug a never-public ``article`` waits under in the trash: its own behind a mark,
    or its own as it is when that does not fit in the column or is taken (then it holds it)."""
    slug = _mark(article) + article.slug
    if len(slug) > SLUG_LENGTH or Article.all_objects.filter(slug=slug).exists():
        return article.slug
    return slug


def _slug_back(article: Article) -> str:
    """The slug a trashed ``article`` comes back with: the one it holds, or the one it set
    aside if still free, else the next free one after it ("-2", "-3"…)."""
    if not article.slug.startswith(_mark(article)):
        return article.slug
    others = Article.all_objects.exclude(pk=article.pk)
    return unique_slug(
        article.slug.removeprefix(_mark(article)), lambda slug: others.filter(slug=slug).exists(), SLUG_LENGTH
    )


def move_to_trash(article: Article, user) -> None:
    with transaction.atomic():
        current = Article.objects.select_for_update().filter(pk=article.pk).first()
        if current is None:
            return  # already in the trash
        fields = {"deleted_at": timezone.now(), "deleted_by": user}
        if not was_ever_public(current):
            fields["slug"] = _set_aside(current)
        Article.objects.filter(pk=current.pk).update(**fields)
        transaction.on_commit(forget_most_read)
        freshness.content_changed()
        WorkflowEvent.objects.create(
            article_id=current.pk,
            action=WorkflowEvent.Action.TRASH,
            from_status=current.status,
            to_status=current.status,
            user=user,
        )
        audit.record(
            AuditEntry.Action.DELETE,
            current,
            actor=user,
            detail=f"Chuyển vào Thùng rác ({workflow.state_label(current)})",
        )


def may_restore(article: Article, user) -> bool:
    """Restoring puts an article back in its state: if that is published, only those who
    publish may do it (restoring must not be a way to publish)."""
    if not user.has_perm("news.change_trashedarticle"):
        return False
    return article.status != Article.Status.PUBLISHED or user.has_perm("news.publish_article")


def restore(article: Article, user) -> str | None:
    """Bring ``article`` back from the trash. Return the slug it gave up in the trash when
    another article has taken it since (``article.slug`` is then the free one it came back
    with), else None."""
    with transaction.atomic():
        current = trashed().select_for_update().filter(pk=article.pk).first()
        if current is None:
            return None
        wanted, slug = current.slug.removeprefix(_mark(current)), _slug_back(current)
        trashed().filter(pk=current.pk).update(deleted_at=None, deleted_by=None, slug=slug)
        transaction.on_commit(forget_most_read)
        freshness.content_changed(current.published_at)
        WorkflowEvent.objects.create(
            article_id=current.pk,
            action=WorkflowEvent.Action.RESTORE,
            from_status=current.status,
            to_status=current.status,
            user=user,
        )
        audit.record(AuditEntry.Action.RESTORE, current, actor=user, detail="Khôi phục từ Thùng rác")
    article.deleted_at = article.deleted_by = None
    # Saved as it is now: a later save must not keep the set-aside slug as a former address.
    article.slug = article._stored_slug = slug
    return wanted if wanted != slug else None


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
