"""Reading the old site's articles from their plain-text exports (``import_legacy``, whose
importer is editorial/legacy_import.py).

An export is a page's text as a browser copies it: maybe a category header line (sometimes
repeated: "TIN TỨC X TIN TỨC X"), the title, maybe a date line ("Ngày đăng 11/10/2021 |
07:28 | View count: 1984" or "… | Lượt xem: 184"), paragraphs, photo captions standing alone
as lines of one sentence without its full stop, the byline as a short last line (maybe
right-aligned after the last paragraph) or a source line ("Nguồn: …"), and the old sidebar's
residue at the end ("Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "Đang online 26",
"BẢN ĐỒ SỐ"…) in any order and layout, sometimes glued to the last word. news/legacy_lines.py
tells these lines apart, from the structure of an old page's end.

``parse`` turns the text into a ``LegacyArticle`` and warnings, without touching the database;
``read_export`` first decodes a file's bytes (UTF-8, with or without BOM; CRLF; NFD) and
refuses what is not text.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.utils import timezone

from news.legacy_lines import (
    END_PUNCTUATION,
    SENTENCE_END,
    clean_line,
    folded,
    looks_like_byline,
    looks_like_caption,
    raw_line,
    source_of,
    split_right_aligned,
    strip_sidebar,
)
from portal import search

# Warnings an imported article carries until staff have checked it (shown in the admin).
DATE_TO_CHECK = "ngày đăng cần kiểm tra"
DATE_FROM_BODY = "ngày đăng lấy từ nội dung bài"
MISSING_PHOTO = "thiếu ảnh"
NO_BYLINE = "không thấy tác giả hoặc nguồn"
UNKNOWN_CATEGORY = "không khớp chuyên mục"

MAX_EXPORT_BYTES = 2 * 1024 * 1024  # an article's text is a few KB; anything larger is not one

# "Ngày đăng 11/10/2021 | 07:28 | View count: 1984", "Ngày đăng: 23-06-2022 15:04:09 |
# Lượt xem: 184 | In bài viết": a date, maybe a time, maybe the views, maybe more fields.
_DATE_LINE = re.compile(
    r"^Ngày\s+đăng\s*:?\s*(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"(?:\s*\|?\s*(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::\d{2})?)?"
    r"(?:\s*\|?\s*(?:View\s+count|Lượt\s+xem)\s*:?\s*(?P<views>\d[\d.,]*))?"
    r"(?:\s*\|.*)?\s*$",
    re.IGNORECASE,
)
# "Sáng ngày 28/3/2023", "Chiều 20/6/2022", "ngày 28 tháng 3 năm 2023": when the event happened.
_EVENT_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|\s+năm\s+)\s*(\d{4})\b", re.IGNORECASE
)
# "… số 17-NQ/TU ngày 18/12/2020", "Nghị quyết 56-NQ/TU ngày 15/12/2021", "Quyết định
# 337/2021/NQ-HĐND, ngày …": a cited document's date, not the article's. (Each segment of
# the number is made of word characters only, so that a failed match cannot backtrack
# through the ways of splitting a long hyphenated run, as an address would have.)
_DOCUMENT_DATE = re.compile(
    r"(?:\bsố\s+\S+|\b\d+\w*(?:[./-]\w+)*[./-][^\W\d_]\w*(?:[./-]\w+)*),?\s+ngày\s+"
    r"\d{1,2}\s*(?:/|\s+tháng\s+)\s*\d{1,2}(?:\s*(?:/|\s+năm\s+)\s*\d{4})?",
    re.IGNORECASE,
)
# "Chiều 20/6", "sáng ngày 5/7", "Ngày 28 tháng 3": an event's day without its year.
_EVENT_DAY = re.compile(
    r"\b(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)\s+(?:ngày\s+|qua\s+|nay\s+)?(\d{1,2})\s*(?:/|\s+tháng\s+)\s*"
    r"(\d{1,2})\b(?!\s*(?:/|\s+năm\s+)\s*\d)",
    re.IGNORECASE,
)
# A title's year: "… quý II năm 2022", "… 6 tháng đầu năm 2022", "Giao ban quý II/2022", but
# not a term's "nhiệm kỳ 2020 - 2025".
_TITLE_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_RANGE = re.compile(r"\d{4}\s*[-–—]\s*\d{4}")


def missing_photo_url() -> str:
    """The placeholder photo's address, unhashed so that it never changes with a release
    (WhiteNoise serves static files under their own names too)."""
    return f"{settings.STATIC_URL}img/legacy-missing-photo.svg"


class NotAnExport(ValueError):
    """A file that is not an article's text (binary, empty, another encoding…)."""


@dataclass
class LegacyArticle:
    title: str
    category_name: str = ""
    published_at: datetime.datetime | None = None
    view_count: int = 0
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)  # after the lead; captions included
    captions: list[str] = field(default_factory=list)
    byline: str = ""
    source: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A stable key from the content: the search tokens of its sentences (the lines that
        end like one), so that the same article exported again, with other residue, line
        ends, Unicode form, view count, or its header read differently, has the same key,
        and two articles with the same title or lead do not."""
        sentences = [line for line in [self.lead, *self.paragraphs] if line.endswith(SENTENCE_END)]
        basis = "\n".join(" ".join(search.tokens(line)) for line in sentences or [self.title, self.lead])
        return hashlib.sha256(basis.encode()).hexdigest()[:40]

    def body_html(self) -> str:
        """The paragraphs as clean HTML; a caption becomes a captioned placeholder photo
        ("Ảnh đang được bổ sung") that staff replace with the real one in the editor. It is a
        real image figure so that CKEditor keeps it: a figure without an image comes back
        from the editor as a plain paragraph."""
        parts, captions = [], set(self.captions)
        for text in self.paragraphs:
            if text in captions:
                parts.append(
                    f'<figure class="image legacy-missing-photo"><img src="{missing_photo_url()}"'
                    f' alt="Ảnh đang được bổ sung: {escape(text)}" width="960" height="540">'
                    f"<figcaption>{escape(text)}</figcaption></figure>"
                )
            else:
                parts.append(f"<p>{escape(text)}</p>")
        return "".join(parts)


def read_export(data: bytes) -> str:
    """The text of an export file, NFC, with LF line ends; NotAnExport if it is not one."""
    if len(data) > MAX_EXPORT_BYTES:
        raise NotAnExport(f"tệp quá lớn ({len(data) // 1024} KB), không phải một bài viết")
    if b"\x00" in data:
        raise NotAnExport("tệp nhị phân, không phải văn bản")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotAnExport(f"không đọc được theo bảng mã UTF-8 (byte thứ {exc.start + 1})") from exc
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    if controls > max(5, len(text) // 100):
        raise NotAnExport("chứa nhiều ký tự điều khiển, không phải văn bản")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise NotAnExport("tệp rỗng")
    return text


def category_key(name: str) -> str:
    """A category's name as ``parse`` compares it (``known_categories``)."""
    return folded(name)


def _header(line: str) -> str | None:
    """The category of a repeated header line: "TIN TỨC X TIN TỨC X" (also glued, "…XTIN TỨC
    X") → "TIN TỨC X"; None if the line is not one."""
    squeezed = re.sub(r"\s+", "", folded(line))
    half = len(squeezed) // 2
    if len(squeezed) % 2 or not half or squeezed[:half] != squeezed[half:]:
        return None
    # Cut the original line after as many letters as make one half.
    letters = 0
    for index, char in enumerate(line):
        if not char.isspace():
            letters += 1
            if letters == half:
                return line[: index + 1].strip()
    return None


def _date(day, month, year, hour=0, minute=0) -> datetime.datetime | None:
    """A moment the old site could have published at (1990 to next year), in the portal's
    time zone (the old site's clock was Hạ Long's), or None."""
    if not 1990 <= int(year) <= timezone.localdate().year + 1:
        return None
    try:
        return datetime.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            tzinfo=timezone.get_current_timezone(),
        )
    except ValueError:
        return None


def _event_date(paragraphs: list[str]) -> datetime.datetime | None:
    """The body's first explicit full date that is not a cited document's."""
    for text in paragraphs:
        cited = [m.span() for m in _DOCUMENT_DATE.finditer(text)]
        for match in _EVENT_DATE.finditer(text):
            if any(start <= match.start(1) < end for start, end in cited):
                continue
            if (found := _date(*match.groups())) is not None:
                return found
    return None


def _title_year(title: str) -> int | None:
    """The one year a title names ("… quý II năm 2022"), or None (none, or several)."""
    years = set(_TITLE_YEAR.findall(title)) or set(_YEAR.findall(_YEAR_RANGE.sub(" ", title)))
    return int(years.pop()) if len(years) == 1 else None


def _date_with_the_titles_year(article: LegacyArticle) -> None:
    """The body's first event day without a year ("Chiều 20/6") in the year the title names,
    flagged for checking: an article about the second quarter of 2022 was written in 2022,
    most likely, but not surely."""
    year = _title_year(article.title)
    if year is None:
        return
    for text in [article.lead, *article.paragraphs]:
        cited = [m.span() for m in _DOCUMENT_DATE.finditer(text)]
        for match in _EVENT_DAY.finditer(text):
            if any(start <= match.start(1) < end for start, end in cited):
                continue
            if (found := _date(match[1], match[2], year)) is not None:
                article.published_at = found
                article.warnings += [DATE_FROM_BODY, f"{DATE_TO_CHECK}: năm {year} lấy từ tiêu đề"]
                return


def parse(text: str, *, known_categories: set[str] = frozenset()) -> LegacyArticle:
    """Read an export's text. ``known_categories``: the portal's category names, folded, so
    that a header line naming one is recognised even when it is not repeated or in capitals.
    Raises NotAnExport when there is no article in it (only residue, only a title)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    raw = [line for line in map(raw_line, text.split("\n")) if line.strip()]
    lines = [clean_line(line) for line in split_right_aligned(strip_sidebar(raw))]
    while len(lines) > 1 and folded(lines[0]) == folded(lines[1]):
        lines.pop(0)  # a header line repeated on two lines
    if not lines:
        raise NotAnExport("không có nội dung bài viết (chỉ có phần thừa của trang cũ)")
    category, lines, date_at = _take_header(lines, known_categories)
    if not lines or _DATE_LINE.match(lines[0]):
        raise NotAnExport("không thấy tiêu đề bài viết")

    article = LegacyArticle(title=lines[0], category_name=category)
    rest = lines[1:]
    if date_at is not None and date_at >= 1:
        _read_date_line(article, rest.pop(date_at - 1))  # below the title, maybe after a subtitle
    rest = _take_byline_and_source(article, rest)
    _read_body(article, rest)
    if article.published_at is None and date_at is None:
        found = _event_date([article.lead, *article.paragraphs])
        if found is not None:
            article.published_at = found
            article.warnings.append(DATE_FROM_BODY)
        else:
            _date_with_the_titles_year(article)
    return article


def _take_header(lines: list[str], known_categories) -> tuple[str, list[str], int | None]:
    """The category header line, if the export starts with one; the lines after it; and
    where among them the date line is (None without one)."""
    date_at = next((i for i, line in enumerate(lines[:5]) if _DATE_LINE.match(line)), None)
    first = lines[0]
    headed = _header(first) or (
        date_at != 1
        and len(lines) > 2
        and not first.endswith(END_PUNCTUATION)
        and (first.isupper() or folded(first) in known_categories or date_at == 2)
    )
    if not headed:
        return "", lines, date_at
    return _header(first) or first, lines[1:], date_at - 1 if date_at is not None else None


def _read_date_line(article: LegacyArticle, line: str) -> None:
    match = _DATE_LINE.match(line)
    article.published_at = _date(match["day"], match["month"], match["year"], match["hour"], match["minute"])
    views = re.sub(r"\D", "", match["views"] or "")
    article.view_count = int(views) if views else 0
    if article.published_at is None:
        article.warnings.append(f"{DATE_TO_CHECK}: dòng ngày đăng không hợp lệ")


def _take_byline_and_source(article: LegacyArticle, rest: list[str]) -> list[str]:
    """The lines that end the article, byline and source, in either order; the lines before."""
    if rest and (source := source_of(rest[-1])):
        article.source, rest = source, rest[:-1]
    if len(rest) > 1 and looks_like_byline(rest[-1]):
        article.byline, rest = rest[-1], rest[:-1]
    if rest and not article.source and (source := source_of(rest[-1])):
        article.source, rest = source, rest[:-1]
    if not (article.byline or article.source) and rest:
        article.warnings.append(NO_BYLINE)
    return rest


def _read_body(article: LegacyArticle, rest: list[str]) -> None:
    """The lead is the first paragraph; a photo's caption before it stays in the body."""
    lead_at = next((i for i, line in enumerate(rest) if not looks_like_caption(line)), None)
    if lead_at is None:
        if not rest:
            raise NotAnExport("chỉ có tiêu đề, không có nội dung bài viết")
        lead_at = 0
    article.lead = rest.pop(lead_at)
    article.paragraphs = rest
    article.captions = [line for line in rest if looks_like_caption(line)]
    if article.captions:
        article.warnings.append(f"{MISSING_PHOTO}: {len(article.captions)} chú thích chờ ảnh")
