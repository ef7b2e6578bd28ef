"""Recognise references to Party and State documents in Vietnamese news text.

News articles cite documents loosely: "Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Ban Thường vụ
Thành ủy", "Thông báo số số 442-TB/TU, ngày 24/02/2022", "nghị quyết 21", "21 - NQ/TU", "21/NQ-TU".
``find_references`` finds them so the portal can link each to its entry in the document
registry; ``parse_symbol`` reads what readers type into the search box. The numbering rules are
in ``shared/DOCUMENT-NUMBERS.md``.

How it works: every regex runs on a *mirror* of the text, a copy with the same length in which
Latin letters are folded to lower-case ASCII ("Thành ủy" → "thanh uy", "Ð"/"Đ" → "d"),
non-breaking spaces become spaces and en/em dashes become hyphens. Offsets in the
mirror are offsets in the text, so spans point into the caller's string and values (issuer
codes and names) are read from the text itself. Input that is not NFC (decomposed diacritics)
is composed first, with an offset map back to the original.
"""

import bisect
import datetime
import itertools
import re
import string
import unicodedata
from dataclasses import dataclass, field

from portal.text import fold

# The type codes of DOCUMENT-NUMBERS.md and their names; also the registry's choices.
TYPE_NAMES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "BC": "Báo cáo",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "TT": "Thông tri, thông tư",
    "TC": "Thông cáo",
    "CV": "Công văn",
    "NĐ": "Nghị định",
    "BB": "Biên bản",
    "BS": "Bản sao",
}

# Folded, lower-case type code → canonical code: "qdi" → "QĐi", "qd" → "QĐ".
_KIND_BY_CODE = {fold(code).lower(): code for code in TYPE_NAMES}

# Folded, lower-case type word (with the qualifiers news text adds) → canonical code.
_KIND_BY_WORD = {
    "nghi quyet": "NQ",
    "nghi quyet chuyen de": "NQ",
    "chi thi": "CT",
    "thong bao": "TB",
    "thong bao ket luan": "TB",
    "ket luan": "KL",
    "quyet dinh": "QĐ",
    "quy dinh": "QĐi",
    "chuong trinh": "CTr",
    "chuong trinh hanh dong": "CTr",
    "ke hoach": "KH",
    "huong dan": "HD",
    "quy che": "QC",
    "bao cao": "BC",
    "de an": "ĐA",
    "to trinh": "TTr",
    "thong tri": "TT",
    "thong tu": "TT",
    "thong cao": "TC",
    "cong van": "CV",
    "nghi dinh": "NĐ",
    "bien ban": "BB",
    "ban sao": "BS",
}

# Issuer codes of Party bodies (folded); organs add their level: VPTU, BTCTW, UBKTHU…
_PARTY_ISSUERS = {"TW", "TU", "HU", "DU", "CB", "DH", "DD", "BCSD", "BCD"}
_PARTY_LEVELS = ("TW", "TU", "HU")
# Search queries are typed without diacritics: "hdnd" means HĐND.
_ACCENTED_ISSUERS = {fold(code): code for code in ("HĐND", "ĐU", "ĐH", "ĐĐ", "BCSĐ", "BCĐ")}


def _mirror_table() -> list[str]:
    """Map each Latin letter to its lower-case base letter, spaces to " " and dashes to "-".

    The table is a list indexed by code point rather than a dict: ``str.translate`` runs about
    twice as fast when every lookup succeeds. Code points past its end are left as they are.
    """
    table = {ord(letter): letter.lower() for letter in string.ascii_uppercase}
    for codepoint in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        folded = fold(chr(codepoint)).lower()
        if len(folded) == 1 and folded.isascii():
            table[codepoint] = folded
    table.update(dict.fromkeys(map(ord, "\t\u00a0\u2007\u2009\u200a\u202f"), " "))
    table.update(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"))
    return [table.get(codepoint, chr(codepoint)) for codepoint in range(max(table) + 1)]


_MIRROR = _mirror_table()

# --- Patterns. All run on the (lower-case) mirror; "[ ]" is a space in verbose mode. ---

# Longest codes first, so that "QĐi" is not read as "QĐ" followed by "i".
_TYPE_CODE = "|".join(sorted(_KIND_BY_CODE, key=len, reverse=True))
_TYPE_WORD = "|".join(w.replace(" ", "[ ]+") for w in sorted(_KIND_BY_WORD, key=len, reverse=True))
_ISSUER = r"[a-z][a-z0-9]{0,11}"  # TU, HĐND (folded: HDND), UBKTTU, TTg, QH15

_SYMBOL_RE = re.compile(
    rf"""
    (?P<number>                          # starting with \d lets the engine skip ahead quickly
        \d (?: (?<![\w/.-]\d) | (?<=\bso\d) )  # a token of its own ("số21-NQ/TU" is tolerated)
        \d{{0,4}}
    )
    (?:
        # Party: 21-NQ/TU, also "21 - NQ/TU" and "2152–QĐ/TU" (the mirror turned dashes into "-")
        [ ]*-[ ]*(?P<party_type>{_TYPE_CODE})[ ]*/[ ]*(?P<party_issuer>{_ISSUER})
      |
        # State: 36/NQ-HĐND, or legal normative with its year: 337/2021/NQ-HĐND
        [ ]*/[ ]*(?:(?P<year>(?:19|20)\d\d)[ ]*/[ ]*)?
        (?P<state_type>{_TYPE_CODE})[ ]*-[ ]*(?P<state_issuer>{_ISSUER})
    )
    (?!\w)
    """,
    re.VERBOSE,
)

# A type word followed directly by "số" (possibly doubled) and a number: "Chỉ thị số 13",
# "nghị quyết 21". "Nghị quyết Trung ương 4" and "Nghị quyết Hội nghị lần thứ 14" do not fit.
_PARTIAL_RE = re.compile(
    rf"""
    (?<!\w) (?P<word>{_TYPE_WORD})
    (?P<so>(?:[ ]+so\b)*)
    [ ]* (?P<number>\d{{1,5}}) (?!\w)
    (?![ ]*[-/][ ]*\w)                   # "21-NQ…", "13/2022", "2021-2025": symbols, dates, ranges
    (?![.,]\d)                           # "4.465": an amount
    """,
    re.VERBOSE,
)

# Words that open the name of an issuing body ("của Ban Thường vụ Thành ủy", "UBND quận").
_BODY_HEAD = r"""
    (?: ban | btv | bch | ubnd | hdnd | ubmttq | mttq | ubkt\w* | tw | bo
      | thuong[ ]+(?:truc|vu) | (?:thanh|tinh|quan|huyen|thi|dang)[ ]+uy | (?:dang|chi)[ ]+bo
      | uy[ ]+ban | van[ ]+phong | trung[ ]+uong | chinh[ ]+phu | thu[ ]+tuong
      | quoc[ ]+hoi | hoi[ ]+dong | chu[ ]+tich
    )\b
"""
# Folding makes some heads ambiguous ("bàn về", "bộ"/"bỏ"): these must be written exactly so.
_HEADS_CHECKED = {"ban": "ban", "bo": "bộ"}

# Without "số", a bare number only counts when a boundary, a date or a body follows it:
# "nghị quyết 21;" and "Đề án 216 ngày …" do, "báo cáo 6 tháng đầu năm" does not.
_BARE_NUMBER_END_RE = re.compile(
    rf"""[ ]* (?: \Z | \n | [,;.:!?)\]…"”’'] | (?:ngay|cua|va|ve)\b | {_BODY_HEAD} )""",
    re.VERBOSE,
)

# The issue date after a reference: "ngày 31/12/2020", ", ngày 24/3/2022", "ngày 31-12-2020",
# "ngày 31.12.2020", "ngày 12 tháng 12 năm 2023".
_DATE_RE = re.compile(
    r"""
    [ ]*,?[ ]* ngay [ ]+
    (?:
        (?P<day>\d{1,2})[ ]*(?P<sep>[/.-])[ ]*(?P<month>\d{1,2})[ ]*(?P=sep)[ ]*(?P<year>\d{4})
      | (?P<wday>\d{1,2})[ ]+thang[ ]+(?P<wmonth>\d{1,2})[ ]+nam[ ]+(?P<wyear>\d{4})
    )
    (?!\d)
    """,
    re.VERBOSE,
)

# Where the issuing body begins: after an optional comma and "của".
_BODY_RE = re.compile(rf"[ ]*,?[ ]*(?:cua[ ]+)?(?={_BODY_HEAD})", re.VERBOSE)
# One word of a body's name; anything else (punctuation, a line end, a lone dash) closes the name.
_NAME_WORD_RE = re.compile(r"[ ]*(\w[\w-]*)")
_MAX_NAME_WORDS = 8
# Words that end a body's name: "của Thành ủy về …", "của BTV Thành ủy trong quản lý …".
_STOP_WORDS = frozenset(
    "về và với ngày đã đang sẽ tại trong trên dưới để nhằm theo cho là được bị có đến từ sau trước"  # noqa: SIM905
    " khi thì mà này đó các những một giao thực triển yêu nêu chỉ hướng quy phê".split()
)

# What may stand between two items of one list: ", ", " và ", " và Chỉ thị số ".
_LIST_GAP_RE = re.compile(
    rf"[ ]*(?:,[ ]*)?(?:(?:va|hoac)[ ]+)?(?:(?:{_TYPE_WORD})[ ]+)?(?:so[ ]*)*",
    re.VERBOSE,
)
# The next number of a list after a partial mention: "Chỉ thị số 13, 14 và 15", "… 13 và số 14".
_LIST_NUMBER_RE = re.compile(
    r"""
    [ ]* (?: ,[ ]*(?:(?:va|hoac)[ ]+)? | (?:va|hoac)[ ]+ ) (?P<so>so[ ]+)?
    (?P<number>\d{1,5}) (?!\w)
    (?![ ]*[-/][ ]*\w)                   # "22-NQ/TU" is a symbol of its own; "14/2022" a date
    (?![.,]\d)
    """,
    re.VERBOSE,
)
# What must follow a list's number (or a date): "13, 14 của Thành ủy", "13, 14;", "13 và 14."
# Not "số 21, 15 đồng chí", "số 21, 2 ngày".
_LIST_NUMBER_END_RE = re.compile(
    rf"""[ ]* (?: \Z | \n | [,;.:!?)\]…"”’'] | (?:cua|va|hoac|ve)\b | {_BODY_HEAD} )""",
    re.VERBOSE,
)
_ENDS_WITH_NGAY_RE = re.compile(r"(?<!\w)ngay[ ]*\Z")
# A character followed by combining marks: what NFC composes in decomposed (NFD) input.
_MARKED_RE = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)

# For parse_symbol: "nq 21", "Nghị quyết số 21", "21 nq", "21-NQ".
_QUERY_KIND_FIRST_RE = re.compile(rf"(?P<kind>{_TYPE_CODE}|{_TYPE_WORD})[ ]*(?:so[ ]*)*(?P<number>\d{{1,5}})")
_QUERY_NUMBER_FIRST_RE = re.compile(rf"(?P<number>\d{{1,5}})[ ]*[-/]?[ ]*(?P<kind>{_TYPE_CODE})")


@dataclass(frozen=True)
class Reference:
    """One document reference found in a text; ``text[start:end]`` is the part to link."""

    start: int
    end: int
    text: str
    kind: str
    number: int
    issuer_code: str
    year: int | None
    issued_on: datetime.date | None
    issuer_name: str
    style: str  # "party", "state", "party_as_state" or "partial"
    flags: tuple[str, ...] = ()


@dataclass
class _Found:
    """A reference while it is being assembled (offsets into the composed text)."""

    start: int
    end: int
    kind: str
    number: int
    issuer_code: str
    year: int | None
    style: str
    flags: list[str] = field(default_factory=list)
    issued_on: datetime.date | None = None
    issuer_name: str = ""
    tail_end: int = 0  # where the date and body written after it end


def canonical_kind(code_or_word: str) -> str | None:
    """Return the type code for a code or type word: "nq", "QD", "Nghị quyết", "de an" → code."""
    key = " ".join(fold(code_or_word).lower().split())
    return _KIND_BY_CODE.get(key) or _KIND_BY_WORD.get(key)


def issuer_key(code: str) -> str:
    """An issuer code for comparison, without case or diacritics: "HĐND", "hdnd" → "HDND"."""
    return fold(code).upper()


def normalize_symbol(kind: str, number: int, issuer_code: str, year: int | None = None) -> str:
    """Print a symbol the canonical way: "21-NQ/TU", "36/NQ-HĐND", "337/2021/NQ-HĐND".

    Party numbers take two digits ("01-KL/TW"). Without an issuer the result is "NQ 21",
    the form ``parse_symbol`` reads back.
    """
    code = canonical_kind(kind)
    if code is None:
        raise ValueError(f"Unknown document type: {kind!r}")
    if not issuer_code:
        return f"{code} {number}"
    issuer = _canonical_issuer(issuer_code)
    if year:
        return f"{number}/{year}/{code}-{issuer}"
    if _is_party_issuer(issuer):
        return f"{number:02d}-{code}/{issuer}"
    return f"{number}/{code}-{issuer}"


def parse_symbol(query: str) -> tuple[str, int, str, int | None] | None:
    """Read a search query as (kind, number, issuer code or "", year or None), or None.

    Accepts "21-NQ/TU", "21/NQ-TU", "21 - NQ/TU", "337/2021/nq-hdnd", "nq 21", "21 nq",
    "Nghị quyết số 21". Issuer codes typed without diacritics get them back ("hdnd" → "HĐND").
    """
    text, _ = _compose(" ".join(query.split()))
    mirror = text.translate(_MIRROR)
    if match := _SYMBOL_RE.fullmatch(mirror):
        found = _from_symbol(match, text)
        issuer = _ACCENTED_ISSUERS.get(fold(found.issuer_code), found.issuer_code)
        return found.kind, found.number, issuer, found.year
    match = _QUERY_KIND_FIRST_RE.fullmatch(mirror) or _QUERY_NUMBER_FIRST_RE.fullmatch(mirror)
    if match:
        return canonical_kind(match["kind"]), int(match["number"]), "", None
    return None


def find_references(text: str) -> list[Reference]:
    """Return the document references in ``text``, in order of appearance, without overlaps.

    Spans index into ``text`` as given, whether it is NFC or decomposed (NFD).
    """
    work, offsets = _compose(text)
    mirror = work.translate(_MIRROR)

    full = []
    for match in _SYMBOL_RE.finditer(mirror):
        found = _from_symbol(match, work)
        if _ENDS_WITH_NGAY_RE.search(mirror, max(0, found.start - 12), found.start):
            found.flags.append("garbled-date")  # "ngày 08-NQ/TU ngày 25/11/2021"
        full.append(found)

    full_starts = [f.start for f in full]
    partial = []
    for match in _PARTIAL_RE.finditer(mirror):
        found = _from_partial(match, work, mirror)
        # The last symbol starting before this mention ends is the only one that can overlap it.
        before = bisect.bisect_left(full_starts, match.end()) - 1
        if found and (before < 0 or full[before].end <= found.start):
            partial.append(found)
            partial.extend(_list_numbers(found, work, mirror))

    refs = sorted(full + partial, key=lambda r: r.start)
    for found in refs:
        _read_tail(found, work, mirror)
    _share_body_across_lists(refs, mirror)
    _inherit_from_full_references(refs)

    def original(i: int) -> int:
        return offsets[i] if offsets else i

    return [
        Reference(
            start=original(r.start),
            end=original(r.end),
            text=text[original(r.start) : original(r.end)],
            kind=r.kind,
            number=r.number,
            issuer_code=r.issuer_code,
            year=r.year,
            issued_on=r.issued_on,
            issuer_name=r.issuer_name,
            style=r.style,
            flags=tuple(r.flags),
        )
        for r in refs
    ]


# --- Helpers ---


def _compose(text: str) -> tuple[str, list[int] | None]:
    """Compose decomposed diacritics (NFC); if any were, also map each character to its offset."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    pieces, offsets, copied = [], [], 0
    for cluster in _MARKED_RE.finditer(text):
        start = cluster.start()
        pieces.append(text[copied:start])
        offsets.extend(range(copied, start))
        composed = unicodedata.normalize("NFC", cluster.group())
        pieces.append(composed)
        offsets.extend([start] * len(composed))
        copied = cluster.end()
    pieces.append(text[copied:])
    offsets.extend(range(copied, len(text) + 1))
    return "".join(pieces), offsets


def _canonical_issuer(raw: str) -> str:
    """Upper-case an issuer code as written, Ð (U+00D0) as Đ; "TTg" keeps its case."""
    code = raw.replace("Ð", "Đ").replace("ð", "đ").upper()
    return "TTg" if code == "TTG" else code


def _is_party_issuer(code: str) -> bool:
    folded = fold(code).upper()
    return folded in _PARTY_ISSUERS or (len(folded) > 2 and folded.endswith(_PARTY_LEVELS))


def _from_symbol(match: re.Match, work: str) -> _Found:
    """Build a full reference from a ``_SYMBOL_RE`` match and classify its style."""
    party_form = match["party_type"] is not None
    group = "party_issuer" if party_form else "state_issuer"
    issuer = _canonical_issuer(work[match.start(group) : match.end(group)])
    kind = _KIND_BY_CODE[match["party_type"] or match["state_type"]]
    found = _Found(
        start=match.start(),
        end=match.end(),
        kind=kind,
        number=int(match["number"]),
        issuer_code=issuer,
        year=int(match["year"]) if match["year"] else None,
        style="party" if party_form else "state",
    )
    if party_form and not _is_party_issuer(issuer):
        found.flags.append("state-symbol-written-party-style")
    elif not party_form and _is_party_issuer(issuer):
        found.style = "party_as_state"
        found.flags.append("party-symbol-written-state-style")
    return found


def _from_partial(match: re.Match, work: str, mirror: str) -> _Found | None:
    """Build a partial mention ("Chỉ thị số 13"), or None when the match is not one."""
    number = match["number"]
    if match["so"]:
        # The mirror reads "sở", "sổ" and "sơ" as "so" too; only "số" (or a bare "so") counts.
        written = work[match.start("so") : match.end("so")].lower().split()
        if any(word not in ("số", "so") for word in written):
            return None
    elif (len(number) == 4 and 1900 <= int(number) <= 2099) or not _BARE_NUMBER_END_RE.match(
        mirror, match.end()
    ):
        return None  # "kế hoạch 2022", "báo cáo 6 tháng"
    return _Found(
        start=match.start(),
        end=match.end(),
        kind=_KIND_BY_WORD[" ".join(match["word"].split())],
        number=int(number),
        issuer_code="",
        year=None,
        style="partial",
    )


def _list_numbers(head: _Found, work: str, mirror: str) -> list[_Found]:
    """The further numbers of a list after a partial mention: 14 and 15 in "Chỉ thị số 13, 14 và 15"."""
    items, pos = [], head.end
    while match := _LIST_NUMBER_RE.match(mirror, pos):
        number = match["number"]
        if match["so"] and work[match.start("so") : match.end("so")].split()[0].lower() not in ("số", "so"):
            break
        if len(number) == 4 and 1900 <= int(number) <= 2099:
            break  # "Kế hoạch số 5, 2022"
        if not (_LIST_NUMBER_END_RE.match(mirror, match.end()) or _DATE_RE.match(mirror, match.end())):
            break
        items.append(
            _Found(
                start=match.start("number"),
                end=match.end("number"),
                kind=head.kind,
                number=int(number),
                issuer_code="",
                year=None,
                style="partial",
                flags=["list-item"],
            )
        )
        pos = match.end()
    return items


def _read_date(found: _Found, mirror: str, pos: int) -> int:
    """Read "ngày …" at ``pos`` into ``found.issued_on``; return where it ends."""
    match = _DATE_RE.match(mirror, pos)
    if not match:
        return pos
    day, month, year = (match["day"], match["month"], match["year"])
    if day is None:
        day, month, year = match["wday"], match["wmonth"], match["wyear"]
    try:
        found.issued_on = datetime.date(int(year), int(month), int(day))
    except ValueError:
        found.flags.append("invalid-date")
    return match.end()


def _read_body(found: _Found, work: str, mirror: str, pos: int) -> int:
    """Read the issuing body's name at ``pos`` into ``found.issuer_name``; return where it ends."""
    match = _BODY_RE.match(mirror, pos)
    if not match:
        return pos
    words, end = [], match.end()
    while len(words) < _MAX_NAME_WORDS and (word_match := _NAME_WORD_RE.match(mirror, end)):
        word = work[word_match.start(1) : word_match.end(1)]
        if words and word.lower() in _STOP_WORDS:
            break
        words.append(word)
        end = word_match.end()
    if not words:
        return pos
    head = fold(words[0]).lower()
    if head in _HEADS_CHECKED and words[0].lower() != _HEADS_CHECKED[head]:
        return pos  # "bàn về …" is not "Ban …"
    found.issuer_name = " ".join(words).replace("Ð", "Đ")
    return end


def _read_tail(found: _Found, work: str, mirror: str) -> None:
    """Read the date and the issuing body written after a reference, in either order."""
    pos = _read_date(found, mirror, found.end)
    pos = _read_body(found, work, mirror, pos)
    if found.issued_on is None and found.issuer_name:
        pos = _read_date(found, mirror, pos)
    found.tail_end = pos


def _share_body_across_lists(refs: list[_Found], mirror: str) -> None:
    """Give a body written after a list to each item: "Chỉ thị số 13 và Chỉ thị số 14 của Thành ủy"."""
    # Walk backwards so that a body travels from the last item of a list to the first.
    for after, before in itertools.pairwise(reversed(refs)):
        if (
            after.issuer_name
            and not before.issuer_name
            and _LIST_GAP_RE.fullmatch(mirror, before.tail_end, after.start)
        ):
            before.issuer_name = after.issuer_name
            before.flags.append("issuer-name-shared-with-list")


def _inherit_from_full_references(refs: list[_Found]) -> None:
    """Complete a partial mention from an earlier full reference to the same kind and number."""
    full_so_far: dict[tuple[str, int], list[_Found]] = {}
    for found in refs:
        key = (found.kind, found.number)
        if found.style != "partial":
            full_so_far.setdefault(key, []).append(found)
            continue
        # A partial mention with a date of its own only matches a reference of that date.
        candidates = reversed(full_so_far.get(key, ()))
        source = next((r for r in candidates if found.issued_on in (None, r.issued_on)), None)
        if source:
            found.issuer_code, found.year, found.issued_on = source.issuer_code, source.year, source.issued_on
            found.flags.append("inherited-from-earlier-reference")
