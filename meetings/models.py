"""The committee's own records: organizations and their terms, officials and their
positions, meetings with their photos, and the documents they issue.
"""

import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from portal import search
from portal.models import KeepsFormerSlugs
from portal.sanitize import clean_html
from portal.text import fold, normalize_space, slugify_vi, unique_slug
from portal.trees import ancestors, is_own_ancestor

from .references import TYPE_NAMES


def _make_slug(instance, text: str, fallback: str, max_length: int = 200) -> str:
    model = type(instance)
    return unique_slug(
        slugify_vi(text, max_length) or fallback,
        lambda s: model.objects.filter(slug=s).exclude(pk=instance.pk).exists(),
        max_length,
    )


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """Records a reader may see: published, and their publication time has come."""
        return self.filter(publication=Publication.PUBLISHED, published_at__lte=timezone.now())


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

    @property
    def is_scheduled(self) -> bool:
        return (
            self.publication == Publication.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )


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
            self.slug = _make_slug(self, self.short_name or self.name, "co-quan", 120)
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
        self.biography = clean_html(self.biography)
        if not self.slug:
            self.slug = _make_slug(self, self.full_name, "lanh-dao", 140)
        self.search_text = search.index_text(
            self.full_name, self.summary, self.hometown, search.html_text(self.biography)
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:official", kwargs={"slug": self.slug})

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


# --- Documents -------------------------------------------------------------------------


class PrivateFileStorage(FileSystemStorage):
    """Files handed out only by the portal's own views, never under MEDIA_URL.

    Attachments of documents published "abstract only" must not be reachable by URL
    guessing, so every attachment is served by a view that checks the document first.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    return PrivateFileStorage()


# The type codes of DOCUMENT-NUMBERS.md (one table, shared with the recogniser):
# DocumentKind.NQ == "NQ", DocumentKind.QDI == "QĐi".
DocumentKind = models.TextChoices(
    "DocumentKind", [(fold(code).upper(), (code, name)) for code, name in TYPE_NAMES.items()]
)


class Document(KeepsFormerSlugs, Published):
    class Status(models.TextChoices):
        IN_FORCE = "hieu-luc", "Còn hiệu lực"
        EXPIRED = "het-hieu-luc", "Hết hiệu lực"
        REPLACED = "bi-thay-the", "Bị thay thế"

    class Scope(models.TextChoices):
        FULL = "toan-van", "Công bố toàn văn (cho tải tệp)"
        ABSTRACT = "trich-yeu", "Chỉ công bố trích yếu"

    kind = models.CharField("loại văn bản", max_length=4, choices=DocumentKind.choices)
    number = models.PositiveIntegerField("số")
    symbol = models.CharField(
        "số ký hiệu",
        max_length=60,
        blank=True,
        help_text="Như in trên văn bản: 21-NQ/TU, 36/NQ-HĐND, 337/2021/NQ-HĐND. "
        "Để trống để tạo theo kiểu văn bản Đảng.",
    )
    issuer_code = models.CharField(
        "ký hiệu cơ quan", max_length=20, blank=True, editable=False, db_index=True
    )
    issuer = models.ForeignKey(
        Organization, verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="documents"
    )
    term = models.ForeignKey(
        Term,
        verbose_name="nhiệm kỳ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="Để trống để lấy theo ngày ban hành.",
    )
    issued_on = models.DateField("ngày ban hành")
    numbering_year = models.PositiveSmallIntegerField(editable=False, default=0)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True)
    signer = models.ForeignKey(
        Official,
        verbose_name="người ký",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_documents",
    )
    signer_name = models.CharField(
        "người ký (ghi tay)",
        max_length=200,
        blank=True,
        help_text="Khi người ký không có trong danh sách lãnh đạo.",
    )
    abstract = models.TextField("trích yếu")
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.IN_FORCE)
    scope = models.CharField("phạm vi công bố", max_length=20, choices=Scope.choices, default=Scope.FULL)
    adopted_at = models.ForeignKey(
        "Meeting",
        verbose_name="thông qua tại hội nghị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_documents",
    )
    related = models.ManyToManyField(
        "self", through="DocumentRelation", symmetrical=False, blank=True, related_name="+"
    )
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        permissions = [
            ("submit_document", "Gửi văn bản chờ duyệt"),
            ("publish_document", "Duyệt, công bố, hẹn giờ, gỡ và trả lại văn bản"),
        ]
        constraints = [
            # A document's identity is (issuer, kind, number, term); where no term is known
            # (State bodies number by calendar year) the year of issue takes its place.
            models.UniqueConstraint(
                fields=["issuer", "kind", "number", "term"],
                condition=Q(term__isnull=False),
                name="document_identity_in_term",
                violation_error_message="Cơ quan này đã có văn bản cùng loại, cùng số trong nhiệm kỳ này.",
            ),
            models.UniqueConstraint(
                fields=["issuer", "kind", "number", "numbering_year"],
                condition=Q(term__isnull=True),
                name="document_identity_in_year",
                violation_error_message="Cơ quan này đã có văn bản cùng loại, cùng số trong năm này.",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "number", "issuer_code"], name="document_symbol_idx"),
            models.Index(fields=["publication", "-issued_on", "-id"], name="document_public_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} số {self.symbol}"

    def save(self, *args, **kwargs):
        self._fill_derived()
        if not self.slug:
            # "21-NQ/TU" of 2020 → "21-nq-tu-2020": the year tells namesakes of other terms apart.
            text = f"{self.symbol.replace('/', ' ')} {self.issued_on:%Y}"
            self.slug = _make_slug(self, text, "van-ban", 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:document", kwargs={"slug": self.slug})

    def _default_symbol(self) -> str:
        return f"{self.number:02d}-{self.kind}/{self.issuer.symbol_code() or '?'}"

    def _fill_derived(self):
        self.abstract = normalize_space(self.abstract)
        self.symbol = normalize_space(self.symbol).replace("Ð", "Đ").replace("–", "-")
        if self.issuer_id and not self.symbol:
            self.symbol = self._default_symbol()
        if self.issuer_id:
            self.issuer_code = self.issuer.symbol_code() or _code_in_symbol(self.symbol)
        if self.issued_on:
            self.numbering_year = self.issued_on.year
            if self.issuer_id and self.term_id is None:
                self.term = self.issuer.term_on(self.issued_on)

    def clean(self):
        self._fill_derived()
        if self.term_id and self.issued_on and not self.term.contains(self.issued_on):
            raise ValidationError({"term": "Ngày ban hành không nằm trong nhiệm kỳ đã chọn."})

    @property
    def title(self) -> str:
        return f"{self.get_kind_display()} số {self.symbol}"

    @property
    def signer_display(self) -> str:
        return self.signer_name or (self.signer.full_name if self.signer_id else "")

    @property
    def files_are_public(self) -> bool:
        return self.scope == self.Scope.FULL


def _code_in_symbol(symbol: str) -> str:
    """The issuer part of a printed symbol: "21-NQ/TU" → "TU", "36/NQ-HĐND" → "HĐND"."""
    if "/" not in symbol:
        return ""
    tail = symbol.rsplit("/", 1)[1]
    return tail.split("-", 1)[1] if "-" in tail else tail


class DocumentRelation(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENTS = "trien-khai", "Triển khai, thực hiện"
        REPLACES = "thay-the", "Thay thế"
        AMENDS = "sua-doi", "Sửa đổi, bổ sung"

    source = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="relations_out"
    )
    target = models.ForeignKey(
        Document, verbose_name="văn bản liên quan", on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField("quan hệ", max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = "văn bản liên quan"
        verbose_name_plural = "văn bản liên quan"
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="document_relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="document_relation_not_self",
                violation_error_message="Văn bản không thể liên quan đến chính nó.",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"

    INVERSE_LABELS = {
        Kind.IMPLEMENTS: "Được triển khai bởi",
        Kind.REPLACES: "Bị thay thế bởi",
        Kind.AMENDS: "Được sửa đổi, bổ sung bởi",
    }

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.kind]


def attachment_path(instance, filename):
    return timezone.localdate().strftime("van-ban/%Y/%m/") + os.path.basename(filename)


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("tệp", upload_to=attachment_path, storage=private_storage, max_length=300)
    title = models.CharField("tên tệp hiển thị", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, editable=False, blank=True)
    size = models.PositiveBigIntegerField("dung lượng", default=0, editable=False)
    text = models.TextField("nội dung trích xuất", blank=True, editable=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    uploaded_at = models.DateTimeField("tải lên lúc", default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self):
        return self.title or os.path.basename(self.file.name)

    def get_absolute_url(self):
        return reverse("meetings:attachment", kwargs={"slug": self.document.slug, "pk": self.pk})

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()


# --- Meetings --------------------------------------------------------------------------


class MeetingQuerySet(PublicationQuerySet):
    def annotate_photo_count(self):
        return self.annotate(photo_count=models.Count("photos"))

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-id")


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

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_space(self.title)
        self.summary = clean_html(self.summary)
        if not self.slug:
            self.slug = _make_slug(self, self.title, "hoi-nghi", 200)
        if self.term_id is None and self.organization_id and self.starts_at:
            self.term = self.organization.term_on(timezone.localtime(self.starts_at).date())
        self.search_text = search.index_text(
            self.title, self.place, self.participants, search.html_text(self.summary)
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"slug": self.slug})

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
    alt_text = models.CharField("mô tả ảnh (alt)", max_length=300, blank=True)
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
        return self.alt_text or self.caption or self.meeting.title


# --- Cross-links found in text ----------------------------------------------------------


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
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, meeting__isnull=True)
                | Q(article__isnull=True, meeting__isnull=False),
                name="reference_has_one_source",
            )
        ]
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
            models.CheckConstraint(
                condition=Q(article__isnull=False, meeting__isnull=True)
                | Q(article__isnull=True, meeting__isnull=False),
                name="mention_has_one_source",
            ),
        ]

    def __str__(self):
        return str(self.official)
