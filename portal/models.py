import re
from html import unescape as html_unescape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.html import strip_tags

from . import freshness
from .paths import path_for
from .sanitize import body_images_without_alt, clean_html
from .text import normalize_space, slug_for

SITE_SETTINGS_CACHE_KEY = "portal:site-settings:v2"
INFO_PAGES_CACHE_KEY = "portal:info-pages"


def currency_codes(text: str) -> list[str]:
    """ "usd, EUR;jpy" → ["USD", "EUR", "JPY"], in order, without repeats."""
    codes = [code.strip().upper() for code in re.split(r"[\s,;]+", text or "") if code.strip()]
    return list(dict.fromkeys(codes))


def validate_currency_codes(text: str) -> None:
    wrong = [code for code in currency_codes(text) if not re.fullmatch(r"[A-Z]{3}", code)]
    if wrong:
        raise ValidationError(
            "Mã ngoại tệ không hợp lệ: %(codes)s. Mỗi mã gồm 3 chữ cái, ví dụ USD, EUR.",
            params={"codes": ", ".join(wrong)},
        )
    if not currency_codes(text):
        raise ValidationError("Cần ít nhất một mã ngoại tệ, ví dụ USD.")


class SiteSettings(models.Model):
    """The portal's identity, editable in the admin so that any committee can run it."""

    site_name = models.CharField(
        "tên cổng thông tin", max_length=200, default="Cổng thông tin điện tử Thành ủy Hạ Long"
    )
    committee_name = models.CharField("tên cơ quan", max_length=200, default="Thành ủy Hạ Long")
    parent_body = models.CharField(
        "cơ quan cấp trên", max_length=200, blank=True, default="Đảng bộ tỉnh Quảng Ninh"
    )
    tagline = models.CharField(
        "khẩu hiệu", max_length=200, blank=True, default="Đảng Cộng sản Việt Nam quang vinh muôn năm"
    )
    address = models.CharField(
        "địa chỉ",
        max_length=300,
        blank=True,
        default="Số 1 đường Nguyễn Văn Cừ, phường Hồng Hải, thành phố Hạ Long, tỉnh Quảng Ninh",
    )
    phone = models.CharField("điện thoại", max_length=100, blank=True, default="0203 3835 668")
    fax = models.CharField("fax", max_length=100, blank=True)
    email = models.EmailField("thư điện tử", blank=True, default="thanhuyhalong@quangninh.gov.vn")
    logo = models.ImageField("biểu trưng (logo)", upload_to="site/", blank=True)
    footer_text = models.TextField(
        "chân trang",
        blank=True,
        default="Chịu trách nhiệm chính: Chánh Văn phòng Thành ủy Hạ Long. "
        "Ghi rõ nguồn khi phát hành lại thông tin từ cổng thông tin này.",
    )
    weather_location_name = models.CharField("địa điểm thời tiết", max_length=100, default="Hạ Long")
    weather_latitude = models.DecimalField(
        "vĩ độ",
        max_digits=8,
        decimal_places=5,
        default=20.95,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    weather_longitude = models.DecimalField(
        "kinh độ",
        max_digits=8,
        decimal_places=5,
        default=107.07,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    exchange_currencies = models.CharField(
        "ngoại tệ hiển thị",
        max_length=200,
        default="USD, EUR, JPY, CNY, GBP, AUD, SGD, KRW, THB",
        help_text="Mã ngoại tệ theo bảng của Vietcombank, cách nhau bởi dấu phẩy, theo thứ tự hiển thị.",
        validators=[validate_currency_codes],
    )
    visits_carried_over = models.PositiveBigIntegerField(
        "lượt truy cập từ trang cũ",
        default=0,
        help_text="Cộng vào “Tổng lượt truy cập” để tiếp nối số liệu của cổng thông tin cũ.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "cấu hình cổng thông tin"
        verbose_name_plural = "cấu hình cổng thông tin"

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from the cache when possible; created with defaults if missing."""
        obj = cache.get(SITE_SETTINGS_CACHE_KEY)
        if obj is None:
            obj, _ = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, obj, 60 * 60)
        return obj

    @classmethod
    def current(cls) -> "SiteSettings":
        """The settings row as readers' pages show it: kept in the process for the content's
        version (a change to it starts a new one). Read only; the admin edits ``load()``."""
        return freshness.remember("portal:site-settings", cls.load)


class Image(models.Model):
    """A photo that went through the image pipeline (portal/images.py).

    ``file`` is the cleaned master (JPEG, EXIF removed, size-capped); ``renditions`` maps a
    width to a WebP file name made once at upload.
    """

    file = models.ImageField("tệp ảnh", upload_to="images/", max_length=255)
    width = models.PositiveIntegerField("chiều rộng", editable=False, default=0)
    height = models.PositiveIntegerField("chiều cao", editable=False, default=0)
    renditions = models.JSONField("các cỡ ảnh WebP", default=dict, editable=False)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True, editable=False)
    alt_text = models.CharField("mô tả ảnh (alt)", max_length=300, blank=True)
    caption = models.CharField("chú thích", max_length=500, blank=True)
    credit = models.CharField("tác giả ảnh", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ảnh"
        verbose_name_plural = "thư viện ảnh"

    def __str__(self):
        return self.caption or self.alt_text or self.original_name or self.file.name

    def rendition_url(self, width: int) -> str:
        """URL of the smallest WebP rendition at least ``width`` wide (or the largest there is)."""
        storage = self.file.storage
        widths = sorted(int(w) for w in self.renditions)
        if not widths:
            return self.file.url
        chosen = next((w for w in widths if w >= width), widths[-1])
        return storage.url(self.renditions[str(chosen)])

    @property
    def srcset(self) -> str:
        storage = self.file.storage
        return ", ".join(
            f"{storage.url(name)} {w}w"
            for w, name in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        )

    def rendition_height(self, width: int) -> int:
        return round(self.height * width / self.width) if self.width else 0

    def delete_files(self):
        storage = self.file.storage
        for name in [self.file.name, *self.renditions.values()]:
            if name:
                storage.delete(name)


# The width an image of rich text takes on the page (static/css/site.css: the .page grid's
# main column, 1,200 px container less the 300 px sidebar, the gap and the padding), for the
# browser to pick its rendition: about 840 px on a desktop, the screen's width on a phone.
BODY_IMAGE_SIZES = "(min-width: 1200px) 836px, (min-width: 901px) calc(100vw - 364px), calc(100vw - 32px)"
_BODY_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_OWN_IMAGE = re.compile(r'\bsrc="[^"]*?(images/\d{4}/\d{2}/[0-9a-f]{32})(?:-\d+)?\.(?:webp|jpg)"')
_WIDTH = re.compile(r'\swidth="(\d+)"')


def size_body_images(html: str) -> str:
    """Rich text's photos of the portal's own (the editor's uploads) with their ``height``
    beside their ``width``, so that text does not shift as they load, and ``sizes`` of the
    column they sit in instead of the editor's "100vw", so that a desktop fetches the ~840 px
    rendition, not the 1,600 px one. One query for the whole text; other images are left."""
    stems = set(_OWN_IMAGE.findall(html or ""))
    if not stems:
        return html
    images = {
        image.file.name.rsplit(".", 1)[0]: image
        for image in Image.objects.filter(file__in=[f"{stem}.jpg" for stem in stems])
    }

    def sized(match: re.Match) -> str:
        tag = match.group(0)
        found = _OWN_IMAGE.search(tag)
        image = images.get(found.group(1)) if found else None
        if image is None or not image.width:
            return tag
        given = _WIDTH.search(tag)
        width = int(given.group(1)) if given else max([int(w) for w in image.renditions] or [image.width])
        height = image.rendition_height(width)
        for name, value in (("width", width), ("height", height), ("sizes", BODY_IMAGE_SIZES)):
            tag = re.sub(rf'\s{name}="[^"]*"', "", tag)
            tag = tag[:-1].rstrip("/ ").rstrip() + f' {name}="{value}">'
        return tag

    return _BODY_IMG.sub(sized, html)


_ALT = re.compile(r'\salt="([^"]*)"')


def first_own_image(html: str) -> tuple["Image | None", str]:
    """The first photo of the portal's own in rich text (an upload through the editor, not an
    outside address) and its alt text there; (None, "") when the text has none."""
    for tag in _BODY_IMG.findall(html or ""):
        found = _OWN_IMAGE.search(tag)
        if found:
            image = Image.objects.filter(file=f"{found.group(1)}.jpg").first()
            if image is not None:
                alt = _ALT.search(tag)
                return image, html_unescape(alt.group(1)) if alt else ""
    return None, ""


def shows_image(html: str, image: "Image | None") -> bool:
    """Does rich text already show ``image`` (any of its renditions)?"""
    return bool(image and image.file.name) and image.file.name.rsplit(".", 1)[0] in (html or "")


class PageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """A standing page of information: the committee's functions, structure, contacts…

    Nghị định 42/2022/NĐ-CP asks a portal to give its structure and contacts in English too:
    an English page (``language="en"``) lives under /en/, the others under /gioi-thieu/.
    The contact block is drawn from SiteSettings, so it never disagrees with the footer.
    """

    class Language(models.TextChoices):
        VIETNAMESE = "vi", "Tiếng Việt"
        ENGLISH = "en", "English (tiếng Anh)"

    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=120, blank=True, help_text="Để trống để tạo từ tiêu đề.")
    language = models.CharField(
        "ngôn ngữ",
        max_length=2,
        choices=Language.choices,
        default=Language.VIETNAMESE,
        help_text="Trang tiếng Anh có địa chỉ /en/…, trang tiếng Việt có địa chỉ /gioi-thieu/….",
    )
    summary = models.CharField(
        "tóm tắt",
        max_length=300,
        blank=True,
        help_text="Một hai câu, viết bằng ngôn ngữ của trang: dùng khi chia sẻ và cho máy tìm kiếm.",
    )
    body = models.TextField("nội dung")
    show_contacts = models.BooleanField(
        "hiện thông tin liên hệ",
        default=True,
        help_text="Địa chỉ, điện thoại, fax và thư điện tử lấy từ cấu hình cổng thông tin, "
        "ghi nhãn bằng ngôn ngữ của trang.",
    )
    show_in_footer = models.BooleanField("hiện liên kết ở chân trang", default=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=10)
    is_published = models.BooleanField("công khai", default=False)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["language", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["language", "slug"], name="page_language_slug")]
        verbose_name = "trang thông tin"
        verbose_name_plural = "trang thông tin"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = size_body_images(clean_html(self.body))
        if not self.slug:
            self.slug = slug_for(
                self, self.title, "trang", 120, among=Page.objects.filter(language=self.language)
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        name = "portal:page-en" if self.language == self.Language.ENGLISH else "portal:page"
        return path_for(name, slug=self.slug)

    def clean(self):
        self.title = normalize_space(self.title)
        self.body = clean_html(self.body)
        if not strip_tags(self.body).strip() and "<img" not in self.body:
            raise ValidationError({"body": "Trang cần có nội dung."})
        if self.is_published and (missing := body_images_without_alt(self.body)):
            raise ValidationError(
                {"body": "Chưa công khai được: cần mô tả ảnh (alt) cho " + ", ".join(missing) + "."}
            )


class FormerSlug(models.Model):
    """An address a record had before its slug was changed: it answers with a 301 to the
    record's new address, so links already shared, printed or subscribed to keep working."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField("đường dẫn cũ", max_length=220)
    created_at = models.DateTimeField("đổi lúc", auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="formerslug_type_slug"),
        ]
        verbose_name = "đường dẫn cũ"
        verbose_name_plural = "đường dẫn cũ"

    def __str__(self):
        return self.slug


class KeepsFormerSlugs(models.Model):
    """For a model with a unique ``slug``: a changed slug keeps the old one as a FormerSlug."""

    former_slugs = GenericRelation(FormerSlug)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        old_slug = getattr(self, "_stored_slug", None)
        if old_slug and old_slug != self.slug:
            # (A former slug that a record takes again needs no cleaning: a record at the
            # address is always found before any former slug is looked up.)
            FormerSlug.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(self, for_concrete_model=True),
                slug=old_slug,
                defaults={"object_id": self.pk},
            )
        self._stored_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._stored_slug = record.__dict__.get("slug")
        return record

    @classmethod
    def by_former_slug(cls, slug: str, queryset=None):
        """The record that once had ``slug``, among ``queryset`` (default: all), or None."""
        kind = ContentType.objects.get_for_model(cls, for_concrete_model=True)
        ids = FormerSlug.objects.filter(content_type=kind, slug=slug).values("object_id")
        return (queryset if queryset is not None else cls._default_manager).filter(pk__in=ids).first()


def validate_web_address(url: str) -> None:
    """Only web addresses (http, https): never javascript:, data:, mailto: or a file."""
    URLValidator(
        schemes=["http", "https"],
        message="Địa chỉ phải là một trang web đầy đủ, bắt đầu bằng https:// hoặc http://.",
    )(url)


class LinkQuerySet(models.QuerySet):
    def shown(self):
        """The links readers see, in the order the admin set."""
        return self.filter(is_shown=True).order_by("order", "title", "id")


class Link(models.Model):
    """A link to another portal (the province's, the Government's, the Party's, a newspaper),
    shown in the home page's "Liên kết" block in the order the admin sets."""

    title = models.CharField("tên trang", max_length=150, help_text="Ví dụ: Cổng TTĐT tỉnh Quảng Ninh.")
    url = models.URLField(
        "địa chỉ",
        max_length=500,
        validators=[validate_web_address],
        help_text="Địa chỉ đầy đủ, ví dụ https://www.quangninh.gov.vn/.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=10, help_text="Số nhỏ hiện trước.")
    is_shown = models.BooleanField("hiện trên trang chủ", default=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title", "id"]
        verbose_name = "liên kết website"
        verbose_name_plural = "liên kết website"

    def __str__(self):
        return self.title

    def clean(self):
        self.title = normalize_space(self.title)
        self.url = (self.url or "").strip()

    @property
    def host(self) -> str:
        """The site's name as readers know it: "quangninh.gov.vn" for https://www.quangninh.gov.vn/."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")
