"""Telling the lines of an old page's export apart (used by news/legacy.py).

An old page ends the same way whatever its export looks like: the body ends; then the byline
or the source (sometimes right-aligned on the last paragraph's line, after a long run of
spaces); then the old sidebar, a block whose vocabulary is known: its box titles ("Thời
tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập", "BẢN ĐỒ SỐ"…), its counters' labels ("Đang
online", "Tổng lượt truy cập", "Hôm nay"…), numbers and separators, in any order, joined on
one line or split over several, sometimes glued to the byline's last word. So the sidebar is
recognised by what its lines are made of, not by a list of exact lines, and one line in it
that is not (a weather box's "Hạ Long 28°C") does not stop the cleanup when a box title
stands above it.
"""

import itertools
import re

from portal.text import fold

_SOURCE = re.compile(r"^\(?\s*(?:Nguồn\s*:|Theo\s*:?)\s*(?P<source>.+?)\s*\)?\s*$", re.IGNORECASE)
# "Bài, ảnh: Thanh Hải", "Tin và ảnh: Minh Đức", "Ảnh: Hồng Phương".
_CREDIT = re.compile(r"^(?:Bài|Tin|Ảnh|Bài viết)(?:\s*(?:,|và|-)\s*ảnh)?\s*:\s*\S", re.IGNORECASE)
END_PUNCTUATION = tuple('.!?…:;"”’»)')
SENTENCE_END = tuple('.!?…"”')
# A sentence ending inside a line, "… nhiệm vụ. Minh Đức" (a caption is one sentence at
# most), but not an abbreviation: "TP. Hạ Long", "Q. Hải An".
_INNER_SENTENCE_END = re.compile(r"(\w)[.!?…]+\s+[\"“(]?(\w)")
MAX_CAPTION = 320  # characters; a photo's caption names the people in it, often at length

# The sidebar's vocabulary, folded to lower-case ASCII. "Strong" words appear nowhere but in
# the sidebar: one of them makes a block of trailing lines the sidebar. The others (a box that
# a body could name, a counter's label) count only next to strong ones, or with a number.
_STRONG = (
    "thoi tiet",
    "ty gia ngoai te",
    "thong ke truy cap",
    "ban do so",
    "lien ket website",
    "thu vien anh",
    "dang online",
    "dang truc tuyen",
    "dang truy cap",
    "tong luot truy cap",
    "tong truy cap",
    "luot truy cap",
    "luot online",
)
_BOXES = ("ty gia", "lien ket", "thu vien video", "video", "gia vang")
_LABELS = (
    "hom nay",
    "hom qua",
    "tuan nay",
    "tuan truoc",
    "thang nay",
    "thang truoc",
    "nam nay",
    "tong so",
    "tong",
    "truc tuyen",
    "online",
    "khach",
)
_PHRASES = sorted(_STRONG + _BOXES + _LABELS, key=len, reverse=True)  # the longest first
_PHRASE = "|".join(r"\s*".join(map(re.escape, p.split())) for p in _PHRASES)
# One token of a sidebar line: spaces, separators, a number ("5.886.939"), a phrase.
_TOKEN = re.compile(
    rf"(?P<space>\s+)|(?P<sep>[:|•·/\-–—]+)|(?P<number>\d+(?:[.,]\d+)*)|(?P<phrase>{_PHRASE})"
)
_SQUEEZED_STRONG = {p.replace(" ", "") for p in _STRONG}
_SQUEEZED_LABELS = {p.replace(" ", "") for p in _LABELS}
_PHRASE_AT = re.compile(rf"(?=(?:{_PHRASE}))")
_GAP = re.compile(r"(?<=\S)\s{4,}(?=\S)")  # a right-aligned byline's run of spaces
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
MAX_BRIDGED = 3  # unrecognised lines inside the sidebar, under a box title
MAX_SIDEBAR_LINE = 300  # characters: all of the sidebar's boxes joined on one line fit


def raw_line(line: str) -> str:
    """The line as exported, its spaces kept (NBSP, tabs, a right-aligned byline's run of
    them), without zero-width characters or trailing spaces."""
    return _ZERO_WIDTH.sub("", line).rstrip()


def clean_line(line: str) -> str:
    """The line with its spaces, of any kind, made single."""
    return " ".join(_ZERO_WIDTH.sub("", line).split())


def folded(text: str) -> str:
    return " ".join(fold(text).lower().split())


def looks_like_caption(line: str) -> bool:
    """One sentence at most, without its full stop: "Quang cảnh hội nghị", also a long one
    naming everyone in the photo."""
    return (
        len(line) <= MAX_CAPTION
        and len(line.split()) <= 70
        and not line.endswith(END_PUNCTUATION)
        and not any(
            (before.islower() or before.isdigit()) and after.isupper()
            for before, after in _INNER_SENTENCE_END.findall(line)
        )
    )


def looks_like_byline(line: str) -> bool:
    """A short line of names: "Trần Thanh", "Hồng Phương- Ngọc Khánh", "Minh Đức - Thanh Hải",
    "Thanh Hải (TTTT)", "Bài, ảnh: Thanh Hải"."""
    if len(line) > 80 or line.endswith(END_PUNCTUATION[:5]):
        return False
    if _CREDIT.match(line):
        return True
    names = re.sub(r"\([^)]*\)", " ", line)
    words = [w for w in re.split(r"[\s,–—&/-]+", names) if w and w.lower() not in ("và", "va")]
    return 1 <= len(words) <= 8 and all(w[0].isupper() for w in words)


def source_of(line: str) -> str | None:
    """The source a line names ("Nguồn: Báo Quảng Ninh", "(Theo TTXVN)"), or None."""
    match = _SOURCE.match(line)
    return match["source"].strip() if match else None


# --- The sidebar ------------------------------------------------------------------------------


def _sidebar_kind(text: str) -> str | None:
    """What a line of the sidebar is, from what it is made of: "strong" (it has a word only
    the sidebar has), "counter" (a label and its number: "Hôm nay: 120"), "weak" (only other
    box titles or labels, or only numbers); None when it is not made of the sidebar's words."""
    if len(text) > MAX_SIDEBAR_LINE:
        return None
    text, pos, parts = fold(text).lower(), 0, []
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        if match.lastgroup in ("phrase", "number"):
            parts.append((match.lastgroup, "".join(match.group().split())))
        pos = match.end()
    if not parts:
        return "weak" if text.strip() else None
    if any(kind == "phrase" and value in _SQUEEZED_STRONG for kind, value in parts):
        return "strong"
    for (kind, value), (next_kind, _) in itertools.pairwise(parts):
        if kind == "phrase" and value in _SQUEEZED_LABELS and next_kind == "number":
            return "counter"
    return "weak"


def _bridge(lines: list[str], end: int) -> int:
    """How many unrecognised lines ending at ``end`` lie inside the sidebar: short ones, not
    sentences, right under a box title or a counter (0 if they do not)."""
    for count in range(1, MAX_BRIDGED + 1):
        above = end - count
        if above < 1:
            return 0
        line = clean_line(lines[above])
        if len(line) > 60 or line.endswith(SENTENCE_END):
            return 0
        anchor = lines[above - 1]
        # at the very end, only a box title vouches for the lines under it ("Hôm nay 20/6"
        # above the byline does not)
        kinds = ("strong",) if end == len(lines) else ("strong", "counter")
        if _sidebar_kind(anchor) in kinds or _unglued(anchor) != anchor:
            return count
    return 0


def _sidebar_start(lines: list[str]) -> int:
    """Where the sidebar's block begins among the trailing lines (``len(lines)`` if there is
    none): sidebar lines, and the unrecognised lines between them; a block counts only if it
    has a strong word or a counter, so that a last line "Video" or "2022" stays."""
    index, start = len(lines), len(lines)
    while index > 0:
        kind = _sidebar_kind(lines[index - 1])
        if kind is None:
            bridged = _bridge(lines, index)
            if not bridged:
                if start == len(lines) and _unglued(lines[index - 1]) != lines[index - 1]:
                    start = index  # the sidebar began glued to this line's end
                break
            index -= bridged
            start = index  # under a box title: the sidebar's, whatever is above
            continue
        if kind == "weak" and index < len(lines):  # a counter's label, its number on the next line
            kind = _sidebar_kind(f"{lines[index - 1]} {lines[index]}") or kind
        index -= 1
        if kind in ("strong", "counter") or start < len(lines):
            start = index
    return start


def _unglued(line: str, *, after_sidebar: bool = False) -> str:
    """The line without the sidebar glued to its end ("Trần ThanhThời tiết", "Minh Đức Đang
    online: 26 | Tổng lượt truy cập: 5.886.939"): a tail made of the sidebar's words that
    starts with a capital, as a box title does, and has a strong word or a counter (any of
    its words will do when the rest of the sidebar follows: "Minh ĐứcVideo")."""
    text = fold(line).lower()
    if len(text) != len(line):  # not a letter-for-letter folding: leave the line alone
        return line
    accepted = ("strong", "counter", "weak") if after_sidebar else ("strong", "counter")
    for match in _PHRASE_AT.finditer(text):
        at = match.start()
        if at == 0 or not line[at].isupper():
            continue
        kept = line[:at].rstrip()
        if kept and _sidebar_kind(kept) is None and _sidebar_kind(line[at:]) in accepted:
            return kept
    return line


def strip_sidebar(lines: list[str]) -> list[str]:
    """Drop the old sidebar from the end of the export's non-empty lines."""
    start = _sidebar_start(lines)
    kept = lines[:start]
    if kept:
        kept[-1] = _unglued(kept[-1], after_sidebar=start < len(lines))
    return kept


def _is_signature(line: str) -> bool:
    """A byline or a short source line ("Theo đó, …" starts a sentence, not a source)."""
    line = clean_line(line)
    return looks_like_byline(line) or (len(line) <= 100 and source_of(line) is not None)


def split_right_aligned(lines: list[str]) -> list[str]:
    """A byline or source right-aligned on the old page, after the last paragraph on its line
    ("… nhiệm vụ.                    Minh Đức - Thanh Hải"), becomes its own line. Only at the
    end (the last line, or the one before a source line), and only after a sentence's end."""
    lines = list(lines)
    last = len(lines) - 1
    if last > 0 and source_of(clean_line(lines[last])) and _GAP.search(lines[last - 1]):
        last -= 1
    if last < 1:
        return lines
    line = lines[last]
    for gap in _GAP.finditer(line):
        head, tail = line[: gap.start()], line[gap.end() :]
        if clean_line(head).endswith(END_PUNCTUATION) and _is_signature(tail):
            lines[last : last + 1] = [head, tail]
            break
    return lines
