"""Importing the old site's articles: each export (read by news/legacy.py) creates an article,
or updates the one an earlier import made, and links the documents and officials it names.
Used by the ``import_legacy`` command and the admin's "Nhập bài từ trang cũ"."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from meetings import linking
from news import legacy
from news.models import Article, Category

logger = logging.getLogger(__name__)


@dataclass
class FileResult:
    name: str
    action: str  # "created", "updated", "skipped", "error"
    title: str = ""
    category: str = ""
    published_at: datetime.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""  # why a file was skipped or refused
    article_id: int | None = None

    ACTION_LABELS = {"created": "tạo mới", "updated": "cập nhật", "skipped": "bỏ qua", "error": "lỗi"}

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS[self.action]


@dataclass
class Report:
    dry_run: bool
    files: list[FileResult] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for f in self.files if f.action == action)

    @property
    def count_importable(self) -> int:
        return self.count("created") + self.count("updated")

    @property
    def warning_count(self) -> int:
        return sum(len(f.warnings) for f in self.files)

    def summary(self) -> str:
        verb = "Sẽ tạo" if self.dry_run else "Đã tạo"
        counts = (
            f"{verb} {self.count('created')}, cập nhật {self.count('updated')}, "
            f"bỏ qua {self.count('skipped')}, lỗi {self.count('error')}"
        )
        return f"{counts}; {self.warning_count} cảnh báo."


class Importer:
    """Creates or updates articles from exports. Each file is its own transaction, so a bad
    file is reported by name and the others still import.

    ``category``: the default Category when an export has no header line or one that matches
    no category; ``date``: the publication date when neither a date line nor the body gives
    one (the article is then flagged); ``publish``: publish rather than keep as drafts."""

    def __init__(
        self, *, category=None, date: datetime.date | None = None, publish=False, dry_run=False, user=None
    ):
        self.default_category = category
        self.date = date
        self.publish = publish
        self.user = user
        self.report = Report(dry_run=dry_run)
        self.categories = {legacy.category_key(c.name): c for c in Category.objects.all()}
        self.seen: dict[str, str] = {}  # key -> the file that had it, within this run

    def add(self, name: str, data: bytes) -> FileResult:
        name = name.encode("utf-8", "replace").decode("utf-8")  # a file name not in UTF-8
        try:
            parsed = legacy.parse(legacy.read_export(data), known_categories=set(self.categories))
        except legacy.NotAnExport as exc:
            result = FileResult(name, "error", message=str(exc))
        else:
            result = self._import(name, parsed)
        self.report.files.append(result)
        return result

    def _category(self, parsed: legacy.LegacyArticle, warnings: list[str]):
        if parsed.category_name:
            found = self.categories.get(legacy.category_key(parsed.category_name))
            if found is not None:
                return found
            if self.default_category is not None:
                default = self.default_category.name
                warnings.append(f"{legacy.UNKNOWN_CATEGORY} «{parsed.category_name}», xếp vào «{default}»")
        return self.default_category

    def _import(self, name: str, parsed: legacy.LegacyArticle) -> FileResult:
        warnings = list(parsed.warnings)
        category = self._category(parsed, warnings)
        result = FileResult(name, "created", title=parsed.title, warnings=warnings)
        if category is None:
            result.action = "error"
            result.message = (
                f"không khớp chuyên mục «{parsed.category_name}»; hãy chọn chuyên mục mặc định"
                if parsed.category_name
                else "không có dòng chuyên mục; hãy chọn chuyên mục mặc định"
            )
            return result
        result.category = category.name
        if (earlier := self.seen.get(parsed.key)) is not None:
            result.action, result.message = "skipped", f"trùng nội dung với tệp {earlier} trong lần nhập này"
            return result
        self.seen[parsed.key] = name
        result.published_at = self._publication_date(parsed, warnings)
        publish = self._may_publish(result.published_at, warnings)
        existing = Article.all_objects.filter(legacy_key=parsed.key).first()
        if existing is not None and not self._may_update(existing, result):
            return result
        if not self.report.dry_run:
            self._save(existing, parsed, result, category=category, publish=publish)
        return result

    def _publication_date(self, parsed: legacy.LegacyArticle, warnings: list[str]):
        """The export's date, or the default one (flagged), or None (flagged too)."""
        published_at = parsed.published_at
        if published_at is None and self.date is not None:
            published_at = datetime.datetime.combine(
                self.date, datetime.time(7, 0), tzinfo=timezone.get_current_timezone()
            )
            warnings.append(legacy.DATE_TO_CHECK)
        elif published_at is None:
            warnings.append(f"{legacy.DATE_TO_CHECK}: chưa có ngày đăng")
        return published_at

    def _may_publish(self, published_at, warnings: list[str]) -> bool:
        """Publishing was asked for, and the article has a date that has come."""
        publish = self.publish and published_at is not None and published_at <= timezone.now()
        if self.publish and not publish:
            warnings.append(
                "chưa xuất bản vì không có ngày đăng"
                if published_at is None
                else "chưa xuất bản vì ngày đăng ở tương lai"
            )
        return publish

    @staticmethod
    def _may_update(existing: Article, result: FileResult) -> bool:
        """An earlier import of the same export is updated unless it is in the trash or staff
        have touched it since (a save, a workflow step, "đã kiểm tra")."""
        result.article_id = existing.pk
        if existing.deleted_at is not None:
            result.action, result.message = "skipped", "bài đã nhập trước đây đang ở Thùng rác"
            return False
        if existing.legacy_imported_at is None or existing.updated_at != existing.legacy_imported_at:
            result.action = "skipped"
            result.message = "bài đã nhập trước đây đã được sửa trên cổng mới, giữ nguyên"
            return False
        result.action = "updated"
        return True

    def _save(self, existing, parsed: legacy.LegacyArticle, result: FileResult, *, category, publish):
        article = existing or Article(legacy_key=parsed.key, created_by=self.user)
        article.title = parsed.title
        article.lead = parsed.lead
        article.body = parsed.body_html()
        article.byline = parsed.byline
        article.source = parsed.source
        article.category = category
        article.published_at = result.published_at
        if existing is None or existing.status == Article.Status.DRAFT:
            article.status = Article.Status.PUBLISHED if publish else Article.Status.DRAFT
        article.view_count = max(article.view_count, parsed.view_count)
        article.legacy_file = result.name[:255]
        article.legacy_warnings = result.warnings
        article.updated_by = self.user
        try:
            with transaction.atomic():
                article.save()
                linking.sync_links(article)  # the documents it cites and the officials it names
        except Exception as exc:  # one file's failure must not stop the others
            logger.exception("Could not import %s", result.name)
            result.action, result.message = "error", f"không lưu được: {exc}"
            return
        Article.all_objects.filter(pk=article.pk).update(legacy_imported_at=F("updated_at"))
        result.article_id = article.pk
