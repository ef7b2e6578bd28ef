"""python manage.py import_legacy PATH... [--category SLUG] [--date dd/mm/yyyy] [--publish] [--dry-run]

Imports the old site's articles from their plain-text exports (read by news/legacy.py, written
by editorial/legacy_import.py). Folders are read for their .txt files, recursively. Importing
the same export again updates its article (unless staff have edited it since); --dry-run
shows what would happen and writes nothing.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from editorial import audit
from editorial.legacy_import import FileResult, Importer
from editorial.models import AuditEntry
from news.legacy import MAX_EXPORT_BYTES
from news.models import Category
from portal.text import read_day


def _day(value: str) -> datetime.date:
    try:
        return read_day(value)
    except ValueError:
        raise CommandError(f"Ngày «{value}» không đúng dạng dd/mm/yyyy.") from None


class Command(BaseCommand):
    help = "Nhập bài viết từ các tệp văn bản xuất từ trang cũ."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="tệp hoặc thư mục (đọc các tệp .txt bên trong)")
        parser.add_argument("--category", help="đường dẫn (slug) của chuyên mục mặc định")
        parser.add_argument("--date", help="ngày đăng dd/mm/yyyy cho bài không ghi ngày (bài sẽ bị đánh dấu)")
        parser.add_argument("--publish", action="store_true", help="xuất bản ngay thay vì để bản nháp")
        parser.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi gì")
        parser.add_argument("--user", help="tên đăng nhập ghi là người nhập")

    def handle(self, *args, paths, category, date, publish, dry_run, user, verbosity, **options):
        default_category = None
        if category:
            default_category = Category.objects.filter(slug=category).first()
            if default_category is None:
                raise CommandError(f"Không có chuyên mục «{category}».")
        importer_user = None
        if user:
            importer_user = get_user_model().objects.filter(username=user).first()
            if importer_user is None:
                raise CommandError(f"Không có người dùng «{user}».")
        files = self._files(paths)
        if not files:
            raise CommandError("Không tìm thấy tệp nào để nhập.")

        importer = Importer(
            category=default_category,
            date=_day(date) if date else None,
            publish=publish,
            dry_run=dry_run,
            user=importer_user,
        )
        for path in files:
            try:
                with path.open("rb") as handle:  # no more than an export can be: the rest is refused
                    data = handle.read(MAX_EXPORT_BYTES + 1)
            except OSError as exc:
                data, error = None, f"không đọc được tệp: {exc.strerror or exc}"
            if data is None:
                result = FileResult(str(path), "error", message=error)
                importer.report.files.append(result)
            else:
                result = importer.add(str(path), data)
            if verbosity >= 1:
                self._print(result)
        report = importer.report
        self.stdout.write(("[Chạy thử, không ghi gì] " if dry_run else "") + report.summary())
        if not dry_run and report.count_importable:
            audit.record(
                AuditEntry.Action.IMPORT,
                ", ".join(paths),
                actor=importer_user,
                target_type="bài viết",
                detail=f"import_legacy: {report.summary()}",
            )
        if report.count("error"):
            raise CommandError(f"{report.count('error')} tệp không nhập được (xem ở trên).", returncode=1)

    def _files(self, paths: list[str]) -> list[Path]:
        found = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"))
            elif path.exists():
                found.append(path)
            else:
                raise CommandError(f"Không có tệp hoặc thư mục «{raw}».")
        return found

    def _print(self, result):
        line = f"[{result.action_label}] {result.name}"
        if result.title:
            line += f": {result.title}"
        if result.published_at:
            line += f" ({timezone.localtime(result.published_at):%d/%m/%Y %H:%M})"
        if result.message:
            line += f" — {result.message}"
        style = (
            self.style.ERROR
            if result.action == "error"
            else (self.style.WARNING if result.warnings or result.action == "skipped" else self.style.SUCCESS)
        )
        self.stdout.write(style(line))
        for warning in result.warnings:
            self.stdout.write(f"    ! {warning}")
