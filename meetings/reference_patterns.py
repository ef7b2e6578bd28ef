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
    "Luật": "Luật",  # no code: its symbol is "80/2015/QH13"; the value is the word
    "PL": "Pháp lệnh",
    "BB": "Biên bản",
    "BS": "Bản sao",
}

# Kinds whose symbols never carry a type code: only the word written before says what they are.
_UNCODED_KINDS = frozenset({"Luật"})
# Folded, lower-case type code → canonical code: "qdi" → "QĐi", "qd" → "QĐ".
_KIND_BY_CODE = {fold(code).lower(): code for code in TYPE_NAMES if code not in _UNCODED_KINDS}

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
    "luat": "Luật",
    "bo luat": "Luật",  # a code of law, numbered with the laws: "Bộ luật Lao động số 45/2019/QH14"
    "phap lenh": "PL",
}
# What the National Assembly (QH) and its Standing Committee (UBTVQH) issue under a symbol
# without a type code ("57/2022/QH15", "35/2023/UBTVQH15"), and what a State letter is.
_ASSEMBLY_KINDS = frozenset({"Luật", "NQ", "PL"})
LETTER_KIND = "CV"

# Issuer codes of Party bodies (folded); organs add their level: VPTU, BTCTW, UBKTHU…
_PARTY_ISSUERS = {"TW", "TU", "HU", "DU", "CB", "DH", "DD", "BCSD", "BCD"}
_PARTY_LEVELS = ("TW", "TU", "HU")
# Search queries are typed without diacritics: "hdnd" means HĐND.
_ACCENTED_ISSUERS = {fold(code): code for code in ("HĐND", "ĐU", "ĐH", "ĐĐ", "BCSĐ", "BCĐ")}
# The Assembly and its Standing Committee glue their term on ("QH15"): the body is the same.
_ASSEMBLY_ISSUER_RE = re.compile(r"((?:UBTV)?QH)\d{0,2}")


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
# "pháp luật" (the law in general) is no "Luật": "quy phạm pháp luật số …" names no law.
_TYPE_WORD = "|".join(
    w.replace(" ", "[ ]+").replace("luat", "(?<!phap[ ])luat")
    for w in sorted(_KIND_BY_WORD, key=len, reverse=True)
)
_ISSUER = r"[a-z][a-z0-9]{0,11}"  # TU, HĐND (folded: HDND), UBKTTU, TTg, QH15
# A symbol broken across lines after its hyphen or slash ("21-\nNQ/TU"): narrow columns, <br>.
_BREAK = r"(?:[ ]*\r?\n)?"

_SYMBOL_RE = re.compile(
    rf"""
    (?P<number>                          # starting with \d lets the engine skip ahead quickly
        \d (?: (?<![\w/.-]\d) | (?<=\bso\d) )  # a token of its own ("số21-NQ/TU" is tolerated)
        \d{{0,4}}
    )
    (?:
        # Party: 21-NQ/TU, also "21 - NQ/TU" and "2152–QĐ/TU" (the mirror turned dashes into "-")
        [ ]*-{_BREAK}[ ]*(?P<party_type>{_TYPE_CODE})[ ]*/{_BREAK}[ ]*(?P<party_issuer>{_ISSUER})
      |
        # State: 36/NQ-HĐND, or legal normative with its year: 337/2021/NQ-HĐND
        [ ]*/{_BREAK}[ ]*(?:(?P<year>(?:19|20)\d\d)[ ]*/{_BREAK}[ ]*)?
        (?P<state_type>{_TYPE_CODE})[ ]*-{_BREAK}[ ]*(?P<state_issuer>{_ISSUER})
      |
        # The National Assembly and its Standing Committee, no type code: 57/2022/QH15
        [ ]*/{_BREAK}[ ]*(?P<assembly_year>(?:19|20)\d\d)[ ]*/{_BREAK}[ ]*
        (?P<assembly_issuer>(?:ubtv)?qh\d{{1,2}})
      |
        # A State letter, no type code: 1234/UBND-VP (the issuer, then the drafting unit)
        [ ]*/{_BREAK}[ ]*(?P<letter_issuer>{_ISSUER})[ ]*-{_BREAK}[ ]*{_ISSUER}
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
    (?![ ]*[-/]\s*\w)                    # "21-NQ…", "13/2022", "2021-2025": symbols, dates, ranges
    (?![.,]\d)                           # "4.465": an amount
    """,
    re.VERBOSE,
)

# The type word an untyped symbol takes its kind from, found as the last one before it.
_TYPE_WORD_RE = re.compile(rf"(?<!\w)(?:{_TYPE_WORD})(?!\w)")
# Between that word and an Assembly symbol: the name of a law, "số": "Luật Thi đua, khen
# thưởng năm 2022 số …". Not a line end, a sentence's end or another symbol.
_NAME_BEFORE_SYMBOL_RE = re.compile(r"(?:[ ]+\(?[^\W_]+(?:-[^\W_]+)*\)?,?){0,14}[ ]*")
# Before a letter's symbol: "Công văn số", "văn bản số số".
_LETTER_WORD_RE = re.compile(r"(?<!\w)(?:cong[ ]+van|van[ ]+ban)[ ]*(?:so\b[ ]*)*\Z")
_WORD_LOOKBACK = 160
# A symbol written again where its date belongs: "08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021".
_REPEAT_GAP_RE = re.compile(r"[ ]*,?[ ]*ngay[ ]*")
# Part of a web or mail address: "…?so=1234/UBND-VP", "21-NQ/TU@halong.gov.vn".
_ADDRESS_RE = re.compile(r"://|www\.|@")
_NON_SPACE_RE = re.compile(r"[^ \n]*")

# Words that open the name of an issuing body ("của Ban Thường vụ Thành ủy", "UBND quận");
# not "ban hành" (issued).
_BODY_HEAD = r"""
    (?: ban(?![ ]+hanh\b) | btv | bch | ubnd | hdnd | ubmttq | mttq | ubkt\w* | tw | bo
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
# "ngày 31.12.2020", "ngày 12 tháng 12 năm 2023", "ban hành ngày …"; in brackets also without
# "ngày": "(ngày 31/12/2020)", "(31/12/2020)". A bracket opened is closed if it is right there.
_DATE_RE = re.compile(
    r"""
    [ ]*,?[ ]*
    (?: (?P<open>\([ ]*) (?:(?:(?:duoc[ ]+)?ban[ ]+hanh[ ]+)?ngay[ ]+)?
      | (?:(?:duoc[ ]+)?ban[ ]+hanh[ ]+)? ngay[ ]+ )
    (?:
        (?P<day>\d{1,2})[ ]*(?P<sep>[/.-])[ ]*(?P<month>\d{1,2})[ ]*(?P=sep)[ ]*(?P<year>\d{4})
      | (?P<wday>\d{1,2})[ ]+thang[ ]+(?P<wmonth>\d{1,2})[ ]+nam[ ]+(?P<wyear>\d{4})
    )
    (?!\d)
    (?(open)(?:[ ]*\))?)
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

# For parse_symbol: "nq 21", "Nghị quyết số 21", "21 nq", "21-NQ"; a type word before a symbol.
_QUERY_WORD_RE = re.compile(rf"(?:{_TYPE_WORD}|cong[ ]+van|van[ ]+ban)[ ]*(?:so\b[ ]*)*")
_QUERY_KIND_FIRST_RE = re.compile(rf"(?P<kind>{_TYPE_CODE}|{_TYPE_WORD})[ ]*(?:so[ ]*)*(?P<number>\d{{1,5}})")
_QUERY_NUMBER_FIRST_RE = re.compile(rf"(?P<number>\d{{1,5}})[ ]*[-/]?[ ]*(?P<kind>{_TYPE_CODE})")
