"""Cross-links found in text: documents cited and officials named in articles and meetings
(written by meetings/linking.py).
"""

from django.db import models
from django.db.models import Q

from .documents import Document, DocumentKind
from .meetings import Meeting
from .organizations import Official


def _one_source(name: str) -> models.CheckConstraint:
    """Each row belongs to an article or to a meeting, never both."""
    return models.CheckConstraint(
        condition=Q(article__isnull=False, meeting__isnull=True)
        | Q(article__isnull=True, meeting__isnull=False),
        name=name,
    )


class DocumentReference(models.Model):
    """A document cited in an article's or a meeting's text, resolved to the registry or not."""

    article = models.ForeignKey(
        "news.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="document_references"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="document_references"
    )
    document = models.ForeignKey(
        Document,
        verbose_name="văn bản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations",
    )
    text = models.CharField("cách viết trong bài", max_length=200)
    kind = models.CharField("loại", max_length=4, choices=DocumentKind.choices)
    number = models.PositiveIntegerField("số")
    issuer_code = models.CharField("ký hiệu cơ quan", max_length=20, blank=True)
    year = models.PositiveSmallIntegerField("năm trong số ký hiệu", null=True, blank=True)
    issued_on = models.DateField("ngày ban hành (theo bài)", null=True, blank=True)
    issuer_name = models.CharField("cơ quan (theo bài)", max_length=200, blank=True)
    style = models.CharField(max_length=20, blank=True)
    flags = models.CharField("ghi chú", max_length=200, blank=True)
    context_date = models.DateField("ngày của bài", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "văn bản được nhắc đến"
        verbose_name_plural = "văn bản được nhắc đến"
        constraints = [_one_source("reference_has_one_source")]
        indexes = [models.Index(fields=["kind", "number", "issuer_code"], name="reference_symbol_idx")]

    def __str__(self):
        return self.text


class OfficialMention(models.Model):
    """An official whose full name appears in an article's or a meeting's text."""

    article = models.ForeignKey(
        "news.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="official_mentions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="official_mentions"
    )
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        verbose_name = "lãnh đạo được nhắc đến"
        verbose_name_plural = "lãnh đạo được nhắc đến"
        constraints = [
            models.UniqueConstraint(fields=["article", "official"], name="mention_article_unique"),
            models.UniqueConstraint(fields=["meeting", "official"], name="mention_meeting_unique"),
            _one_source("mention_has_one_source"),
        ]

    def __str__(self):
        return str(self.official)


class LinkedText(models.Model):
    """An article's or a meeting's text with its cross-links made into links, as
    ``meetings.linked_text`` last made it, and the fingerprint of what it was made from: a
    reading whose fingerprint differs makes it again."""

    article = models.OneToOneField(
        "news.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=32)
    html = models.TextField()

    class Meta:
        verbose_name = "nội dung đã gắn liên kết"
        verbose_name_plural = "nội dung đã gắn liên kết"
        constraints = [
            _one_source("linked_text_has_one_source"),
        ]

    def __str__(self):
        return f"{self.article_id or self.meeting_id}: {self.fingerprint}"
