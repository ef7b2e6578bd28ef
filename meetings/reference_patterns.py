"""The vocabulary and the compiled patterns of the reference recogniser (references.py).

The document type codes and the words news text uses for them, the issuer codes of Party
bodies, the *mirror* table that folds a text for matching, and the regular expressions that
run on the mirror. The names are private to the recogniser, except ``TYPE_NAMES``, which is
also the registry's choices (``meetings.models.DocumentKind``).
"""

import itertools
import re
import string

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
