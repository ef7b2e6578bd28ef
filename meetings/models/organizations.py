"""Organizations and their terms, officials and the positions they hold."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from portal import search
from portal.models import KeepsFormerSlugs, size_body_images
from portal.paths import path_for
from portal.sanitize import clean_html
from portal.text import normalize_space, slug_for
from portal.trees import ancestors, is_own_ancestor

# --- Organizations and terms ------------------------------------------------------------


class Organization(KeepsFormerSlugs):
    class Kind(models.TextChoices):
        EXECUTIVE = "bch", "Ban Chấp hành Đảng bộ"
        STANDING_COMMITTEE = "btv", "Ban Thường vụ"
        STANDING_BOARD = "thuong-truc", "Thường trực"
        INSPECTION = "ubkt", "Ủy ban Kiểm tra"
        PARTY_BOARD = "ban", "Ban, cơ quan tham mưu"
        GRASSROOTS = "dang-uy", "Đảng ủy xã, phường, cơ sở"
        CELL = "chi-bo", "Chi bộ"
        COUNCIL = "hdnd", "Hội đồng nhân dân"
        PEOPLES_COMMITTEE = "ubnd", "Ủy ban nhân dân"
        FRONT = "mttq", "Ủy ban Mặt trận Tổ quốc"
        MASS = "doan-the", "Tổ chức chính trị - xã hội"
        OTHER = "khac", "Khác"

    name = models.CharField("tên", max_length=200)
    short_name = models.CharField(
        "tên ngắn",
        max_length=80,
        blank=True,
        help_text="Dùng sau chức danh: “Bí thư <u>Thành ủy</u>”, “Chủ tịch <u>HĐND thành phố</u>”.",
    )
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="trực thuộc",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        "ký hiệu trên văn bản",
        max_length=20,
        blank=True,
        help_text="Phần cơ quan trong số ký hiệu: TU (21-NQ/TU), HĐND (36/NQ-HĐND), UBKTTU… "
        "Để trống để dùng ký hiệu của cơ quan cấp trên.",
    )
    aliases = models.TextField(
        "tên gọi khác",
        blank=True,
        help_text="Mỗi dòng một cách gọi trong bài viết, ví dụ “BTV Thành ủy”, “Ban Thường vụ Thành ủy”.",
    )
    description = models.TextField("giới thiệu", blank=True)
    order = models.PositiveSmallIntegerField(
        "thứ tự", default=100, help_text="Số nhỏ đứng trước, cả trong danh sách chức danh của một người."
    )
    show_on_leadership = models.BooleanField("hiện ở trang Lãnh đạo", default=True)
    is_external = models.BooleanField(
        "cơ quan ngoài Đảng bộ thành phố",
        default=False,
        help_text="Tỉnh ủy, Trung ương…: có văn bản trong kho nhưng không có trang lịch công tác.",
    )
    founded_on = models.DateField("thành lập ngày", null=True, blank=True)
    dissolved_on = models.DateField("giải thể, hợp nhất ngày", null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name="cơ quan kế tục",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text="Khi sáp nhập, đổi tên: lịch sử của cơ quan cũ vẫn giữ nguyên.",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "cơ quan, tổ chức"
        verbose_name_plural = "cơ quan, tổ chức"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_space(self.name)
        self.short_name = normalize_space(self.short_name)
        self.code = normalize_space(self.code).replace("Ð", "Đ")
        if not self.slug:
            self.slug = slug_for(self, self.short_name or self.name, "co-quan", 120)
        super().save(*args, **kwargs)

    def clean(self):
        if is_own_ancestor(self):
            raise ValidationError(
                {"parent": "Một cơ quan không thể trực thuộc chính nó hoặc cơ quan cấp dưới của nó."}
            )
        if self.dissolved_on and self.founded_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": "Ngày giải thể phải sau ngày thành lập."})

    @property
    def title_name(self) -> str:
        """The name used after a title: "Bí thư Thành ủy"."""
        return self.short_name or self.name

    def symbol_code(self) -> str:
        """The issuer code on this body's documents: its own, or the nearest ancestor's."""
        return next((body.code for body in (self, *ancestors(self)) if body.code), "")

    def alias_list(self) -> list[str]:
        names = [self.name, self.short_name, *self.aliases.splitlines()]
        return [normalize_space(n) for n in names if n.strip()]

    def numbering_body(self) -> "Organization":
        """The body whose terms number this body's documents (BTV numbers with its Thành ủy)."""
        body = self
        for body in (self, *ancestors(self)):
            if body.code:
                break
        return body

    def term_on(self, day: datetime.date):
        """The term (nhiệm kỳ) of this body, or of its numbering body, that contains ``day``."""
        for body in dict.fromkeys([self, self.numbering_body()]):
            term = body.terms.filter(starts_on__lte=day).filter(Q(ends_on__gte=day) | Q(ends_on=None))
            term = term.order_by("-starts_on").first()
            if term:
                return term
        return None


class Term(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="terms"
    )
    label = models.CharField("khóa", max_length=60, help_text="Ví dụ: khóa XXV.")
    starts_on = models.DateField("bắt đầu")
    ends_on = models.DateField("kết thúc", null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_start",
                violation_error_message="Nhiệm kỳ phải kết thúc sau ngày bắt đầu.",
            )
        ]

    def __str__(self):
        return f"{self.label}, nhiệm kỳ {self.years}"

    @property
    def years(self) -> str:
        end = self.ends_on.year if self.ends_on else ""
        return f"{self.starts_on.year}–{end}"

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


# --- Officials and positions ------------------------------------------------------------


class OfficialQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def for_page(self):
        """What an official's own page shows: positions newest first, with their terms and
        appointing documents, and the portraits."""
        positions = Position.objects.select_related("organization", "term", "appointing_document")
        return self.prefetch_related(
            models.Prefetch("positions", queryset=positions.order_by("-starts_on", "-id")),
            models.Prefetch("portraits", queryset=Portrait.objects.select_related("image")),
        )


class Official(KeepsFormerSlugs):
    full_name = models.CharField("họ và tên", max_length=120)
    slug = models.SlugField("đường dẫn", max_length=140, unique=True, blank=True)
    summary = models.CharField("tóm tắt", max_length=500, blank=True)
    biography = models.TextField("tiểu sử", blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    hometown = models.CharField("quê quán", max_length=200, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("điện thoại", max_length=60, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự hiển thị", default=100)
    is_public = models.BooleanField(
        "hiện trên cổng",
        default=True,
        help_text="Trang của người đã thôi giữ chức vẫn được giữ, với lịch sử chức vụ.",
    )
    search_text = models.TextField(editable=False, blank=True, default="")  # portal/search.py

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["order", "full_name"]
        verbose_name = "lãnh đạo"
        verbose_name_plural = "lãnh đạo"

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize_space(self.full_name)
        self.biography = size_body_images(clean_html(self.biography))
        if not self.slug:
            self.slug = slug_for(self, self.full_name, "lanh-dao", 140)
        self.search_text = search.index_text(
            self.full_name, self.summary, self.hometown, search.html_text(self.biography)
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("meetings:official", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        official = super().from_db(db, field_names, values)
        official._stored_name = (official.__dict__.get("full_name"), official.__dict__.get("is_public"))
        return official

    @property
    def name_changed(self) -> bool:
        """Whether the name or visibility differs from the stored row (or there is none yet)."""
        return getattr(self, "_stored_name", None) != (self.full_name, self.is_public)

    def clean(self):
        self.full_name = normalize_space(self.full_name)
        if self.birth_year and not 1900 <= self.birth_year <= timezone.localdate().year:
            raise ValidationError({"birth_year": "Năm sinh không hợp lệ."})

    def positions_on(self, day: datetime.date) -> list["Position"]:
        """Positions held on ``day``, highest body first (uses prefetched positions if any)."""
        held = [p for p in self.positions.all() if p.held_on(day)]
        return sorted(held, key=Position.sort_key)

    def titles_on(self, day: datetime.date | None = None) -> str:
        """ "Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND thành phố" as of ``day``."""
        day = day or timezone.localdate()
        return ", ".join(p.full_title for p in self.positions_on(day))

    @property
    def current_titles(self) -> str:
        return self.titles_on()

    @cached_property
    def portrait(self):
        """The most recent portrait (uses prefetched portraits if any)."""
        portraits = list(self.portraits.all())
        return portraits[0] if portraits else None


class Portrait(models.Model):
    official = models.ForeignKey(
        Official, verbose_name="lãnh đạo", on_delete=models.CASCADE, related_name="portraits"
    )
    image = models.ForeignKey("portal.Image", verbose_name="ảnh", on_delete=models.PROTECT, related_name="+")
    taken_on = models.DateField("chụp ngày", null=True, blank=True)
    credit = models.CharField("nguồn ảnh", max_length=200, blank=True)

    class Meta:
        ordering = [models.F("taken_on").desc(nulls_last=True), "-id"]
        verbose_name = "ảnh chân dung"
        verbose_name_plural = "ảnh chân dung"

    def __str__(self):
        return f"Ảnh {self.official}"


class Position(models.Model):
    class EndReason(models.TextChoices):
        TERM_ENDED = "het-nhiem-ky", "Hết nhiệm kỳ"
        TRANSFERRED = "dieu-dong", "Điều động, luân chuyển"
        RETIRED = "nghi-huu", "Nghỉ hưu"
        DISMISSED = "mien-nhiem", "Miễn nhiệm, thôi giữ chức"
        DECEASED = "tu-tran", "Từ trần"
        RESTRUCTURED = "sap-nhap", "Sáp nhập, giải thể cơ quan"
        OTHER = "khac", "Khác"

    official = models.ForeignKey(
        Official, verbose_name="lãnh đạo", on_delete=models.CASCADE, related_name="positions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(
        "chức danh", max_length=120, help_text="Bí thư, Phó Bí thư Thường trực, Ủy viên…"
    )
    display_title = models.CharField(
        "cách ghi đầy đủ",
        max_length=200,
        blank=True,
        help_text="Để trống để ghi “chức danh + tên ngắn của cơ quan”, ví dụ “Ủy viên BTV Tỉnh ủy”.",
    )
    rank = models.PositiveSmallIntegerField(
        "thứ bậc trong cơ quan", default=100, help_text="Số nhỏ đứng trước trên trang Lãnh đạo."
    )
    term = models.ForeignKey(
        Term, verbose_name="nhiệm kỳ", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True, help_text="Để trống nếu đang giữ chức.")
    end_reason = models.CharField("lý do thôi giữ chức", max_length=20, choices=EndReason.choices, blank=True)
    appointing_document = models.ForeignKey(
        "Document",
        verbose_name="văn bản bổ nhiệm, bầu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on=None) | Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_start",
                violation_error_message="Ngày thôi giữ chức phải sau ngày bắt đầu.",
            )
        ]

    def __str__(self):
        return f"{self.official}: {self.full_title}"

    def save(self, *args, **kwargs):
        self.title = normalize_space(self.title)
        self.display_title = normalize_space(self.display_title)
        super().save(*args, **kwargs)

    def clean(self):
        if self.ends_on and not self.end_reason:
            self.end_reason = self.EndReason.OTHER

    @property
    def full_title(self) -> str:
        return self.display_title or f"{self.title} {self.organization.title_name}"

    def held_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def is_current(self) -> bool:
        return self.held_on(timezone.localdate())

    def sort_key(self):
        return (self.organization.order, self.rank, self.starts_on)
