"""backup and restore: a round trip through an emptied database and emptied storages gives
back the same articles, photos, documents, attachments and counters; a damaged or foreign
archive is refused before anything is written."""

import datetime
import io
import json
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import Attachment, Document, MeetingPhoto, private_storage
from meetings.tests.factories import AttachmentFactory, MeetingPhotoFactory
from news.models import Article, DailyViews
from news.tests.factories import ArticleFactory
from portal.images import save_image
from portal.models import Image, Page
from portal.tests.imagefiles import jpeg_bytes, upload
from website import backup
from widgets.models import DailyVisits

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_content():
    cover = save_image(upload(jpeg_bytes(320, 200, gps=False)))
    article = ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 21", cover=cover)
    trashed = ArticleFactory(title="Bản nháp đã bỏ vào thùng rác", status=Article.Status.DRAFT)
    Article.all_objects.filter(pk=trashed.pk).update(deleted_at=trashed.created_at)
    Article.objects.filter(pk=article.pk).update(view_count=1234)
    DailyViews.objects.create(day=datetime.date(2026, 12, 3), article=article, views=56)
    DailyVisits.objects.create(day=datetime.date(2026, 12, 3), visits=789)
    MeetingPhotoFactory.create_batch(2)
    AttachmentFactory()
    return snapshot()


def snapshot() -> dict:
    """What a reader and the office would check after a restore, files' bytes included."""
    return {
        "articles": sorted(
            Article.all_objects.values_list("slug", "title", "body", "view_count", "deleted_at")
        ),
        "daily": sorted(DailyViews.objects.values_list("day", "views")),
        "visits": sorted(DailyVisits.objects.values_list("day", "visits")),
        "documents": sorted(Document.objects.values_list("slug", "symbol", "abstract", "issued_on")),
        "photos": sorted(MeetingPhoto.objects.values_list("caption", "image__file")),
        "images": sorted(
            (image.file.name, read(default_storage, image.file.name)) for image in Image.objects.all()
        ),
        "attachments": sorted(
            (attachment.file.name, read(private_storage(), attachment.file.name))
            for attachment in Attachment.objects.all()
        ),
    }


def read(storage, name: str) -> bytes:
    with storage.open(name) as handle:
        return handle.read()


def empty_everything():
    """As on a new server after ``migrate``: no content, no files, only the rows the
    migrations make (the newsroom's roles, the English page)."""
    call_command("flush", interactive=False, verbosity=0)
    for storage in backup.storages().values():
        for name in list(backup.walk(storage)):
            storage.delete(name)
    Group.objects.create(name="Vai trò do migrate tạo")
    Page.objects.create(title="Structure and contacts", slug="structure-and-contacts", language="en")


def test_a_backup_restored_into_an_empty_portal_gives_back_the_same_portal(portal_content, tmp_path, capsys):
    archive = tmp_path / "sao-luu.tar"
    call_command("backup", output=archive)
    assert "Đã sao lưu" in capsys.readouterr().out
    empty_everything()
    assert Article.all_objects.count() == 0 and not list(backup.walk(default_storage))

    call_command("restore", archive)
    assert "Đã khôi phục" in capsys.readouterr().out
    assert snapshot() == portal_content
    assert not Group.objects.filter(name="Vai trò do migrate tạo").exists()  # the archive's rows only
    assert len(portal_content["images"]) >= 3 and len(portal_content["attachments"]) == 1


def test_the_archive_lists_and_hashes_every_member(portal_content, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    summary = backup.create(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json" and names[0] == "database.jsonl.gz"
    assert set(names[:-1]) == set(manifest["files"]) == set(summary.files)
    assert any(name.startswith("private/") for name in names) and any(
        name.startswith("media/") for name in names
    )
    assert manifest["rows"]["news.article"] == 2 and "sessions.session" not in manifest["rows"]


def test_a_damaged_archive_is_refused_before_anything_is_written(portal_content, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    backup.create(archive)
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        photo = next(m for m in tar.getmembers() if m.name.startswith("media/"))
    data[photo.offset_data + 10] ^= 0xFF
    damaged = tmp_path / "hong.tar"
    damaged.write_bytes(bytes(data))
    empty_everything()
    with pytest.raises(CommandError, match="đã bị hỏng"):
        call_command("restore", damaged)
    assert Article.all_objects.count() == 0 and not list(backup.walk(default_storage))


def test_a_restore_does_not_overwrite_a_portal_that_has_content(portal_content, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    backup.create(archive)
    ArticleFactory(title="Bài viết sau lần sao lưu")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", archive)
    assert Article.objects.filter(title="Bài viết sau lần sao lưu").exists()
    call_command("restore", archive, replace=True)
    assert snapshot() == portal_content


def test_an_archive_that_escapes_its_folders_is_refused(tmp_path, db):
    evil = tmp_path / "doc.tar"
    payload = b"<?php system($_GET['c']); ?>"
    manifest = {
        "format": 1,
        "rows": {},
        "files": {"media/../../cau-hinh.php": {"size": len(payload), "sha256": ""}},
    }
    with tarfile.open(evil, "w") as tar:
        for name, data in (
            ("media/../../cau-hinh.php", payload),
            ("manifest.json", json.dumps(manifest).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("restore", evil)
    not_an_archive = tmp_path / "anh.tar"
    not_an_archive.write_bytes(jpeg_bytes(10, 10))
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("restore", not_an_archive)


def test_backup_never_overwrites_an_earlier_archive(tmp_path, db):
    archive = tmp_path / "sao-luu.tar"
    archive.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", output=archive)
    assert archive.read_bytes() == b"an earlier backup"
