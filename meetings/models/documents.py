"""The documents the committee's bodies issue, their relations and their attached files."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from portal import search
from portal.models import KeepsFormerSlugs
from portal.paths import path_for
from portal.text import fold, normalize_space, slug_for

from ..reference_patterns import LETTER_KIND, TYPE_NAMES
from ..references import issuer_key, parse_symbol
from .base import PublicationQuerySet, Published
from .organizations import Official, Organization, Term


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
    """settings.STORAGES["private"]: PrivateFileStorage, or a private S3 bucket."""
    return storages["private"]


# The type codes of DOCUMENT-NUMBERS.md (one table, shared with the recogniser):
# DocumentKind.NQ == "NQ", DocumentKind.QDI == "QĐi".
DocumentKind = models.TextChoices(
    "DocumentKind", [(fold(code).upper(), (code, name)) for code, name in TYPE_NAMES.items()]
)


class DocumentQuerySet(PublicationQuerySet):
    def for_page(self):
        """What a document's own page shows of it: issuer, term, signer, the adopting meeting."""
        related = self.select_related("issuer", "term__organization", "signer", "adopted_at")
        return related.defer("search_text")

    def matching(self, query: str):
        """Documents matching a number ("21-NQ/TU", "21/NQ-TU", "NQ 21") or words of the abstract.

        A recognised number matches on (kind, number) and, when typed, the issuer code and
        year, whichever way the symbol is written (Party "21-NQ/TU" or State "21/NQ-TU").
        Anything else must have every word in the symbol, abstract, signer or files' text,
        without regard to diacritics or case (portal/search.py): "chuyen doi so" finds
        "chuyển đổi số".
        """
        parsed = parse_symbol(query)
        if parsed is None:
            return search.matching(self, search.query_tokens(query))
        kind, number, issuer_code, year = parsed
        queryset = self.filter(kind=kind, number=number)
        if year:
            queryset = queryset.filter(numbering_year=year)
        if issuer_code:
            # Codes compare without case or diacritics ("hdnd" is HĐND), as linking does.
            wanted = issuer_key(issuer_code)
            matches = queryset.values_list("pk", "issuer_code")
            queryset = queryset.filter(pk__in=[pk for pk, code in matches if issuer_key(code) == wanted])
        return queryset


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

    objects = DocumentQuerySet.as_manager()

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
            self.slug = slug_for(self, text, "van-ban", 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("meetings:document", slug=self.slug)

    def _default_symbol(self) -> str:
        return f"{self.number:02d}-{self.kind}/{self.issuer.symbol_code() or '?'}"

    def _fill_derived(self):
        self.abstract = normalize_space(self.abstract)
        self.symbol = normalize_space(self.symbol).replace("Ð", "Đ").replace("–", "-")
        if self.issuer_id and not self.symbol:
            self.symbol = self._default_symbol()
        if self.issuer_id:
            self.issuer_code = self.issuer.symbol_code() or _code_in_symbol(self.symbol, self.kind)
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


def _code_in_symbol(symbol: str, kind: str = "") -> str:
    """The issuer part of a printed symbol: "21-NQ/TU" → "TU", "36/NQ-HĐND" → "HĐND"; a
    letter's symbol has no type code, its drafting unit comes after: "1234/UBND-VP" → "UBND"."""
    if "/" not in symbol:
        return ""
    tail = symbol.rsplit("/", 1)[1]
    if "-" not in tail:
        return tail
    first, rest = tail.split("-", 1)
    return first if kind == LETTER_KIND else rest


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
        return path_for("meetings:attachment", slug=self.document.slug, pk=self.pk)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()
