"""Counted views of articles per local day: what "Đọc nhiều" ranks by (``news.readers``)."""

from django.db import models


class DailyViews(models.Model):
    """Counted views of one article on one local day: what "Đọc nhiều" ranks by.

    Written by ``readers.add_views`` (which the visitor counter calls) with one upsert per
    counted view or flushed batch, alongside the all-time ``Article.view_count``.
    """

    day = models.DateField("ngày")
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="daily_views", verbose_name="bài viết"
    )
    views = models.PositiveIntegerField("lượt xem", default=0)

    class Meta:
        # Leading with the day: the same index answers the upsert and "the last 7 days".
        constraints = [models.UniqueConstraint(fields=["day", "article"], name="dailyviews_day_article")]
        verbose_name = "lượt xem theo ngày"
        verbose_name_plural = "lượt xem theo ngày"

    def __str__(self):
        return f"{self.article_id} {self.day:%d/%m/%Y}: {self.views}"
