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

The type tables and the compiled patterns are in ``reference_patterns.py``; this module holds
the recogniser and the parser that use them.
"""

import bisect
import datetime
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from portal.text import fold

from .reference_patterns import (
    _ACCENTED_ISSUERS,
    _ADDRESS_RE,
    _ASSEMBLY_ISSUER_RE,
    _ASSEMBLY_KINDS,
    _BARE_NUMBER_END_RE,
    _BODY_RE,
    _DATE_RE,
    _ENDS_WITH_NGAY_RE,
    _HEADS_CHECKED,
    _KIND_BY_CODE,
    _KIND_BY_WORD,
    _LETTER_WORD_RE,
    _LIST_GAP_RE,
    _LIST_NUMBER_END_RE,
    _LIST_NUMBER_RE,
    _MARKED_RE,
    _MAX_NAME_WORDS,
    _MIRROR,
    _NAME_BEFORE_SYMBOL_RE,
    _NAME_WORD_RE,
    _NON_SPACE_RE,
    _PARTIAL_RE,
    _PARTY_ISSUERS,
    _PARTY_LEVELS,
    _QUERY_KIND_FIRST_RE,
    _QUERY_NUMBER_FIRST_RE,
    _QUERY_WORD_RE,
    _REPEAT_GAP_RE,
    _STOP_WORDS,
    _SYMBOL_RE,
    _TYPE_WORD_RE,
    _UNCODED_KINDS,
    _WORD_LOOKBACK,
    LETTER_KIND,
    TYPE_NAMES,
)

__all__ = [
    "TYPE_NAMES",
    "Reference",
    "canonical_kind",
    "find_references",
    "issuer_key",
    "normalize_symbol",
    "parse_symbol",
]


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
    tail_start: int | None = None  # where the date and body may be written, when not at ``end``
    tail_end: int = 0  # where the date and body written after it end


def canonical_kind(code_or_word: str) -> str | None:
    """Return the type code for a code or type word: "nq", "QD", "Nghị quyết", "de an" → code."""
    key = " ".join(fold(code_or_word).lower().split())
    return _KIND_BY_CODE.get(key) or _KIND_BY_WORD.get(key)


def issuer_key(code: str) -> str:
    """An issuer code for comparison, without case or diacritics: "HĐND", "hdnd" → "HDND".

    The National Assembly's codes lose the term glued on them ("QH15", "QH" → "QH"): the body
    is the same, and the year in the symbol tells its terms apart.
    """
    key = fold(code).upper()
    assembly = _ASSEMBLY_ISSUER_RE.fullmatch(key)
    return assembly[1] if assembly else key


def normalize_symbol(kind: str, number: int, issuer_code: str, year: int | None = None) -> str:
    """Print a symbol the canonical way: "21-NQ/TU", "36/NQ-HĐND", "337/2021/NQ-HĐND".

    Party numbers take two digits ("01-KL/TW"). Without an issuer the result is "NQ 21",
    the form ``parse_symbol`` reads back. The National Assembly's laws and resolutions carry
    no type code ("80/2015/QH13"), nor, since the 2015 law took effect in 2016, its Standing
    Committee's; a State letter is "1234/UBND" (its drafting unit is not known here).
    """
    code = canonical_kind(kind)
    if code is None:
        raise ValueError(f"Unknown document type: {kind!r}")
    if not issuer_code:
        return f"{code} {number}"
    issuer = _canonical_issuer(issuer_code)
    if _ASSEMBLY_ISSUER_RE.fullmatch(issuer) or code in _UNCODED_KINDS:
        uncoded = code in _UNCODED_KINDS or (year and (not issuer.startswith("UBTV") or year >= 2016))
        return f"{number:02d}/" + (f"{year}/" if year else "") + ("" if uncoded else f"{code}-") + issuer
    if code == LETTER_KIND and not _is_party_issuer(issuer):
        return f"{number}/{issuer}"
    if year:
        return f"{number}/{year}/{code}-{issuer}"
    if _is_party_issuer(issuer):
        return f"{number:02d}-{code}/{issuer}"
    return f"{number}/{code}-{issuer}"


def parse_symbol(query: str) -> tuple[str, int, str, int | None] | None:
    """Read a search query as (kind, number, issuer code or "", year or None), or None.

    Accepts "21-NQ/TU", "21/NQ-TU", "21 - NQ/TU", "337/2021/nq-hdnd", "nq 21", "21 nq",
    "Nghị quyết số 21", a type word before a symbol ("Nghị quyết số 21-NQ/TU"), which a symbol
    without a type code needs ("Luật 80/2015/QH13", "công văn 1234/UBND-VP"). Issuer codes
    typed without diacritics get them back ("hdnd" → "HĐND").
    """
    text, _ = _compose(" ".join(query.split()))
    mirror = text.translate(_MIRROR)
    word = _QUERY_WORD_RE.match(mirror)  # "Luật số 80/2015/QH13": the word gives the kind
    match = _SYMBOL_RE.fullmatch(mirror, word.end() if word else 0)
    if match and (found := _from_symbol(match, text, mirror, None)):
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

    full = _full_references(work, mirror)
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


def _full_references(work: str, mirror: str) -> list[_Found]:
    """The references written with a symbol, in order; a symbol written again where its date
    belongs ("08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021") is one reference, dated after both."""
    full: list[_Found] = []
    for match in _SYMBOL_RE.finditer(mirror):
        if _in_address(mirror, match.start(), match.end()):
            continue
        found = _from_symbol(match, work, mirror, full[-1] if full else None)
        if found is None:
            continue
        if _ENDS_WITH_NGAY_RE.search(mirror, max(0, found.start - 12), found.start):
            previous = full[-1] if full else None
            if (
                previous
                and _same_symbol(previous, found)
                and _REPEAT_GAP_RE.fullmatch(mirror, previous.end, found.start)
            ):
                previous.tail_start = found.end
                previous.flags.append("garbled-date")
                continue
            found.flags.append("garbled-date")  # "ngày 08-NQ/TU ngày 25/11/2021"
        full.append(found)
    return full


def _same_symbol(a: _Found, b: _Found) -> bool:
    key = (a.kind, a.number, issuer_key(a.issuer_code), a.year)
    return key == (b.kind, b.number, issuer_key(b.issuer_code), b.year)


def _in_address(mirror: str, start: int, end: int) -> bool:
    """Whether ``mirror[start:end]`` is part of a web or mail address (of its whitespace-free word)."""
    left = max(mirror.rfind(" ", max(0, start - 300), start), mirror.rfind("\n", max(0, start - 300), start))
    right = _NON_SPACE_RE.match(mirror, end).end()
    return bool(_ADDRESS_RE.search(mirror[left + 1 : start] + mirror[end:right]))


def _from_symbol(match: re.Match, work: str, mirror: str, previous: _Found | None) -> _Found | None:
    """Build a full reference from a ``_SYMBOL_RE`` match and classify its style; None for a
    symbol without a type code whose kind nothing written before it tells."""
    if match["assembly_issuer"] or match["letter_issuer"]:
        return _from_untyped(match, work, mirror, previous)
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


def _from_untyped(match: re.Match, work: str, mirror: str, previous: _Found | None) -> _Found | None:
    """Build a reference to an Assembly document ("57/2022/QH15") or a State letter
    ("1234/UBND-VP"): the type word before it, or the item of the list it continues, gives the kind."""
    letter = match["letter_issuer"] is not None
    group = "letter_issuer" if letter else "assembly_issuer"
    found = _Found(
        start=match.start(),
        end=match.end(),
        kind="",
        number=int(match["number"]),
        issuer_code=_canonical_issuer(work[match.start(group) : match.end(group)]),
        year=None if letter else int(match["assembly_year"]),
        style="state",
    )
    kinds = {LETTER_KIND} if letter else _ASSEMBLY_KINDS
    kind = _kind_written_before(mirror, found.start, letter)
    if kind is None and previous is not None and _continues_list(previous, found, mirror, letter):
        kind = previous.kind  # "Luật số 80/2015/QH13 và 63/2020/QH14"
    if kind not in kinds:
        return None
    found.kind = kind
    return found


def _kind_written_before(mirror: str, start: int, letter: bool) -> str | None:
    """The kind the type word written just before an untyped symbol names: "Luật Đất đai số",
    "Nghị quyết số"; for a letter "Công văn số" or "văn bản số"."""
    window = max(0, start - _WORD_LOOKBACK)
    if letter:
        return LETTER_KIND if _LETTER_WORD_RE.search(mirror, window, start) else None
    last = None
    for last in _TYPE_WORD_RE.finditer(mirror, window, start):  # noqa: B007 - the last one counts
        pass
    if last is None or not _NAME_BEFORE_SYMBOL_RE.fullmatch(mirror, last.end(), start):
        return None
    return _KIND_BY_WORD[" ".join(last.group().split())]


def _continues_list(previous: _Found, found: _Found, mirror: str, letter: bool) -> bool:
    """Whether ``found`` is the next item of a list ``previous`` opened, of the same form: a
    letter after a State letter, an Assembly symbol after an Assembly document."""
    if letter:
        same_form = previous.kind == LETTER_KIND and previous.style == "state"
    else:
        same_form = bool(_ASSEMBLY_ISSUER_RE.fullmatch(issuer_key(previous.issuer_code)))
    if not same_form:
        return False
    pos = previous.tail_start or previous.end
    date = _DATE_RE.match(mirror, pos)
    return bool(_LIST_GAP_RE.fullmatch(mirror, date.end() if date else pos, found.start))


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
    pos = _read_date(found, mirror, found.tail_start or found.end)
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
