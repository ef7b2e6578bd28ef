"""The news app's signal receivers, connected by ``NewsConfig.ready``."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from portal import freshness
from portal.signals import unwatched, watch

from .models import Article, Category, Correction, DailyViews, Tag, TrashedArticle
from .readers import forget_most_read


def connect() -> None:
    post_save.connect(article_changed, sender=Article, dispatch_uid="news.forget_most_read")
    post_delete.connect(article_changed, sender=Article, dispatch_uid="news.forget_most_read_deleted")
    watch(Category, Tag, Article, TrashedArticle, Correction)
    unwatched(DailyViews)  # read through "Đọc nhiều", cached for minutes by time
    freshness.schedule(Article.objects.next_publication)


def article_changed(**kwargs):
    """ "Đọc nhiều" may show the article: forget the list once the change is committed."""
    transaction.on_commit(forget_most_read)
