"""The widgets' stored state: the last good snapshot of each provider, and visitor counts.

Snapshots are read through the cache (``widgets.snapshots``); the tables below the line are
written by ``widgets.counting`` with single atomic statements, never read-modify-write.
"""

from django.db import models


class Snapshot(models.Model):
    """The last good data of one provider, and how its latest attempt went.

    ``attempted_at`` doubles as the lock that spaces requests to a provider: a server may
    fetch only after winning an UPDATE conditioned on it (see ``snapshots.claim``), so every
    server sharing the database together honours the provider's minimum interval.
    """

    provider = models.CharField("nguồn", max_length=20, unique=True)
    data = models.JSONField("dữ liệu", default=dict, blank=True)
    fetched_at = models.DateTimeField("lấy về lúc", null=True, blank=True)
    is_demo = models.BooleanField("dữ liệu mẫu", default=False)
    attempted_at = models.DateTimeField("lần thử gần nhất", null=True, blank=True)
    failed_at = models.DateTimeField("lỗi gần nhất lúc", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)
    failures = models.PositiveIntegerField("số lần lỗi liên tiếp", default=0)

    class Meta:
        verbose_name = "dữ liệu tiện ích"
        verbose_name_plural = "dữ liệu tiện ích"

    def __str__(self):
        return self.provider


# --- Visitor counting ------------------------------------------------------------------------
# Visitors are known only by a keyed hash of (IP address, user agent) whose key changes every
# day: no IP address, cookie or account is stored.


class VisitorActivity(models.Model):
    """When a visitor was last seen and when their current visit began."""

    visitor = models.CharField(max_length=32, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)
    visit_started = models.DateTimeField()

    class Meta:
        verbose_name = "hoạt động khách truy cập"
        verbose_name_plural = "hoạt động khách truy cập"

    def __str__(self):
        return self.visitor


class ViewMark(models.Model):
    """A visitor's counted view of one article, so that the next 30 minutes do not count again."""

    visitor = models.CharField(max_length=32)
    target = models.CharField(max_length=255)
    counted_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visitor", "target"], name="viewmark_once")]

    def __str__(self):
        return f"{self.visitor} {self.target}"


class DailyVisits(models.Model):
    """Visits of one day, spread over a few rows (shards) so that no single row is hot."""

    day = models.DateField("ngày")
    shard = models.PositiveSmallIntegerField(default=0)
    visits = models.BigIntegerField("lượt truy cập", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "shard"], name="dailyvisits_day_shard")]
        verbose_name = "lượt truy cập theo ngày"
        verbose_name_plural = "lượt truy cập theo ngày"

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.visits}"


class CountBatch(models.Model):
    """A batch of counts moved from Redis, recorded in the transaction that applied it, so
    that a batch whose deletion from Redis failed is never applied twice."""

    batch = models.CharField(max_length=32, unique=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.batch
