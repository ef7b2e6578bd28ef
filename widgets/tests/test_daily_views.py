"""Per-day article views, which rank "Đọc nhiều": kept on the day a view happened, on both paths."""

import datetime

import pytest
from django.utils import timezone

from news.models import Article, DailyViews
from news.tests.factories import ArticleFactory
from widgets import counting

from .test_counting import read

pytestmark = pytest.mark.django_db

# 01:30 on 22/11/2026 in Hạ Long is still 21/11 in UTC: the day must be the local one.
EARLY_MORNING = datetime.datetime(2026, 11, 21, 18, 30, tzinfo=datetime.UTC)
LOCAL_DAY = datetime.date(2026, 11, 22)


def views_on(article, day) -> int:
    row = DailyViews.objects.filter(article=article, day=day).first()
    return row.views if row else 0


def test_a_counted_view_adds_to_the_local_days_count_without_redis():
    article = ArticleFactory()
    counting.record_in_database("reader-1", article.slug, now=EARLY_MORNING)
    counting.record_in_database("reader-2", article.slug, now=EARLY_MORNING)
    counting.record_in_database("reader-1", article.slug, now=EARLY_MORNING)  # same view
    article.refresh_from_db()
    assert (article.view_count, views_on(article, LOCAL_DAY)) == (2, 2)
    assert not DailyViews.objects.exclude(day=LOCAL_DAY).exists()


def test_reading_an_article_page_counts_for_most_read(client):
    article = ArticleFactory(title="Bài vừa đọc")
    read(client, article.get_absolute_url())
    assert views_on(article, timezone.localdate()) == 1
    assert list(Article.objects.public().most_read()) == [article]


def test_with_redis_views_keep_the_day_they_happened_when_flushed_later(redis_url):
    article = ArticleFactory()
    counting.record("reader-1", article.slug, now=EARLY_MORNING)
    counting.record("reader-2", article.slug, now=EARLY_MORNING + datetime.timedelta(days=1))
    assert not DailyViews.objects.exists()  # nothing reaches the database before the flush

    assert counting.flush(now=EARLY_MORNING + datetime.timedelta(days=1))["views"] == 2
    article.refresh_from_db()
    assert article.view_count == 2
    assert views_on(article, LOCAL_DAY) == 1
    assert views_on(article, LOCAL_DAY + datetime.timedelta(days=1)) == 1


def test_views_pending_in_the_old_format_count_today(redis_url):
    """Counts written by the previous release ("views:<slug>") survive the upgrade."""
    article = ArticleFactory()
    redis_url.hset(counting.PENDING_KEY, f"views:{article.slug}", 3)
    assert counting.flush()["views"] == 3
    assert views_on(article, timezone.localdate()) == 3


def test_views_of_a_deleted_article_are_dropped_quietly(redis_url):
    article = ArticleFactory()
    counting.record("reader", article.slug)
    Article.all_objects.filter(pk=article.pk).delete()
    assert counting.flush()["views"] == 1
    assert not DailyViews.objects.exists()


def test_flush_forgets_per_day_counts_after_400_days():
    article = ArticleFactory()
    today = timezone.localdate()
    DailyViews.objects.create(article=article, day=today - datetime.timedelta(days=400), views=1)
    DailyViews.objects.create(article=article, day=today - datetime.timedelta(days=401), views=1)
    counting.flush()
    assert list(DailyViews.objects.values_list("day", flat=True)) == [today - datetime.timedelta(days=400)]
