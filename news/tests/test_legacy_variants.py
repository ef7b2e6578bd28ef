"""The old site's exports in the shapes they come in (news/legacy.py, news/legacy_lines.py).

First one example of each kind of export the parser used to get wrong; then generated variants
(Hypothesis) of exports known to parse right, the project's fixtures and the real exports in
../shared/legacy-export/: the sidebar's residue joined, split, reordered, with colons, pipes,
NBSP, tabs, glued to the byline; CRLF, NFD, a BOM; bylines indented or right-aligned; photo
captions of every length. Each variant must read as its original does: the same title, date,
byline or source, paragraphs and captions, and none of the residue's words.
"""

import functools
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news import legacy
from news.legacy_lines import clean_line, folded
from news.tests.test_legacy_parse import FIXTURES, SHARED
from portal.tests.clock import local

# Reproducible and quick in CI: the same examples on every run, no example database, no
# deadline (a slow machine is not a failure). Function-scoped fixtures (the project's autouse
# set-up) are shared by a test's examples, which only parse text.
settings.register_profile(
    "legacy-variants",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
VARIANTS = settings.get_profile("legacy-variants")

BODY = (
    "Tiêu đề của bài\n\nSáng 5/7/2022, Đảng ủy phường tổ chức hội nghị sơ kết.\n\n"
    "Quang cảnh hội nghị\n\nHội nghị thống nhất các nhiệm vụ trọng tâm.\n\n"
)


def read(text: str) -> legacy.LegacyArticle:
    return legacy.parse(legacy.read_export(text.encode("utf-8")))


# --- One example of each kind --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sidebar",
    [
        "Thời tiết\nThống kê truy cập\nĐang online 312 Tổng lượt truy cập 1204567",
        "Thống kê truy cập\nĐang online: 26 | Tổng lượt truy cập: 5.886.939",
        "Thống kê truy cập\nHôm nay 120\nHôm qua 340\nTuần này 1.234",
        "Hôm nay\n120\nHôm qua\n340",
        "THỜI TIẾT\nHạ Long 28°C, mây rải rác\nTỶ GIÁ NGOẠI TỆ\nUSD 25.420 25.790\nBẢN ĐỒ SỐ",
        "BẢN ĐỒ SỐ\nĐang online\t26\nTỷ giá ngoại tệ\nThống kê truy cập\nTháng này: 45.120\nThời tiết",
    ],
    ids=[
        "several-counters-on-a-line",
        "colons-and-pipes",
        "other-counters",
        "counters-without-a-box-title",
        "box-contents",
        "reordered",
    ],
)
def test_the_sidebar_in_other_shapes_is_cut_and_leaves_the_byline(sidebar):
    article = read(f"{BODY}Minh Đức\n\n{sidebar}")
    assert article.byline == "Minh Đức"
    assert article.paragraphs == ["Quang cảnh hội nghị", "Hội nghị thống nhất các nhiệm vụ trọng tâm."]
    assert article.captions == ["Quang cảnh hội nghị"]
    assert legacy.NO_BYLINE not in article.warnings


def test_the_sidebar_glued_to_the_byline_in_other_shapes():
    article = read(f"{BODY}Minh ĐứcĐang online: 26 | Tổng lượt truy cập: 5.886.939\nHôm nay 120")
    assert article.byline == "Minh Đức"
    # a last line that merely names one of the sidebar's words is the article's
    video = read(f"{BODY}Cán bộ, đảng viên xem lại Video\n\nMinh Đức")
    assert video.paragraphs[-1] == "Cán bộ, đảng viên xem lại Video" and video.byline == "Minh Đức"
    assert read(f"{BODY}Theo Tổng cục Thống kê").source == "Tổng cục Thống kê"
    dated = read(f"{BODY}Hôm nay 20/6\n\nMinh Đức")  # a counter's shape, but no sidebar below it
    assert (dated.paragraphs[-1], dated.byline) == ("Hôm nay 20/6", "Minh Đức")


@pytest.mark.parametrize(
    "gap",
    [" " * 30, "\u00a0" * 12, "\t\t\t\t", " \u00a0 \u00a0 \u00a0"],
    ids=["spaces", "nbsp", "tabs", "mixed"],
)
def test_a_right_aligned_byline_after_the_last_paragraph_is_kept(gap):
    text = BODY.rstrip() + f"{gap}Minh Đức - Thanh Hải\n\nThời tiết\nĐang online 26"
    article = read(text)
    assert article.byline == "Minh Đức - Thanh Hải"
    assert article.paragraphs[-1] == "Hội nghị thống nhất các nhiệm vụ trọng tâm."
    assert article.captions == ["Quang cảnh hội nghị"]
    # spaces inside a paragraph, not after its end, split nothing
    inside = read(f"{BODY}Đoạn cuối có      khoảng trắng dài.\n\nNguồn: Báo Quảng Ninh")
    assert inside.paragraphs[-1] == "Đoạn cuối có khoảng trắng dài." and inside.source == "Báo Quảng Ninh"


def test_a_long_caption_is_a_caption_and_a_paragraph_without_its_full_stop_is_not():
    caption = (
        "Đồng chí Vũ Văn Diện, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND thành phố "
        "trao Bằng khen của Chủ tịch UBND tỉnh cho các tập thể, cá nhân có thành tích xuất sắc trong "
        "công tác xây dựng Đảng năm 2021"
    )
    assert len(caption) > 200
    unfinished = "Hội nghị đã thông qua nghị quyết. Các đại biểu thống nhất cao với dự thảo báo cáo"
    abbreviated = "Lãnh đạo TP. Hạ Long trao thưởng cho các tập thể"
    article = read(f"{BODY}{caption}\n\n{unfinished}\n\n{abbreviated}\n\nĐoạn cuối.\n\nMinh Đức")
    assert article.captions == ["Quang cảnh hội nghị", caption, abbreviated]
    assert unfinished in article.paragraphs and article.byline == "Minh Đức"
    assert f"<figcaption>{caption}</figcaption>" in article.body_html()


def test_a_day_without_its_year_takes_the_titles_year_and_is_flagged():
    article = read(
        "Giao ban Bí thư chi bộ quý II năm 2022\n\n"
        "Thực hiện Nghị quyết số 21-NQ/TU ngày 15/3, chiều 20/6, thành phố tổ chức giao ban.\n\n"
        "Đoạn hai.\n\nTrần Thanh"
    )
    assert article.published_at == local(2022, 6, 20)  # not the cited resolution's 15/3
    assert legacy.DATE_FROM_BODY in article.warnings
    assert f"{legacy.DATE_TO_CHECK}: năm 2022 lấy từ tiêu đề" in article.warnings
    # a term (two years) or no year in the title: no guess
    for title in ("Hội nghị Ban Chấp hành nhiệm kỳ 2020 - 2025", "Giao ban Bí thư chi bộ quý II"):
        assert read(f"{title}\n\nChiều 20/6, thành phố tổ chức giao ban.\n\nTrần Thanh").published_at is None
    assert read("Sơ kết quý II/2022\n\nSáng ngày 5/7, hội nghị khai mạc.\n\nMinh Đức").published_at == local(
        2022, 7, 5
    )


# --- Generated variants ----------------------------------------------------------------------------

PROJECT_BASES = [
    "header_repeated.txt",
    "crlf_glued_residue.txt",
    "bom_no_date_body_date.txt",
    "nfd.txt",
    "no_date_at_all.txt",
]
SHARED_BASES = ["000_f064a78d701348d9.txt", "001_15b6a301f6259353.txt", "003_51f19a44640f24e0.txt"]
needs_shared = pytest.mark.skipif(
    not SHARED.exists(),
    reason="../shared/legacy-export/ is absent (only CI and the developers' machine have it)",
)

# The residue the known exports end with, as the test knows it (not as the parser does).
KNOWN_RESIDUE = {"Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "Đang online 26", "BẢN ĐỒ SỐ"}
# The sidebar's pieces the variants are made of: box titles, counters, a box's contents.
STRONG_TITLES = ["Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "BẢN ĐỒ SỐ", "Liên kết website"]
OTHER_TITLES = ["Thư viện ảnh", "Video"]
COUNTERS = ["Đang online", "Tổng lượt truy cập", "Lượt truy cập", "Hôm nay", "Hôm qua", "Tuần này"]
BOX_CONTENTS = {"Thời tiết": "Hạ Long 28°C\nMây rải rác, có mưa rào", "Tỷ giá ngoại tệ": "USD 25.420 25.790"}
RESIDUE_WORDS = [folded(w) for w in [*STRONG_TITLES, "Thư viện ảnh", "Đang online", "Lượt truy cập"]]
SPACE = st.sampled_from([" ", "\u00a0", "\t"])
JOINERS = st.sampled_from(["\n", "\n\n", " ", "  ", " | ", "\t", "\u00a0|\u00a0", " - ", "\n \n"])


@functools.cache
def original(folder: Path, name: str) -> tuple[str, legacy.LegacyArticle]:
    """An export without the residue it ends with, and how the export itself reads."""
    text = legacy.read_export((folder / name).read_bytes())
    lines = text.split("\n")
    while lines and (not lines[-1].strip() or lines[-1].strip() in KNOWN_RESIDUE):
        lines.pop()
    lines[-1] = lines[-1].removesuffix(" Thời tiết")  # crlf_glued_residue.txt
    return "\n".join(lines), legacy.parse(text)


@st.composite
def counters(draw) -> str:
    label = draw(st.sampled_from(COUNTERS))
    number = f"{draw(st.integers(0, 9_999_999)):,}".replace(",", draw(st.sampled_from([".", ",", ""])))
    return label + draw(st.sampled_from([" ", ": ", ":", " : ", "\t", "\n", "\n\n"])) + number


@st.composite
def sidebars(draw) -> str:
    """The old sidebar: box titles (one at least that only the sidebar has), maybe their
    contents, counters, in any order, one or several on a line, with any separators."""
    first = draw(st.sampled_from([*STRONG_TITLES, "Đang online", "Tổng lượt truy cập"]))
    if first in COUNTERS:
        first += draw(st.sampled_from([" ", ": "])) + str(draw(st.integers(0, 99_999)))
    others = draw(st.lists(st.sampled_from(STRONG_TITLES + OTHER_TITLES) | counters(), max_size=6))
    items = draw(st.permutations([first, *others]))
    items = [item.upper() if "\n" not in item and draw(st.booleans()) else item for item in items]
    text = items[0] + "".join(draw(JOINERS) + item for item in items[1:])
    for title, contents in BOX_CONTENTS.items():  # a box's contents on their own lines, under it
        if draw(st.booleans()):
            text = re.sub(rf"^{re.escape(title)}$", f"{title}\n{contents}", text, flags=re.MULTILINE)
    return text


def _signed(draw, lines: list[str]) -> list[str]:
    """The byline (or source) right-aligned on the last paragraph's line, or indented."""
    if draw(st.booleans()):
        signature = lines.pop().strip()
        while not lines[-1].strip():
            lines.pop()
        gap = "".join(draw(st.lists(SPACE, min_size=4, max_size=40)))
        return [*lines[:-1], lines[-1].rstrip() + gap + signature]
    return [*lines[:-1], "".join(draw(st.lists(SPACE, max_size=30))) + lines[-1]]


@st.composite
def exports(draw, content: str) -> str:
    """``content`` (an export without its residue) laid out again, with a new sidebar."""
    lines = _signed(draw, content.split("\n"))
    indent = draw(st.sampled_from(["", "\u00a0\u00a0\u00a0", "\t", "  "]))
    lines = [indent + line if line.strip() and draw(st.booleans()) else line for line in lines]
    lines = [line + draw(st.sampled_from(["", " ", "\u00a0", "\t"])) for line in lines]
    blank = draw(st.sampled_from(["\n", "\n\n", "\n\n\n"]))
    text = re.sub(r"\n+", lambda m: blank if len(m[0]) > 1 else "\n", "\n".join(lines))
    text += draw(st.sampled_from(["\n\n", "\n", "", " "])) + draw(sidebars())
    text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    return draw(st.sampled_from(["", "\ufeff"])) + text.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))


def _reading(article: legacy.LegacyArticle) -> tuple:
    return (
        article.category_name,
        article.title,
        article.published_at,
        article.view_count,
        article.lead,
        article.paragraphs,
        article.captions,
        article.byline,
        article.source,
        article.warnings,
        article.key,
    )


def _residue_in(article: legacy.LegacyArticle) -> list[str]:
    parts = [article.title, article.lead, *article.paragraphs, article.byline, article.source]
    text = folded(" ".join(parts))
    return [word for word in RESIDUE_WORDS if word in text]


def _check_layout(data, folder: Path, names: list[str]) -> None:
    content, expected = original(folder, data.draw(st.sampled_from(names)))
    assert not _residue_in(expected)
    variant = data.draw(exports(content))
    article = read(variant)
    assert _reading(article) == _reading(expected), variant
    assert not _residue_in(article)


@VARIANTS
@given(data=st.data())
def test_variants_of_the_projects_fixtures_read_as_the_originals(data):
    _check_layout(data, FIXTURES, PROJECT_BASES)


@needs_shared
@VARIANTS
@given(data=st.data())
def test_variants_of_the_real_exports_read_as_the_originals(data):
    _check_layout(data, SHARED, SHARED_BASES)


# Captions name people, places and what they do, at any length, without a full stop.
CAPTION_WORDS = st.sampled_from(
    (
        "Đồng chí",
        "Bí thư Thành ủy",
        "trao Bằng khen",
        "cho các tập thể,",
        "cá nhân tiêu biểu",
        "tại điểm cầu trung tâm;",
        "đại biểu dự hội nghị",
        "phường Hồng Gai",
        "lãnh đạo UBND tỉnh",
    )
)


@st.composite
def captions(draw) -> str:
    words = draw(st.lists(CAPTION_WORDS, min_size=1, max_size=30))
    return " ".join(["Đại diện", *words])[:300].rstrip(" ,;")


def _check_captions(data, folder: Path, names: list[str]) -> None:
    """A caption of any length put among the paragraphs is a caption and changes nothing else."""
    content, _ = original(folder, data.draw(st.sampled_from(names)))
    expected = read(content)
    at = data.draw(st.integers(0, len(expected.paragraphs) - 1))
    caption = data.draw(captions())
    lines = content.split("\n")
    index = next(i for i, line in enumerate(lines) if clean_line(line) == expected.paragraphs[at])
    lines.insert(index, caption)
    article = read("\n".join(lines) + "\n\nThời tiết\nĐang online 26")
    paragraphs = [*expected.paragraphs[:at], caption, *expected.paragraphs[at:]]
    assert (article.lead, article.paragraphs) == (expected.lead, paragraphs), caption
    assert article.captions == [p for p in paragraphs if p in {caption, *expected.captions}]
    kept = ("title", "byline", "source", "published_at", "key")
    assert [getattr(article, f) for f in kept] == [getattr(expected, f) for f in kept]
    assert f"{legacy.MISSING_PHOTO}: {len(article.captions)} chú thích chờ ảnh" in article.warnings


@VARIANTS
@given(data=st.data())
def test_captions_of_any_length_in_the_projects_fixtures(data):
    _check_captions(data, FIXTURES, PROJECT_BASES)


@needs_shared
@VARIANTS
@given(data=st.data())
def test_captions_of_any_length_in_the_real_exports(data):
    _check_captions(data, SHARED, SHARED_BASES)
