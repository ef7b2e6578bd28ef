"""What readers are told about an article changed after its publication: "Cập nhật lúc …"
(the moment its text last changed) and its corrections ("Đính chính").

An article knows the content it was read with (``TracksContentChanges.from_db``); a save that
changes what readers see of it (title, lead, body, cover, byline, source) after its publication
time notes the moment in ``content_updated_at``. Nothing else moves it: not a view counted, the
featured flag, a workflow step (``QuerySet.update``), the trash or a category renamed. Adding,
changing or removing a correction counts as a change of the text too.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from portal.text import normalize_space

# What readers see of an article's own text: a change of one of these after publication is
# an update. (Tags, category and slug are where the article is filed, not what it says.)
CONTENT_FIELDS = ("title", "lead", "body", "cover_id", "cover_caption", "cover_alt", "byline", "source")
# Whitespace between tags, or runs of it: the editor may write the same HTML differently.
_HTML_SPACE = re.compile(r">\s+<")


def _same(name: str, stored, current) -> bool:
    if isinstance(stored, str) and isinstance(current, str):
        if name == "body":
            stored, current = _HTML_SPACE.sub("><", stored), _HTML_SPACE.sub("><", current)
        return stored.split() == current.split()
    return stored == current


class TracksContentChanges(models.Model):
    """For ``Article``: ``content_updated_at``, moved by a save that changes what readers see
    of a published article, and ``shown_update``, what its page says of it."""

    content_updated_at = models.DateTimeField(
        "cập nhật nội dung lúc",
        null=True,
        blank=True,
        editable=False,
        help_text="Lần cuối nội dung bạn đọc thấy (tiêu đề, sapo, nội dung, ảnh, đính chính…) "
        "thay đổi sau khi bài đã đăng: bài hiện “Cập nhật lúc …”.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.content_changed(update_fields):
            self.content_updated_at = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "content_updated_at"}
        super().save(*args, **kwargs)
        self.remember_content()

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record.remember_content()
        return record

    def remember_content(self) -> None:
        """Note the stored values of the content fields that were read (a deferred field is
        not read here: a save that writes it unread is not counted as a change)."""
        self._stored_content = {
            name: self.__dict__[name] for name in (*CONTENT_FIELDS, "published_at") if name in self.__dict__
        }

    def content_changed(self, update_fields=None) -> bool:
        """Does saving now change what readers saw of this published article?"""
        stored = getattr(self, "_stored_content", None)
        if not stored or stored.get("published_at") is None or stored["published_at"] > timezone.now():
            return False  # new, never published, or still scheduled: nobody has read it yet
        names = [
            name
            for name in CONTENT_FIELDS
            if name in stored
            and (update_fields is None or name in update_fields or name.removesuffix("_id") in update_fields)
        ]
        return any(not _same(name, stored[name], getattr(self, name)) for name in names)

    @property
    def shown_update(self) -> datetime.datetime | None:
        """When "Cập nhật lúc …" says the article last changed: only if that was in a later
        minute than its publication (the page shows minutes), else None."""
        changed, published = self.content_updated_at, self.published_at
        if changed is None or published is None:
            return None
        minute = {"second": 0, "microsecond": 0}
        return changed if changed.replace(**minute) > published.replace(**minute) else None


class Correction(models.Model):
    """A correction notice ("Đính chính") shown at the top of a published article, in its
    structured data (schema.org ``correction``) and in the feeds."""

    article = models.ForeignKey(
        "news.Article", verbose_name="bài viết", on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(
        "nội dung đính chính",
        max_length=1000,
        help_text="Điều gì đã sai và nay đúng là gì, ví dụ: “Bài đã đăng ghi nhầm ngày hội nghị là 12/3; "
        "đúng là 13/3.” Hiện ở đầu bài, dưới tiêu đề.",
    )
    corrected_at = models.DateTimeField(
        "thời điểm", default=timezone.now, help_text="Ngày giờ đính chính (dd/mm/yyyy HH:MM)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người ghi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["corrected_at", "id"]
        verbose_name = "đính chính"
        verbose_name_plural = "đính chính"

    def __str__(self):
        when = timezone.localtime(self.corrected_at) if self.corrected_at else None
        return f"Đính chính ({when:%d/%m/%Y}): {self.text[:60]}" if when else f"Đính chính: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.text = normalize_space(self.text)
        super().save(*args, **kwargs)
        self.article_text_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.article_text_changed()
        return result

    def clean(self):
        self.text = normalize_space(self.text or "")
        if not self.text:
            raise ValidationError({"text": "Hãy ghi nội dung đính chính."})
        now = timezone.now()
        # A minute's grace: the form's default time is when the page was opened.
        if self.corrected_at and self.corrected_at > now + datetime.timedelta(minutes=1):
            raise ValidationError({"corrected_at": "Thời điểm đính chính không thể ở tương lai."})
        article = getattr(self, "article", None)  # (none yet: RelatedObjectDoesNotExist is an AttributeError)
        published = article.published_at if article is not None else None
        if published is None or published > now:
            raise ValidationError(
                "Chỉ đính chính bài đã đăng. Bài chưa đăng thì sửa thẳng vào nội dung, không cần đính chính."
            )
        if self.corrected_at and self.corrected_at < published:
            raise ValidationError(
                {
                    "corrected_at": "Thời điểm đính chính phải sau khi bài được đăng "
                    f"({timezone.localtime(published):%d/%m/%Y %H:%M})."
                }
            )

    def article_text_changed(self) -> None:
        """A correction added, changed or removed changes the article's page: "Cập nhật lúc …"
        (if it was published) and the time staff last touched it (``updated_at``)."""
        now = timezone.now()
        article_model = self._meta.get_field("article").related_model
        article_model.all_objects.filter(pk=self.article_id).update(
            updated_at=now,
            content_updated_at=models.Case(
                models.When(published_at__lte=now, then=models.Value(now)),
                default=models.F("content_updated_at"),
            ),
        )
