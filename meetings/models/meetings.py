"""Meetings: their chairs, agenda and photos."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal import search
from portal.models import KeepsFormerSlugs, size_body_images
from portal.paths import path_for
from portal.sanitize import clean_html
from portal.text import normalize_space, slug_for

from .base import PublicationQuerySet, Published
from .documents import Document
from .organizations import Official, Organization, Position, Term


class MeetingQuerySet(PublicationQuerySet):
    def annotate_photo_count(self):
        return self.annotate(photo_count=models.Count("photos"))

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-id")

    def next_start(self, now):
        """When the next public meeting after ``now`` begins (it moves from the upcoming to
        the past lists then), or None."""
        return self.public().filter(starts_at__gt=now).aggregate(moment=models.Min("starts_at"))["moment"]

    def for_cards(self):
        """What a meeting card shows: its organization and its cover photo (as ``covers``)."""
        covers = MeetingPhoto.objects.filter(is_cover=True).select_related("image")
        return self.select_related("organization").prefetch_related(
            models.Prefetch("photos", queryset=covers, to_attr="covers")
        )

    def albums(self):
        """The photo library's albums: public meetings with photos, newest first, each with its
        cover (``covers``) and ``photo_count`` (/thu-vien-anh/ and the home page)."""
        return (
            self.public()
            .for_cards()
            .annotate_photo_count()
            .filter(photo_count__gt=0)
            .order_by("-starts_at", "-id")
        )

    def in_week(self, monday: datetime.date):
        """Public meetings from ``monday`` 00:00 to the next Monday, local time, in order."""
        start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
        end = start + datetime.timedelta(days=7)  # (no summer time in Asia/Ho_Chi_Minh)
        return self.public().filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "id")

    def for_page(self):
        """What a meeting's own page shows: chairs with their positions (titles on the day),
        the agenda and the photos in order."""
        positions = Position.objects.select_related("organization")
        chairs = MeetingChair.objects.select_related("official").prefetch_related(
            models.Prefetch("official__positions", queryset=positions)
        )
        photos = MeetingPhoto.objects.select_related("image").order_by("order", "id")
        return self.select_related("organization", "term").prefetch_related(
            models.Prefetch("chair_links", queryset=chairs),
            "agenda_items",
            models.Prefetch("photos", queryset=photos),
        )


class Meeting(KeepsFormerSlugs, Published):
    class Kind(models.TextChoices):
        EXECUTIVE = "bch", "Hội nghị Ban Chấp hành"
        STANDING_COMMITTEE = "btv", "Hội nghị Ban Thường vụ"
        STANDING_BOARD = "thuong-truc", "Họp Thường trực"
        BRIEFING = "giao-ban", "Giao ban"
        WORKING = "lam-viec", "Làm việc"
        THEMATIC = "chuyen-de", "Hội nghị chuyên đề"
        STUDY = "quan-triet", "Học tập, quán triệt"
        REVIEW = "so-tong-ket", "Sơ kết, tổng kết"
        CONGRESS = "dai-hoi", "Đại hội"
        OTHER = "khac", "Khác"

    class Status(models.TextChoices):
        PLANNED = "du-kien", "Dự kiến"
        HELD = "da-dien-ra", "Đã diễn ra"
        POSTPONED = "hoan", "Hoãn"
        CANCELLED = "huy", "Hủy"

    title = models.CharField("tên hội nghị", max_length=300)
    slug = models.SlugField("đường dẫn", max_length=220, unique=True, blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan tổ chức", on_delete=models.PROTECT, related_name="meetings"
    )
    term = models.ForeignKey(
        Term,
        verbose_name="nhiệm kỳ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="Để trống để lấy theo ngày họp.",
    )
    ordinal = models.PositiveSmallIntegerField("lần thứ", null=True, blank=True)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=300, blank=True)
    is_online = models.BooleanField("trực tuyến", default=False)
    sites = models.TextField("các điểm cầu", blank=True, help_text="Mỗi dòng một điểm cầu.")
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.PLANNED)
    chairs = models.ManyToManyField(
        Official, verbose_name="chủ trì", through="MeetingChair", blank=True, related_name="chaired_meetings"
    )
    participants = models.TextField("thành phần dự", blank=True)
    summary = models.TextField("nội dung, kết luận", blank=True)
    documents = models.ManyToManyField(
        Document,
        verbose_name="văn bản thảo luận, triển khai",
        blank=True,
        related_name="discussed_at",
    )
    related_articles = models.ManyToManyField(
        "news.Article", verbose_name="bài viết liên quan", blank=True, related_name="meetings"
    )
    search_text = models.TextField(editable=False, blank=True, default="")  # portal/search.py

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "hội nghị"
        verbose_name_plural = "hội nghị"
        permissions = [
            ("submit_meeting", "Gửi hội nghị chờ duyệt"),
            ("publish_meeting", "Duyệt, công bố, hẹn giờ, gỡ và trả lại hội nghị"),
        ]
        indexes = [
            models.Index(fields=["publication", "starts_at", "id"], name="meeting_public_idx"),
            models.Index(fields=["organization", "starts_at"], name="meeting_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at=None) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="Giờ kết thúc phải sau giờ bắt đầu.",
            )
        ]

    def content_moments(self) -> tuple:
        """Its publication, and its start: it moves from the upcoming meetings to the past."""
        return (self.published_at, self.starts_at)

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_space(self.title)
        self.summary = size_body_images(clean_html(self.summary))
        if not self.slug:
            self.slug = slug_for(self, self.title, "hoi-nghi", 200)
        if self.term_id is None and self.organization_id and self.starts_at:
            self.term = self.organization.term_on(timezone.localtime(self.starts_at).date())
        self.search_text = search.index_text(
            self.title, self.place, self.participants, search.html_text(self.summary)
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("meetings:meeting", slug=self.slug)

    def clean(self):
        self.title = normalize_space(self.title)
        if (
            self.term_id
            and self.starts_at
            and not self.term.contains(timezone.localtime(self.starts_at).date())
        ):
            raise ValidationError({"term": "Ngày họp không nằm trong nhiệm kỳ đã chọn."})

    @property
    def day(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def ordinal_label(self) -> str:
        return f"lần thứ {self.ordinal}" if self.ordinal else ""

    def site_list(self) -> list[str]:
        return [s.strip() for s in self.sites.splitlines() if s.strip()]


class MeetingChair(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chair_links")
    official = models.ForeignKey(
        Official, verbose_name="lãnh đạo", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "người chủ trì"
        verbose_name_plural = "người chủ trì"
        constraints = [models.UniqueConstraint(fields=["meeting", "official"], name="meeting_chair_unique")]

    def __str__(self):
        return str(self.official)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    title = models.CharField("nội dung", max_length=500)
    presenter = models.CharField("người trình bày", max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "nội dung chương trình"
        verbose_name_plural = "chương trình hội nghị"

    def __str__(self):
        return self.title


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name="hội nghị", on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey("portal.Image", verbose_name="ảnh", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField("chú thích", max_length=500, blank=True)
    credit = models.CharField("tác giả ảnh", max_length=200, blank=True)
    alt_text = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        blank=True,
        help_text="Ảnh cho thấy gì, cho người khiếm thị; không chép chú thích chung hay tên hội nghị.",
    )
    decorative = models.BooleanField(
        "ảnh trang trí (không cần mô tả)",
        default=False,
        help_text="Ảnh không mang thông tin (phông nền, hoa trang trí…): trình đọc màn hình bỏ qua ảnh này.",
    )
    # The shared caption typed above the uploader when this photo was added: a text every
    # photo of the batch got, so it describes none of them (see ``has_description``).
    caption_prefix = models.CharField(
        "chú thích chung khi tải lên", max_length=500, blank=True, editable=False
    )
    order = models.PositiveIntegerField("thứ tự", default=0)
    is_cover = models.BooleanField("ảnh đại diện", default=False)
    taken_at = models.DateTimeField("chụp lúc", null=True, blank=True)
    officials = models.ManyToManyField(
        Official, verbose_name="lãnh đạo trong ảnh", blank=True, related_name="photos"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "ảnh hội nghị"
        verbose_name_plural = "ảnh hội nghị"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(is_cover=True),
                name="meeting_single_cover",
                violation_error_message="Mỗi hội nghị chỉ có một ảnh đại diện.",
            )
        ]

    def __str__(self):
        return self.caption or f"Ảnh {self.pk}"

    @property
    def alt(self) -> str:
        """The alt text readers get: empty for a decorative photo (screen readers skip it)."""
        if self.decorative:
            return ""
        return self.alt_text or self.caption or self.meeting.title

    @property
    def has_description(self) -> bool:
        """Does the photo tell readers who cannot see it what it shows (WCAG 1.1.1)? Either it
        is marked decorative, or its alt text is its own: not empty, and not merely the batch's
        shared caption or the meeting's title, which every photo of the meeting would share."""
        if self.decorative:
            return True
        alt = comparable_text(self.alt_text)
        shared = (comparable_text(self.caption_prefix), comparable_text(self.meeting.title))
        return bool(alt) and alt not in shared


# Punctuation around a text that does not make it another text.
TRIMMED = " .,:;!?…-–—()\"'“”"


def comparable_text(text: str) -> str:
    """``text`` as compared for sameness: NFC, whitespace collapsed, case and the punctuation
    around it ignored ("Hội nghị BTV:" is "hội nghị btv"). static/js/photo-manager.js does the same."""
    return normalize_space(text).casefold().strip(TRIMMED)
