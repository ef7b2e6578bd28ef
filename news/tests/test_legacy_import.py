"""Importing the old site's articles from their plain-text exports (news/legacy.py)."""

import datetime
import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from meetings.models import DocumentReference
from meetings.tests.factories import DocumentFactory, OrganizationFactory
from news import legacy
from news.models import Article

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "legacy"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "legacy-export"
RESIDUE = ["Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "Đang online", "BẢN ĐỒ SỐ", "View count"]


def parsed(name: str) -> legacy.LegacyArticle:
    return legacy.parse(legacy.read_export((FIXTURES / name).read_bytes()))


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


# --- Reading one export ----------------------------------------------------------------------


def test_a_repeated_header_a_date_line_captions_and_a_byline():
    article = parsed("header_repeated.txt")
    assert article.category_name == "TIN TỨC HOẠT ĐỘNG CỦA THÀNH ỦY"
    assert article.title == "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 12"
    assert article.published_at == datetime.datetime(2022, 6, 23, 15, 4)
    assert article.view_count == 1184
    assert article.lead.startswith("(HL) Sáng ngày 23/6")
    assert article.captions == ["Quang cảnh hội nghị", "Đồng chí Bí thư Thành ủy phát biểu kết luận hội nghị"]
    assert len(article.paragraphs) == 4
    assert (article.byline, article.source) == ("Thanh Hải", "")
    assert article.warnings == ["thiếu ảnh: 2 chú thích chờ ảnh"]
    body = article.body_html()
    assert (
        '<figure class="image legacy-missing-photo"><img src="/static/img/legacy-missing-photo.svg"'
        ' alt="Ảnh đang được bổ sung: Quang cảnh hội nghị" width="960" height="540">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure>"
    ) in body
    assert "BẢN ĐỒ SỐ" not in body and "Thanh Hải" not in body


def test_crlf_a_plain_header_and_residue_glued_to_the_byline():
    article = parsed("crlf_glued_residue.txt")
    assert article.category_name == "Tin tức thành phố"
    assert article.published_at == datetime.datetime(2021, 10, 11, 7, 28)
    assert article.view_count == 1984
    assert article.byline == "Hồng Phương- Ngọc Khánh"
    assert article.captions == ["Các đại biểu dự buổi làm việc"]
    assert not any(word in " ".join(article.paragraphs) for word in RESIDUE)


def test_without_a_date_line_the_body_gives_the_date_but_not_a_cited_documents():
    article = parsed("bom_no_date_body_date.txt")
    assert article.title == "Phường Bãi Cháy ra quân làm sạch bờ biển"  # the BOM is gone
    assert article.published_at == datetime.datetime(2023, 3, 28)
    assert legacy.DATE_FROM_BODY in article.warnings
    assert (article.byline, article.source) == ("", "Báo Quảng Ninh")
    cited_first = legacy.parse(
        "Tiêu đề\n\nTriển khai Nghị quyết 56-NQ/TU ngày 15/12/2021, chiều 6/2/2022 đoàn đến."
    )
    assert cited_first.published_at == datetime.datetime(2022, 2, 6)


def test_decomposed_text_is_composed():
    article = parsed("nfd.txt")
    assert article.title == "Đảng ủy phường Hà Khẩu sơ kết 6 tháng"
    assert article.published_at == datetime.datetime(2022, 7, 5)
    assert article.byline == "Minh Đức"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "tệp rỗng"),
        ("only_residue.txt", "chỉ có phần thừa của trang cũ"),
        ("binary_garbage.txt", "tệp nhị phân"),
        ("title_only.txt", "chỉ có tiêu đề"),
        ("latin1.txt", "UTF-8"),
    ],
)
def test_broken_exports_are_refused_with_a_reason(name, reason):
    with pytest.raises(legacy.NotAnExport, match=reason):
        parsed(name)


def test_the_same_article_has_the_same_key_however_it_was_exported():
    text = (FIXTURES / "header_repeated.txt").read_text(encoding="utf-8")
    variants = [
        text,
        text.replace("\n", "\r\n"),
        "\ufeff" + text.replace("BẢN ĐỒ SỐ", "Thời tiết\nĐang online 3"),
        __import__("unicodedata").normalize("NFD", text),
    ]
    keys = {legacy.parse(legacy.read_export(v.encode("utf-8"))).key for v in variants}
    assert len(keys) == 1


# --- The command -------------------------------------------------------------------------------


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
    assert timezone.localtime(meeting.published_at) == timezone.make_aware(
        datetime.datetime(2022, 6, 23, 15, 4)
    )
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
    from meetings.models import OfficialMention
    from meetings.tests.factories import OfficialFactory

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


# --- The real exports --------------------------------------------------------------------------

REAL = {
    "000_f064a78d701348d9.txt": {
        "title": "Giao ban Bí thư chi bộ, trưởng thôn, khu; trưởng ban công tác mặt trận các thôn, "
        "khu phố; tổ trưởng tổ Đảng, tổ trưởng tổ dân trên địa bàn thành phố Hạ Long quý II năm 2022",
        "date": None,
        "views": 0,
        "byline": "Trần Thanh",
        "paragraphs": 11,
        "captions": 3,
    },
    "001_15b6a301f6259353.txt": {
        "title": "BTV Thành ủy làm việc với Đảng ủy các xã Dân Chủ, Quảng La, Bằng Cả, Vũ Oai, Hòa Bình, "
        "Tân Dân, Kỳ Thượng",
        "date": datetime.datetime(2021, 10, 11, 7, 28),
        "views": 1984,
        "byline": "Hồng Phương- Ngọc Khánh",
        "paragraphs": 9,
        "captions": 3,
    },
    "003_51f19a44640f24e0.txt": {
        "title": "Hội nghị lần thứ 14 - Ban chấp hành Đảng bộ quận khóa III, nhiệm kỳ 2020 - 2025",
        "date": datetime.datetime(2022, 6, 23, 15, 4),
        "views": 184,
        "byline": "Thanh Hải",
        "paragraphs": 6,
        "captions": 0,
    },
}


@pytest.mark.skipif(
    not SHARED.exists(),
    reason="../shared/legacy-export/ is absent (only CI and the developers' machine have it)",
)
@pytest.mark.parametrize("name", sorted(REAL))
def test_the_old_sites_real_exports(name):
    expected = REAL[name]
    article = legacy.parse(legacy.read_export((SHARED / name).read_bytes()))
    assert article.title == expected["title"]
    assert article.published_at == expected["date"]
    assert article.view_count == expected["views"]
    assert article.byline == expected["byline"]
    assert len(article.paragraphs) == expected["paragraphs"]  # after the lead, captions included
    assert len(article.captions) == expected["captions"]
    text = " ".join([article.title, article.lead, *article.paragraphs, article.byline])
    assert not [word for word in RESIDUE if word in text]


# --- The admin ---------------------------------------------------------------------------------

IMPORT_URL = "/admin/news/article/nhap-trang-cu/"


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

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
    from django.contrib.auth.models import Group

    from editorial import roles

    reporter = django_user_model.objects.create_user("pv", is_staff=True)
    reporter.groups.add(Group.objects.get(name=roles.REPORTER))
    client.force_login(reporter)
    assert client.get(IMPORT_URL).status_code == 403
    assert "Nhập bài từ trang cũ" not in client.get("/admin/news/article/").content.decode()


# --- Variants the real exports do not show -------------------------------------------------------

BODY = "Sáng 5/7, Đảng ủy phường tổ chức hội nghị sơ kết.\n\nHội nghị thống nhất các nhiệm vụ.\n\nMinh Đức"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a header repeated on two lines; a subtitle between the title and the date line
        (
            "TIN TỨC THÀNH PHỐ\nTIN TỨC THÀNH PHỐ\nTiêu đề\n"
            f"Ngày đăng 05/07/2022 | 09:15 | Lượt xem: 12\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", datetime.datetime(2022, 7, 5, 9, 15), 12),
        ),
        (
            f"TIN TỨC THÀNH PHỐTIN TỨC THÀNH PHỐ\nTiêu đề\nNgày đăng 05/07/2022\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", datetime.datetime(2022, 7, 5), 0),
        ),
        (
            "TIN TỨC THÀNH PHỐ\nTiêu đề\nPhụ đề của bài\n"
            f"Ngày đăng: 05-07-2022 09:15:40 | Lượt xem: 7 | In bài viết\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", datetime.datetime(2022, 7, 5, 9, 15), 7),
        ),
        (
            f"TIÊU ĐỀ VIẾT HOA\nNgày đăng 05/07/2022 | 09:15\n{BODY}",
            ("", "TIÊU ĐỀ VIẾT HOA", datetime.datetime(2022, 7, 5, 9, 15), 0),
        ),
    ],
)
def test_header_title_and_date_line_variants(text, expected):
    article = legacy.parse(text)
    assert (article.category_name, article.title, article.published_at, article.view_count) == expected
    assert article.byline == "Minh Đức"
    assert article.lead in ("Sáng 5/7, Đảng ủy phường tổ chức hội nghị sơ kết.", "Phụ đề của bài")


@pytest.mark.parametrize(
    "ending",
    [
        "Minh ĐứcTHỜI TIẾT",
        "Minh ĐứcĐang online: 26",
        "Minh Đức\nThống kê truy cập\nĐang online\n26\nHôm nay\n1.234\nTổng lượt truy cập\n98.765",
    ],
)
def test_residue_variants_are_cut_and_leave_the_byline(ending):
    article = legacy.parse(f"Tiêu đề\n\nĐoạn mở đầu của bài viết.\n\nĐoạn thứ hai của bài.\n\n{ending}")
    assert article.byline == "Minh Đức"
    assert article.paragraphs == ["Đoạn thứ hai của bài."] and article.captions == []


def test_credits_sources_and_a_photo_before_the_lead():
    article = legacy.parse(
        "Tiêu đề\n\nQuang cảnh buổi lễ\n\nSáng 5/7, buổi lễ diễn ra trang trọng.\n\n"
        "Đoạn tiếp.\n\nBài, ảnh: Thanh Hải"
    )
    assert article.lead == "Sáng 5/7, buổi lễ diễn ra trang trọng."
    assert article.paragraphs == ["Quang cảnh buổi lễ", "Đoạn tiếp."] and article.captions == [
        "Quang cảnh buổi lễ"
    ]
    assert article.byline == "Bài, ảnh: Thanh Hải"
    assert legacy.parse("Tiêu đề\n\nĐoạn một.\n\nĐoạn hai.\n\nTheo Báo Quảng Ninh").source == "Báo Quảng Ninh"


def test_body_dates_in_words_and_a_long_address_are_read_quickly():
    slug = "-".join(["giao-ban-bi-thu-chi-bo-truong-thon-khu"] * 6)
    article = legacy.parse(
        f"Tiêu đề\n\nXem https://halong.gov.vn/tin-tuc/2022/06/{slug}.html về Nghị quyết 56-NQ/TU ngày "
        "15/12/2021.\n\nSáng ngày 28 tháng 3 năm 2023, hội nghị khai mạc.\n\nMinh Đức"
    )
    assert article.published_at == datetime.datetime(2023, 3, 28)
    assert legacy.parse("Tiêu đề\n\nNgày đăng 01/01/0001\n\nĐoạn một.").published_at is None


def test_the_key_survives_a_header_read_differently_and_tells_same_titled_articles_apart():
    plain = legacy.parse("Tin tức thành phố\n\nTiêu đề\n\nĐoạn một của bài.\n\nĐoạn hai.")
    known = legacy.parse(
        "Tin tức thành phố\n\nTiêu đề\n\nĐoạn một của bài.\n\nĐoạn hai.",
        known_categories={"tin tuc thanh pho"},
    )
    assert (plain.title, known.title) == ("Tin tức thành phố", "Tiêu đề") and plain.key == known.key
    week1 = legacy.parse("Lịch công tác\n\nLịch tuần của Thường trực.\n\nThứ Hai: họp giao ban.")
    week2 = legacy.parse("Lịch công tác\n\nLịch tuần của Thường trực.\n\nThứ Hai: tiếp công dân.")
    assert week1.key != week2.key


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
    importer = legacy.Importer(publish=True)
    result = importer.add("tuong-lai.txt", text.encode())
    assert "chưa xuất bản vì ngày đăng ở tương lai" in result.warnings
    assert Article.objects.get().status == Article.Status.DRAFT
