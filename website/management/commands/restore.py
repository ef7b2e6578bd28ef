"""``manage.py restore FILE [--replace]``: load an archive made by ``backup`` into this
database and storage (website/backup.py). The archive is checked in full before anything is
written; a database that already has content is refused unless ``--replace``."""

import tarfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website import backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu, ảnh và tệp đính kèm từ một bản sao lưu của lệnh backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar do lệnh backup tạo.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa hết dữ liệu hiện có trước khi khôi phục (mặc định: chỉ vào cơ sở dữ liệu trống).",
        )

    def handle(self, *args, archive, replace, **options):
        if not archive.is_file():
            raise CommandError(f"Không có tệp {archive}.")
        try:
            summary = backup.restore(archive, replace=replace)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, EOFError, tarfile.TarError) as exc:
            raise CommandError(f"Không đọc được bản sao lưu {archive}: {exc}") from exc
        self.stdout.write(
            f"Đã khôi phục {sum(summary.rows.values())} bản ghi và {len(summary.files) - 1} tệp từ {archive}"
        )
