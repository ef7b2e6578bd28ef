"""Readers' feedback ("Ý kiến bạn đọc") on an article or a document: a rating ("Thông tin có
hữu ích không?"), a comment, or both, sent without an account (website/feedback.py), read and
answered by staff in the admin. Nothing of it is ever shown to readers; no address is stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from meetings.models import Document
from news.models import Article

COMMENT_MAX = 2000
NAME_MAX = 100
CONTACT_MAX = 254  # the longest e-mail address


class ReaderFeedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Mới"
        SEEN = "seen", "Đã xem"
        ANSWERED = "answered", "Đã trả lời"
        SPAM = "spam", "Rác"

    class Kind(models.TextChoices):
        """What the feedback is about, as the form names it."""

        ARTICLE = "article", "Bài viết"
        DOCUMENT = "document", "Văn bản"

    article = models.ForeignKey(
        Article,
        verbose_name="bài viết",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reader_feedback",
    )
    document = models.ForeignKey(
        Document,
        verbose_name="văn bản",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reader_feedback",
    )
    helpful = models.BooleanField("thông tin có hữu ích", null=True, blank=True)
    comment = models.TextField("ý kiến", max_length=COMMENT_MAX, blank=True)
    name = models.CharField("tên người gửi", max_length=NAME_MAX, blank=True)
    contact = models.CharField(
        "email hoặc điện thoại",
        max_length=CONTACT_MAX,
        blank=True,
        help_text="Bạn đọc chỉ ghi khi muốn được trả lời.",
    )
    created_at = models.DateTimeField("gửi lúc", default=timezone.now, db_index=True, editable=False)
    status = models.CharField(
        "tình trạng", max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField(
        "trả lời",
        blank=True,
        help_text="Lưu lại câu trả lời của cổng thông tin; không đăng công khai. Nếu bạn đọc để lại "
        "email, câu trả lời được gửi tới email đó khi lưu lần đầu.",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lời",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "ý kiến bạn đọc"
        verbose_name_plural = "ý kiến bạn đọc"
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, document__isnull=True)
                | Q(article__isnull=True, document__isnull=False),
                name="website_feedback_one_target",
                violation_error_message="Ý kiến phải gắn với đúng một bài viết hoặc một văn bản.",
            ),
            models.CheckConstraint(
                condition=Q(helpful__isnull=False) | ~Q(comment=""),
                name="website_feedback_rating_or_comment",
                violation_error_message="Ý kiến cần có đánh giá hoặc lời góp ý.",
            ),
        ]

    def __str__(self):
        sent = timezone.localtime(self.created_at)
        return f"Ý kiến về {self.kind_label.lower()} “{self.target}” lúc {sent:%d/%m/%Y %H:%M}"

    @property
    def target(self) -> Article | Document | None:
        return self.article if self.article_id else self.document

    @property
    def kind(self) -> str:
        return self.Kind.ARTICLE if self.article_id else self.Kind.DOCUMENT

    @property
    def kind_label(self) -> str:
        return self.Kind(self.kind).label

    def mark_answered(self, user) -> None:
        """``answer`` holds a new or changed answer: record who gave it, and when."""
        self.answered_at = timezone.now()
        self.answered_by = user
        self.status = self.Status.ANSWERED
