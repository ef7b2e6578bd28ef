import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from portal import freshness, search
from portal.models import KeepsFormerSlugs, size_body_images
from portal.paths import path_for
from portal.sanitize import clean_html
from portal.text import normalize_space, slug_for
from portal.trees import descendant_ids, is_own_ancestor

# Models of their own modules, registered with the app here and imported from here.
from .corrections import Correction, TracksContentChanges  # noqa: F401
from .daily_views import DailyViews  # noqa: F401

# Addresses under /tin-tuc/ that are pages of their own, not categories.
RESERVED_CATEGORY_SLUGS = {"luu-tru"}

# "Đọc nhiều" ranks by the views of this many days, today included.
MOST_READ_DAYS = 7

CYCLE_MESSAGE = "Không thể chọn chính chuyên mục này hoặc chuyên mục con của nó làm chuyên mục cha."


class Category(models.Model):
    name = models.CharField("tên chuyên mục", max_length=150)
    slug = models.SlugField(
        "đường dẫn",
        max_length=160,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tên (bỏ dấu, đ → d).",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="chuyên mục cha",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    show_in_menu = models.BooleanField("hiện trên thanh điều hướng", default=True)
    show_on_home = models.BooleanField("hiện khối trên trang chủ", default=False)
    writers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="người được viết",
        blank=True,
        related_name="writable_categories",
        help_text=(
            "Để trống: mọi phóng viên, biên tập viên viết được vào chuyên mục này (hoặc theo chuyên mục "
            "cha). Chọn người: chỉ những người này viết và sửa bài ở đây và ở các chuyên mục con; "
            "người duyệt bài không bị giới hạn."
        ),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def save(self, *args, **kwargs):
        self.name = normalize_space(self.name)
        if not self.slug:
            self.slug = slug_for(self, self.name, "chuyen-muc", 150, reserved=RESERVED_CATEGORY_SLUGS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("news:category", slug=self.slug)

    @classmethod
    def kept(cls) -> dict[int, "Category"]:
        """Every category by id, in menu order, kept in the process for the content's version
        (a few dozen rows): for pages, which read them and never change them."""
        return freshness.remember("news:categories", lambda: {c.pk: c for c in cls.objects.all()})

    def label(self, by_id: dict[int, "Category"]) -> str:
        """``str(self)`` with the parent found in ``by_id`` (``kept()``), not read again."""
        parent = by_id.get(self.parent_id)
        return f"{parent.name} › {self.name}" if parent is not None and parent.pk != self.pk else self.name

    def subtree_ids(self) -> list[int]:
        """This category's id and those of every category below it (one query)."""
        return descendant_ids(self.pk, Category.objects.values_list("pk", "parent_id"))

    def clean(self):
        # Before the uniqueness checks, so that "Du  lịch" and "Du lịch" collide in the form.
        self.name = normalize_space(self.name)
        if self.slug in RESERVED_CATEGORY_SLUGS:
            raise ValidationError(
                {"slug": "Đường dẫn này dành cho trang lưu trữ tin; hãy chọn đường dẫn khác."}
            )
        if is_own_ancestor(self):
            raise ValidationError({"parent": CYCLE_MESSAGE})


class Tag(models.Model):
    name = models.CharField("từ khóa", max_length=100, unique=True)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "từ khóa"
        verbose_name_plural = "từ khóa"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_space(self.name)
        if not self.slug:
            self.slug = slug_for(self, self.name, "tu-khoa", 120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return Tag.path(self.slug)

    @staticmethod
    def path(slug: str) -> str:
        return path_for("news:tag", slug=slug)

    def clean(self):
        self.name = normalize_space(self.name)


# What an article's page never shows: for_page leaves it unread.
UNSHOWN_FIELDS = (
    "search_text",
    "search_title",
    "review_note",
    "legacy_key",
    "legacy_file",
    "legacy_warnings",
    "legacy_imported_at",
    "cover__original_name",
    "cover__caption",
    "cover__credit",
    "cover__uploaded_by",
    "cover__created_at",
    "category__description",
)


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """Articles a reader may see: published, and their publication time has come.

        Scheduling needs no cron job: an article dated in the future simply does not
        match until that moment.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self, now):
        """When the next article scheduled after ``now`` goes public, or None."""
        scheduled = self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        return scheduled.aggregate(moment=models.Min("published_at"))["moment"]

    def in_categories(self, categories):
        return self.filter(category__in=categories)

    def for_cards(self):
        """What a list of article cards shows, in a fixed number of queries."""
        return self.select_related("category", "cover").only(
            "id",
            "title",
            "slug",
            "lead",
            "published_at",
            "view_count",
            "status",
            "cover_alt",
            "cover_caption",
            "category__id",
            "category__name",
            "category__slug",
            "cover__id",
            "cover__file",
            "cover__width",
            "cover__height",
            "cover__renditions",
            "cover__alt_text",
        )

    def newest(self):
        return self.order_by("-published_at", "-id")

    def for_page(self, *, tags: bool = True):
        """What an article's own page shows: its category and cover and (unless the page's
        text is likely remembered, ``tags=False``: then read only when needed) its tags.
        The fields a page never shows stay unread (the search index, the import's notes):
        a reader's request reads one narrow row."""
        queryset = self.select_related("category", "cover").defer(*UNSHOWN_FIELDS)
        queryset = queryset.prefetch_related("corrections")  # shown at the top of the article
        if tags:
            queryset = queryset.prefetch_related(
                models.Prefetch("tags", queryset=Tag.objects.order_by("name"))
            )
        return queryset

    def most_read(self, days: int = MOST_READ_DAYS):
        """Ranked by the views counted in the last ``days`` local days, today included.

        Articles nobody read in that time are left out: "Đọc nhiều" is about this week.
        """
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        return (
            self.filter(daily_views__day__gte=since)
            .annotate(recent_views=models.Sum("daily_views__views"))
            .order_by("-recent_views", "-published_at", "-id")
        )

    def top_per_block(self, blocks: dict[int, list[int]], per_block: int) -> dict[int, list]:
        """The newest ``per_block`` articles of each home-page block, in one query.

        ``blocks`` maps a block's category id to the category ids it shows (itself and its
        subcategories). Each block is a small ``ORDER BY … LIMIT`` subquery that an index
        answers, however many articles there are; the rows are shared out in Python, so an
        article may appear in two blocks when their categories overlap.
        """
        if not blocks:
            return {}
        newest = self.order_by("-published_at", "-id")
        # One LIMIT subquery per category, as an index returns a single category's newest
        # rows in order but not those of several at once; UNION ALL makes them one IN list
        # that the database answers by primary key. Written as SQL because Django cannot
        # slice the parts of a union on SQLite.
        parts, params = [], []
        for n, category_id in enumerate(sorted({pk for ids in blocks.values() for pk in ids})):
            part = newest.filter(category_id=category_id).values("pk")[:per_block]
            sql, part_params = part.query.sql_with_params()
            parts.append(f"SELECT * FROM ({sql}) AS block_{n}")
            params.extend(part_params)
        rows = list(newest.filter(pk__in=RawSQL(" UNION ALL ".join(parts), params)))
        shown = {block_id: set(ids) for block_id, ids in blocks.items()}
        return {
            block_id: [a for a in rows if a.category_id in ids][:per_block] for block_id, ids in shown.items()
        }


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles that are not in the trash: everything the site and the admin work with."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Article(KeepsFormerSlugs, TracksContentChanges):
    class Status(models.TextChoices):
        # The editorial workflow (editorial/workflow.py) moves an article between these.
        # "Hẹn giờ" is PUBLISHED with a publication time still ahead.
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"
        UNPUBLISHED = "unpublished", "Đã gỡ xuống"
        ARCHIVED = "archived", "Lưu trữ"

    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=220,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tiêu đề. Đổi tiêu đề không đổi đường dẫn.",
    )
    lead = models.TextField("sapo (tóm tắt)", blank=True, help_text="Đoạn mở đầu in đậm dưới tiêu đề.")
    body = models.TextField("nội dung", blank=True)
    cover = models.ForeignKey(
        "portal.Image",
        verbose_name="ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_caption = models.CharField("chú thích ảnh đại diện", max_length=500, blank=True)
    cover_alt = models.CharField(
        "mô tả ảnh đại diện (alt)",
        max_length=300,
        blank=True,
        help_text="Mô tả nội dung ảnh cho người khiếm thị.",
    )
    category = models.ForeignKey(
        Category, verbose_name="chuyên mục", on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name="từ khóa", blank=True, related_name="articles")
    byline = models.CharField("tác giả", max_length=200, blank=True)
    source = models.CharField(
        "nguồn", max_length=300, blank=True, help_text="Ví dụ: Báo Quảng Ninh. Hiện dưới bài là “Nguồn: …”."
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "ngày đăng",
        null=True,
        blank=True,
        db_index=True,
        help_text="Một thời điểm trong tương lai sẽ hẹn giờ đăng bài. Để trống khi xuất bản để đăng ngay.",
    )
    review_note = models.TextField(
        "ý kiến của người duyệt",
        blank=True,
        editable=False,
        help_text="Lý do trả lại bài, hiện cho tác giả đến khi bài được gửi duyệt lại.",
    )
    is_featured = models.BooleanField(
        "tiêu điểm", default=False, help_text="Đưa lên vị trí tiêu điểm của trang chủ."
    )
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa cuối",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    # Optimistic locking: each save through the admin adds one, and a form opened before the
    # last save is refused instead of silently overwriting it (editorial/admin/newsroom.py).
    edit_version = models.PositiveIntegerField("phiên bản sửa", default=1, editable=False)
    # Imported from the old site (editorial/legacy_import.py): a key from the content, so
    # that importing the same export again updates the article; the file it came from; what
    # staff should check (a date guessed, captions waiting for photos…), cleared once checked.
    legacy_key = models.CharField(
        "mã bài trang cũ", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    legacy_file = models.CharField("tệp nhập", max_length=255, blank=True, editable=False)
    legacy_warnings = models.JSONField("cần kiểm tra", default=list, blank=True, editable=False)
    # When the import last wrote the article: a later change by staff (a save, a workflow step,
    # "đã kiểm tra") moves updated_at past it, and importing again then leaves it alone.
    legacy_imported_at = models.DateTimeField("nhập lúc", null=True, blank=True, editable=False)
    # The trash (Thùng rác): a deleted article keeps its row, text, photos and history for
    # restoring; only an administrator removes it for good (editorial/trash.py).
    deleted_at = models.DateTimeField("chuyển vào thùng rác lúc", null=True, blank=True, editable=False)
    # Search (portal/search.py): the tokens of title, lead, body, byline and source; of the title.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xóa",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # The first manager is the default one (the admin, related managers, the site): it hides
    # the trash. ``all_objects`` sees every row, for the trash itself and unique slugs.
    objects = ArticleManager()
    all_objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        permissions = [
            ("submit_article", "Gửi bài chờ duyệt"),
            ("edit_any_article", "Sửa bài nháp của người khác"),
            ("publish_article", "Duyệt, xuất bản, hẹn giờ, gỡ và trả lại bài"),
        ]
        indexes = [
            # Each index matches an ORDER BY of a page, tie-breaker included, so that a
            # page reads only the rows it shows, however many articles there are. Without
            # the trash, which the site never lists: then the paging anchors (portal/paging.py)
            # read a list's keys from the index alone, without visiting the table.
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_public_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="article_category_idx",
                condition=models.Q(deleted_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize_space(self.title)
        self.body = size_body_images(clean_html(self.body))
        if not self.slug:  # unique among the trash too
            self.slug = slug_for(self, self.title, "bai-viet", 200, among=Article.all_objects.all())
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.fill_search()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "lead", "body", "byline", "source"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text", "search_title"}
        # (A changed slug keeps the old address as a 301: KeepsFormerSlugs.)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("news:article", category=self.category.slug, slug=self.slug)

    def clean(self):
        self.title = normalize_space(self.title)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        # Django checks uniqueness with the default manager, which does not see the trash.
        if (
            self.slug
            and "slug" not in (exclude or ())
            and Article.all_objects.filter(slug=self.slug, deleted_at__isnull=False)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"slug": "Đường dẫn này thuộc một bài trong Thùng rác; hãy chọn đường dẫn khác."}
            )

    def fill_search(self):
        """Keep the search columns (portal/search.py) in step with the text."""
        self.search_text = search.index_text(
            self.title, self.lead, search.html_text(self.body), self.byline, self.source
        )
        self.search_title = search.index_text(self.title)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def content_moments(self) -> tuple:
        """When this article changes public pages by itself: its publication (portal.freshness)."""
        return (self.published_at,)

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def cover_alt_text(self) -> str:
        return self.cover_alt or (self.cover.alt_text if self.cover else "") or self.title


class TrashManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=False)


class TrashedArticle(Article):
    """The trash (Thùng rác) in the admin: deleted articles, restorable for 30 days."""

    objects = TrashManager()

    class Meta:
        proxy = True
        ordering = ["-deleted_at", "-id"]
        verbose_name = "bài trong thùng rác"
        verbose_name_plural = "thùng rác"
