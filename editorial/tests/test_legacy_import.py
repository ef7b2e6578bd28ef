"""Importing the old site's exports: the command, re-imports, the admin's upload and report."""

import datetime
import io
import re
import shutil

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from editorial import roles
from editorial.legacy_import import Importer
from meetings.models import DocumentReference, OfficialMention
from meetings.tests.factories import DocumentFactory, OfficialFactory, OrganizationFactory
from news import legacy
from news.models import Article
from news.tests.factories import CategoryFactory
from news.tests.test_legacy_parse import FIXTURES
from portal.tests.clock import local

pytestmark = pytest.mark.django_db


def run(*args, failing: int = 0) -> str:
    """The command's report; with ``failing``, it must end by saying that many files failed."""
    out = io.StringIO()
    if failing:
        with pytest.raises(CommandError, match=f"{failing} tệp không nhập được"):
            call_command("import_legacy", *map(str, args), stdout=out)
    else:
        call_command("import_legacy", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def categories():
    return {
        "city": CategoryFactory(name="Tin tức thành phố"),
        "party": CategoryFactory(name="Tin tức hoạt động của Thành ủy"),
        "other": CategoryFactory(name="Tin khác"),
    }


def test_importing_a_folder_creates_drafts_reports_the_broken_files_and_sums_up(categories, tmp_path):
    shutil.copytree(FIXTURES, tmp_path / "exports")
    report = run(
        tmp_path / "exports", "--category", categories["other"].slug, "--date", "01/01/2020", failing=5
    )
    for name in ("empty.txt", "only_residue.txt", "binary_garbage.txt", "title_only.txt", "latin1.txt"):
        assert re.search(rf"\[lỗi\] .*{name} — ", report), name
    assert "Đã tạo 5, cập nhật 0, bỏ qua 0, lỗi 5" in report

    assert Article.objects.count() == 5
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    meeting = Article.objects.get(title="Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 12")
    assert meeting.category == categories["party"]  # the header, matched without accents or case
    assert timezone.localtime(meeting.published_at) == local(2022, 6, 23, 15, 4)
    assert meeting.view_count == 1184 and meeting.byline == "Thanh Hải"
    assert meeting.legacy_file.endswith("header_repeated.txt")
    assert meeting.body.count('class="image legacy-missing-photo"') == 2  # kept by the sanitiser
    undated = Article.objects.get(title="Giao ban Bí thư chi bộ quý II")
    assert undated.category == categories["other"]
    assert timezone.localtime(undated.published_at).date() == datetime.date(2020, 1, 1)
    assert legacy.DATE_TO_CHECK in undated.legacy_warnings


def test_importing_again_updates_instead_of_duplicating_and_keeps_staff_edits(categories):
    run(FIXTURES / "header_repeated.txt", FIXTURES / "crlf_glued_residue.txt")
    assert Article.objects.count() == 2
    out = run(FIXTURES / "header_repeated.txt", FIXTURES / "crlf_glued_residue.txt")
    assert "Đã tạo 0, cập nhật 2, bỏ qua 0, lỗi 0" in out and Article.objects.count() == 2

    edited = Article.objects.get(title__startswith="BTV Thành ủy")
    edited.lead = "Sapo do biên tập viên viết lại."
    edited.save()
    out = run(FIXTURES / "crlf_glued_residue.txt")
    assert "đã được sửa trên cổng mới" in out
    assert Article.objects.get(pk=edited.pk).lead == "Sapo do biên tập viên viết lại."


def test_dry_run_writes_nothing_and_says_what_would_happen(categories):
    out = run(FIXTURES / "header_repeated.txt", FIXTURES / "no_date_at_all.txt", "--dry-run", failing=1)
    assert "[Chạy thử, không ghi gì] Sẽ tạo 1, cập nhật 0, bỏ qua 0, lỗi 1" in out
    assert "không có dòng chuyên mục; hãy chọn chuyên mục mặc định" in out
    assert "thiếu ảnh: 2 chú thích chờ ảnh" in out
    assert not Article.objects.exists()


def test_publish_publishes_dated_articles_and_links_their_references(categories):
    document = DocumentFactory(issuer=OrganizationFactory(), number=21, issued_on=datetime.date(2020, 12, 31))
    run(
        FIXTURES / "header_repeated.txt",
        FIXTURES / "no_date_at_all.txt",
        "--category",
        categories["other"].slug,
        "--publish",
    )
    dated = Article.objects.get(title__startswith="Hội nghị Ban Chấp hành")
    assert dated.status == Article.Status.PUBLISHED and dated.is_public
    assert DocumentReference.objects.filter(article=dated, document=document).exists()
    undated = Article.objects.get(title__startswith="Giao ban")
    assert (
        undated.status == Article.Status.DRAFT
        and "chưa xuất bản vì không có ngày đăng" in undated.legacy_warnings
    )


def test_imported_articles_name_officials_like_new_ones(categories):
    official = OfficialFactory(full_name="Nguyễn Văn Hải")
    run(FIXTURES / "nfd.txt", "--category", categories["city"].slug)
    article = Article.objects.get(title="Đảng ủy phường Hà Khẩu sơ kết 6 tháng")
    assert OfficialMention.objects.filter(article=article, official=official).exists()


def test_bad_arguments_are_explained(categories):
    with pytest.raises(CommandError, match="Không có chuyên mục «khong-co»"):
        run(FIXTURES / "nfd.txt", "--category", "khong-co")
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        run(FIXTURES / "nfd.txt", "--date", "2020-01-01")
    with pytest.raises(CommandError, match="Không có tệp hoặc thư mục"):
        run("/khong/co/thu-muc")


IMPORT_URL = "/admin/news/article/nhap-trang-cu/"


def _upload(name: str):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/plain")


def test_the_admin_shows_the_dry_run_then_imports_and_lists_the_imported(admin_client, categories):
    assert "Nhập bài từ trang cũ" in admin_client.get("/admin/news/article/").content.decode()
    response = admin_client.post(
        IMPORT_URL,
        {
            "files": [
                _upload("header_repeated.txt"),
                _upload("no_date_at_all.txt"),
                _upload("binary_garbage.txt"),
                _upload("empty.txt"),
            ],
            "category": categories["other"].pk,
            "date": "01/01/2020",
        },
    )
    html = response.content.decode()
    assert "Chạy thử: Sẽ tạo 2, cập nhật 0, bỏ qua 0, lỗi 2" in html
    assert "empty.txt" in html and "tệp rỗng" in html
    assert "binary_garbage.txt" in html and "tệp nhị phân" in html
    assert "thiếu ảnh: 2 chú thích chờ ảnh" in html and "ngày đăng cần kiểm tra" in html
    assert not Article.objects.exists()

    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    response = admin_client.post(
        IMPORT_URL,
        {"token": token, "category": categories["other"].pk, "date": "01/01/2020", "publish": "False"},
    )
    html = response.content.decode()
    assert "Đã tạo 2, cập nhật 0, bỏ qua 0, lỗi 2" in html
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    # The same token cannot import twice.
    again = admin_client.post(IMPORT_URL, {"token": token, "category": categories["other"].pk})
    assert again.status_code == 400 and "hãy tải các tệp lên lại" in again.content.decode()

    listing = admin_client.get("/admin/news/article/?trang_cu=can-kiem-tra").content.decode()
    assert "Giao ban Bí thư chi bộ quý II" in listing and "ngày đăng cần kiểm tra" in listing
    ids = list(Article.objects.values_list("pk", flat=True))
    admin_client.post("/admin/news/article/", {"action": "mark_legacy_checked", "_selected_action": ids})
    assert not Article.objects.exclude(legacy_warnings=[]).exists()
    assert "Giao ban" in admin_client.get("/admin/news/article/?trang_cu=da-kiem-tra").content.decode()


def test_only_those_who_publish_may_import(client, django_user_model):
    reporter = django_user_model.objects.create_user("pv", is_staff=True)
    reporter.groups.add(Group.objects.get(name=roles.REPORTER))
    client.force_login(reporter)
    assert client.get(IMPORT_URL).status_code == 403
    assert "Nhập bài từ trang cũ" not in client.get("/admin/news/article/").content.decode()


def test_checked_or_published_articles_are_not_overwritten_and_future_dates_wait(
    categories, django_user_model, django_capture_on_commit_callbacks, admin_client
):
    run(FIXTURES / "header_repeated.txt")
    article = Article.objects.get()
    admin_client.post(
        "/admin/news/article/", {"action": "mark_legacy_checked", "_selected_action": [article.pk]}
    )
    assert Article.objects.get().legacy_warnings == []
    out = run(FIXTURES / "header_repeated.txt")
    assert "bỏ qua 1" in out and Article.objects.get().legacy_warnings == []

    future = FIXTURES.parent / "legacy" / "header_repeated.txt"
    text = future.read_text(encoding="utf-8").replace("23/06/2022", f"23/06/{timezone.now().year + 1}")
    Article.objects.all().delete()
    importer = Importer(publish=True)
    result = importer.add("tuong-lai.txt", text.encode())
    assert "chưa xuất bản vì ngày đăng ở tương lai" in result.warnings
    assert Article.objects.get().status == Article.Status.DRAFT
