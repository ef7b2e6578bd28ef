"""What readers do with articles: the views counted (``widgets.counting`` adds them with
``add_views``) and the sidebar's "Đọc nhiều" built from them."""

import datetime

from django.core.cache import cache
from django.db import connection

from .models import Article, DailyViews

MOST_READ_SHOWN = 10
MOST_READ_CACHE_KEY = "news:most-read"
MOST_READ_CACHE_SECONDS = 5 * 60


def add_views(article_slug: str, day: datetime.date, count: int) -> None:
    """Add ``count`` views of the article at ``article_slug``: to its total and to ``day``'s
    count ("Đọc nhiều"). Atomic under concurrency: one ``UPDATE … SET view_count =
    view_count + n`` and one upsert, never a read-modify-write in Python. A slug that no
    article has (deleted, or renamed since the view) counts nothing."""
    articles = connection.ops.quote_name(Article._meta.db_table)
    daily = connection.ops.quote_name(DailyViews._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {articles} SET view_count = view_count + %s WHERE slug = %s RETURNING id",
            [count, article_slug],
        )
        row = cursor.fetchone()
        if row is None:
            return
        cursor.execute(
            f"""INSERT INTO {daily} AS t (day, article_id, views) VALUES (%s, %s, %s)
            ON CONFLICT (day, article_id) DO UPDATE SET views = t.views + excluded.views""",
            [connection.ops.adapt_datefield_value(day), row[0], count],
        )


def forget_daily_views(before: datetime.date) -> None:
    """Drop the per-day counts of days before ``before`` (the totals stay on the articles)."""
    DailyViews.objects.filter(day__lt=before).delete()


def most_read_list() -> list[dict]:
    """ "Đọc nhiều" for the sidebar of every page: ``[{"title", "url"}]``, best first.

    Ranking means adding up a week of per-day counts of every article read that week, too
    much for each page view: the list is cached for 5 minutes (the counters reach the
    database on that schedule anyway), and any article's save, workflow step or move to or
    from the trash forgets it, so that an article taken down leaves the list at once."""
    shown = cache.get(MOST_READ_CACHE_KEY)
    if shown is None:
        articles = (
            Article.objects.public()
            .select_related("category")
            .only("title", "slug", "published_at", "category__slug")
            .most_read()[:MOST_READ_SHOWN]
        )
        shown = [{"title": a.title, "url": a.get_absolute_url()} for a in articles]
        cache.set(MOST_READ_CACHE_KEY, shown, MOST_READ_CACHE_SECONDS)
    return shown


def forget_most_read() -> None:
    """Drop the cached "Đọc nhiều" list: call after any change to who may see an article."""
    cache.delete(MOST_READ_CACHE_KEY)
