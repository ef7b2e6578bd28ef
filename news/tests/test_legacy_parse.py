"""Reading the old site's articles from their plain-text exports (news/legacy.py): the parser."""

from pathlib import Path

import pytest

from news import legacy
from portal.tests.clock import local

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "legacy"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "legacy-export"
RESIDUE = ["Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "Đang online", "BẢN ĐỒ SỐ", "View count"]


def parsed(name: str) -> legacy.LegacyArticle:
    return legacy.parse(legacy.read_export((FIXTURES / name).read_bytes()))


# --- Reading one export ----------------------------------------------------------------------


def test_a_repeated_header_a_date_line_captions_and_a_byline():
    article = parsed("header_repeated.txt")
    assert article.category_name == "TIN TỨC HOẠT ĐỘNG CỦA THÀNH ỦY"
    assert article.title == "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 12"
    assert article.published_at == local(2022, 6, 23, 15, 4)
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
    assert article.published_at == local(2021, 10, 11, 7, 28)
    assert article.view_count == 1984
    assert article.byline == "Hồng Phương- Ngọc Khánh"
    assert article.captions == ["Các đại biểu dự buổi làm việc"]
    assert not any(word in " ".join(article.paragraphs) for word in RESIDUE)


def test_without_a_date_line_the_body_gives_the_date_but_not_a_cited_documents():
    article = parsed("bom_no_date_body_date.txt")
    assert article.title == "Phường Bãi Cháy ra quân làm sạch bờ biển"  # the BOM is gone
    assert article.published_at == local(2023, 3, 28)
    assert legacy.DATE_FROM_BODY in article.warnings
    assert (article.byline, article.source) == ("", "Báo Quảng Ninh")
    cited_first = legacy.parse(
        "Tiêu đề\n\nTriển khai Nghị quyết 56-NQ/TU ngày 15/12/2021, chiều 6/2/2022 đoàn đến."
    )
    assert cited_first.published_at == local(2022, 2, 6)


def test_decomposed_text_is_composed():
    article = parsed("nfd.txt")
    assert article.title == "Đảng ủy phường Hà Khẩu sơ kết 6 tháng"
    assert article.published_at == local(2022, 7, 5)
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


# --- The real exports --------------------------------------------------------------------------

REAL = {
    "000_f064a78d701348d9.txt": {
        "title": "Giao ban Bí thư chi bộ, trưởng thôn, khu; trưởng ban công tác mặt trận các thôn, "
        "khu phố; tổ trưởng tổ Đảng, tổ trưởng tổ dân trên địa bàn thành phố Hạ Long quý II năm 2022",
        "date": local(2022, 6, 20),  # "Chiều 20/6" in the year the title names, to be checked
        "views": 0,
        "byline": "Trần Thanh",
        "paragraphs": 11,
        "captions": 3,
    },
    "001_15b6a301f6259353.txt": {
        "title": "BTV Thành ủy làm việc với Đảng ủy các xã Dân Chủ, Quảng La, Bằng Cả, Vũ Oai, Hòa Bình, "
        "Tân Dân, Kỳ Thượng",
        "date": local(2021, 10, 11, 7, 28),
        "views": 1984,
        "byline": "Hồng Phương- Ngọc Khánh",
        "paragraphs": 9,
        "captions": 3,
    },
    "003_51f19a44640f24e0.txt": {
        "title": "Hội nghị lần thứ 14 - Ban chấp hành Đảng bộ quận khóa III, nhiệm kỳ 2020 - 2025",
        "date": local(2022, 6, 23, 15, 4),
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


# --- Variants the real exports do not show -------------------------------------------------------

BODY = "Sáng 5/7, Đảng ủy phường tổ chức hội nghị sơ kết.\n\nHội nghị thống nhất các nhiệm vụ.\n\nMinh Đức"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a header repeated on two lines; a subtitle between the title and the date line
        (
            "TIN TỨC THÀNH PHỐ\nTIN TỨC THÀNH PHỐ\nTiêu đề\n"
            f"Ngày đăng 05/07/2022 | 09:15 | Lượt xem: 12\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", local(2022, 7, 5, 9, 15), 12),
        ),
        (
            f"TIN TỨC THÀNH PHỐTIN TỨC THÀNH PHỐ\nTiêu đề\nNgày đăng 05/07/2022\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", local(2022, 7, 5), 0),
        ),
        (
            "TIN TỨC THÀNH PHỐ\nTiêu đề\nPhụ đề của bài\n"
            f"Ngày đăng: 05-07-2022 09:15:40 | Lượt xem: 7 | In bài viết\n{BODY}",
            ("TIN TỨC THÀNH PHỐ", "Tiêu đề", local(2022, 7, 5, 9, 15), 7),
        ),
        (
            f"TIÊU ĐỀ VIẾT HOA\nNgày đăng 05/07/2022 | 09:15\n{BODY}",
            ("", "TIÊU ĐỀ VIẾT HOA", local(2022, 7, 5, 9, 15), 0),
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
    assert article.published_at == local(2023, 3, 28)
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
