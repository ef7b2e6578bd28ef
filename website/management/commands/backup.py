"""``manage.py backup [--output FILE]``: the database and every uploaded file in one archive
(website/backup.py). Pending visitor counts are moved into the database first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website import backup
from widgets import counting


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, ảnh và tệp đính kèm vào một tệp lưu trữ (.tar)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Tệp hoặc thư mục đích (mặc định: cong-thong-tin-<ngày giờ>.tar trong thư mục hiện tại).",
        )

    def handle(self, *args, output, **options):
        destination = output or Path(backup.default_name())
        if destination.is_dir():
            destination = destination / backup.default_name()
        if destination.exists():
            raise CommandError(f"{destination} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
        counting.flush()
        try:
            summary = backup.create(destination)
        except OSError as exc:
            raise CommandError(f"Không ghi được bản sao lưu {destination}: {exc}") from exc
        self.stdout.write(
            f"Đã sao lưu {sum(summary.rows.values())} bản ghi và {len(summary.files) - 1} tệp "
            f"({summary.total_bytes / 1024 / 1024:.1f} MB) vào {destination}"
        )
