"""What the committee's records share: the publication state that meetings and documents
move through."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """Records a reader may see: published, and their publication time has come."""
        return self.filter(publication=Publication.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self, now):
        """When the next record scheduled after ``now`` goes public, or None."""
        scheduled = self.filter(publication=Publication.PUBLISHED, published_at__gt=now)
        return scheduled.aggregate(moment=models.Min("published_at"))["moment"]


class Publication(models.TextChoices):
    # The editorial workflow (editorial/workflow.py), as for articles, with Văn phòng writing.
    # "Hẹn giờ" is PUBLISHED with a publication time still ahead.
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    PUBLISHED = "published", "Đã công bố"
    UNPUBLISHED = "unpublished", "Đã gỡ xuống"
    ARCHIVED = "archived", "Lưu trữ"


class Published(models.Model):
    """Publication state shared by meetings and documents, moved by the same workflow as
    articles (submitted by Văn phòng, approved by Duyệt bài) and scheduled like them."""

    publication = models.CharField(
        "công bố", max_length=20, choices=Publication.choices, default=Publication.DRAFT, db_index=True
    )
    review_note = models.TextField(
        "ý kiến của người duyệt",
        blank=True,
        editable=False,
        help_text="Lý do trả lại, hiện cho người soạn đến khi gửi duyệt lại.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(
        "ngày công bố",
        null=True,
        blank=True,
        help_text="Một thời điểm trong tương lai sẽ hẹn giờ công bố. Để trống khi công bố để công bố ngay.",
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.publication == Publication.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.publication == Publication.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def content_moments(self) -> tuple:
        """When this record changes public pages by itself: its publication (portal.freshness)."""
        return (self.published_at,)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.publication == Publication.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )
