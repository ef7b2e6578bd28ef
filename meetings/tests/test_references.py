"""Tests for the recogniser of document references in news text (meetings/references.py)."""

import itertools
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from meetings.references import (
    TYPE_NAMES,
    Reference,
    canonical_kind,
    find_references,
    issuer_key,
    normalize_symbol,
    parse_symbol,
)

LEGACY_EXPORT = Path(__file__).resolve().parents[3] / "shared" / "legacy-export"


def summary(ref: Reference) -> tuple:
    """The fields a reader of the legacy articles checks: what is linked and what it points to."""
    return (ref.text, ref.kind, ref.number, ref.issuer_code, ref.issued_on, ref.issuer_name, ref.style)


def only(text: str) -> Reference:
    refs = find_references(text)
    assert len(refs) == 1, refs
    return refs[0]


# --- The real articles ---

LEGACY_REFERENCES = {
    "000_f064a78d701348d9.txt": [
        ("465-TB/TU", "TB", 465, "TU", date(2022, 3, 24), "Thành ủy", "party"),
        ("21-NQ/TU", "NQ", 21, "TU", date(2020, 12, 31), "Ban Thường vụ Thành ủy", "party"),
        ("56-NQ/TU", "NQ", 56, "TU", date(2021, 12, 15), "Thành ủy", "party"),
        ("nghị quyết 21", "NQ", 21, "TU", date(2020, 12, 31), "", "partial"),
        ("nghị quyết 21", "NQ", 21, "TU", date(2020, 12, 31), "", "partial"),
        ("nghị quyết 56", "NQ", 56, "TU", date(2021, 12, 15), "", "partial"),
    ],
    "001_15b6a301f6259353.txt": [
        ("17-NQ/TU", "NQ", 17, "TU", date(2020, 12, 18), "BCH Đảng bộ Thành phố", "party"),
        ("chỉ thị số 41", "CT", 41, "", None, "BTV Thành ủy", "partial"),
    ],
    "003_51f19a44640f24e0.txt": [
        ("Chỉ thị số 13", "CT", 13, "", None, "Thành ủy", "partial"),
        ("Chỉ thị số 14", "CT", 14, "", None, "Thành ủy", "partial"),
        ("Đề án 216", "ĐA", 216, "", date(2018, 7, 26), "UBND quận", "partial"),
    ],
}


def legacy_text(name: str) -> str:
    if not LEGACY_EXPORT.is_dir():
        pytest.skip("../shared/legacy-export/ is absent (only CI and the developers' machine have it)")
    return (LEGACY_EXPORT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(LEGACY_REFERENCES))
def test_every_reference_in_a_legacy_article_is_found_and_nothing_else(name):
    """Each real article yields exactly the references a careful reader finds in it."""
    refs = find_references(legacy_text(name))
    assert [summary(r) for r in refs] == LEGACY_REFERENCES[name]


def test_partial_mentions_in_a_legacy_article_are_flagged_as_inherited():
    """A partial mention after the full reference borrows its symbol and says so."""
    refs = find_references(legacy_text("000_f064a78d701348d9.txt"))
    partial = [r for r in refs if r.style == "partial"]
    assert partial
    assert all(r.flags == ("inherited-from-earlier-reference",) for r in partial)


# --- Symbols and their typography ---


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Nghị quyết số 21-NQ/TU của Thành ủy", "21-NQ/TU"),
        ("Nghị quyết 21-NQ/TU của Thành ủy", "21-NQ/TU"),
        ("Nghị quyết số số 21-NQ/TU của Thành ủy", "21-NQ/TU"),
        ("Nghị quyết số21-NQ/TU của Thành ủy", "21-NQ/TU"),
        ("theo 21-NQ/TU của Thành ủy", "21-NQ/TU"),
        ("Nghị quyết số 21 - NQ/TU của Thành ủy", "21 - NQ/TU"),
        ("Nghị quyết số 21–NQ/TU của Thành ủy", "21–NQ/TU"),
        ("Nghị quyết số 21 — NQ/TU của Thành ủy", "21 — NQ/TU"),
        ("Nghị quyết số 21\u00a0-\u00a0NQ/TU\u00a0của\u00a0Thành ủy", "21\u00a0-\u00a0NQ/TU"),
    ],
)
def test_a_party_symbol_is_found_however_it_is_typed(text, symbol):
    """With "số" present, absent, doubled or glued; with hyphen, dashes, spaces or NBSP around it."""
    ref = only(text)
    assert (ref.text, ref.kind, ref.number, ref.issuer_code, ref.style) == (symbol, "NQ", 21, "TU", "party")
    assert ref.issuer_name == "Thành ủy"


def test_a_legacy_eth_is_read_as_d_with_stroke():
    """U+00D0 "Ð" in a type or issuer code is the Vietnamese "Đ"."""
    refs = find_references("Nghị quyết 03-NQ/ÐU và Quyết định 2152/QÐ-UBND")
    assert [(r.kind, r.number, r.issuer_code) for r in refs] == [("NQ", 3, "ĐU"), ("QĐ", 2152, "UBND")]


def test_decomposed_text_is_recognised_once_the_caller_composes_it():
    """NFD input normalised to NFC by the caller gives the same references as NFC input."""
    nfc = "Chỉ thị số 13 của Ban Thường vụ Thành ủy và Nghị quyết số 03-NQ/ĐU"
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFD", nfc))
    assert [summary(r) for r in find_references(text)] == [summary(r) for r in find_references(nfc)]
    assert [(r.kind, r.number, r.issuer_code) for r in find_references(text)] == [
        ("CT", 13, ""),
        ("NQ", 3, "ĐU"),
    ]


def test_decomposed_text_passed_as_is_gives_spans_in_that_text():
    """NFD input is recognised too, with spans into the decomposed string and composed values."""
    text = unicodedata.normalize("NFD", "Chỉ thị số 13 của Ban Thường vụ Thành ủy")
    ref = only(text)
    assert (ref.kind, ref.number, ref.issuer_name) == ("CT", 13, "Ban Thường vụ Thành ủy")
    assert ref.text == text[ref.start : ref.end] == unicodedata.normalize("NFD", "Chỉ thị số 13")


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [("05-QĐ/TU", "QĐ"), ("05-QĐi/TU", "QĐi"), ("05-QDi/TU", "QĐi"), ("05-qđi/TU", "QĐi")],
)
def test_a_regulation_code_is_told_apart_from_a_decision_code(symbol, kind):
    """QĐi (Quy định) is its own type, not QĐ (Quyết định) followed by a stray letter."""
    assert only(f"thực hiện {symbol}").kind == kind


@pytest.mark.parametrize(
    ("symbol", "kind", "issuer"),
    [
        ("12-CTr/TU", "CTr", "TU"),
        ("12-ctr/tu", "CTr", "TU"),
        ("07-TTr/HU", "TTr", "HU"),
        ("16/CT-TTg", "CT", "TTg"),
        ("16/CT-ttg", "CT", "TTg"),
        ("36-HD/VPTW", "HD", "VPTW"),
        ("03-NQ/đu", "NQ", "ĐU"),
        ("24-BS/UBKTTU", "BS", "UBKTTU"),
    ],
)
def test_codes_are_canonicalised_with_their_mixed_case(symbol, kind, issuer):
    """Type and issuer codes come out in their canonical case: CTr, TTr, TTg, others upper."""
    ref = only(f"theo {symbol} ngày 1/2/2021")
    assert (ref.kind, ref.issuer_code) == (kind, issuer)


def test_leading_zeros_are_not_part_of_the_number():
    """Leading zeros are dropped: "01-KL/TW" is conclusion number 1."""
    ref = only("Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị")
    assert (ref.kind, ref.number, ref.issuer_code, ref.issued_on) == ("KL", 1, "TW", date(2021, 5, 18))
    assert ref.issuer_name == "Bộ Chính trị"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị quyết số 36/NQ-HĐND ngày 9/12/2021", ("NQ", 36, "HĐND", None, "state")),
        ("Quyết định số 2152/QĐ-UBND của UBND tỉnh", ("QĐ", 2152, "UBND", None, "state")),
        ("Nghị quyết 337/2021/NQ-HĐND", ("NQ", 337, "HĐND", 2021, "state")),
        ("Nghị định số 30/2020/NĐ-CP", ("NĐ", 30, "CP", 2020, "state")),
        ("Nghị quyết số 01/NQ-QH15", ("NQ", 1, "QH15", None, "state")),
        ("Nghị quyết số 337 / 2021 / NQ – HĐND", ("NQ", 337, "HĐND", 2021, "state")),
    ],
)
def test_state_symbols_are_found_with_their_year(text, expected):
    """State symbols put the number first, then the year for legal normative documents."""
    ref = only(text)
    assert (ref.kind, ref.number, ref.issuer_code, ref.year, ref.style) == expected


def test_a_party_symbol_written_state_style_is_accepted_and_flagged():
    """A Party symbol written State-style ("21/NQ-TU") is recognised and flagged for staff."""
    ref = only("Nghị quyết số 21/NQ-TU ngày 31/12/2020 của Ban Thường vụ Thành ủy")
    assert (ref.kind, ref.number, ref.issuer_code, ref.style) == ("NQ", 21, "TU", "party_as_state")
    assert ref.flags == ("party-symbol-written-state-style",)
    assert ref.issued_on == date(2020, 12, 31)


def test_a_state_issuer_written_party_style_is_accepted_and_flagged():
    """A State issuer in the Party form ("12-QĐ/UBND") is recognised and flagged for staff."""
    ref = only("Quyết định số 12-QĐ/UBND")
    assert (ref.kind, ref.number, ref.issuer_code, ref.style) == ("QĐ", 12, "UBND", "party")
    assert ref.flags == ("state-symbol-written-party-style",)


def test_a_garbled_date_before_the_symbol_is_tolerated_and_flagged():
    """In "ngày 08-NQ/TU ngày 25/11/2021" the first "ngày" is a typo: the symbol still counts."""
    ref = only("Thực hiện Nghị quyết ngày 08-NQ/TU ngày 25/11/2021 của Thành ủy về chuyển đổi số")
    assert (ref.text, ref.number, ref.issued_on, ref.issuer_name) == (
        "08-NQ/TU",
        8,
        date(2021, 11, 25),
        "Thành ủy",
    )
    assert ref.flags == ("garbled-date",)


def test_an_impossible_date_is_flagged_instead_of_crashing():
    """A date that does not exist ("31/02/2021") leaves issued_on empty and flags it."""
    ref = only("Nghị quyết số 21-NQ/TU ngày 31/02/2021 của Thành ủy")
    assert (ref.issued_on, ref.issuer_name, ref.flags) == (None, "Thành ủy", ("invalid-date",))


# --- What is written after a reference ---


@pytest.mark.parametrize(
    "tail",
    [
        "ngày 31/12/2020",
        ", ngày 31/12/2020",
        "ngày 31-12-2020",
        "ngày 31–12–2020",
        "ngày 31.12.2020",
        "ngày 31 / 12 / 2020",
        "Ngày 31/12/2020",
        "ngày 31 tháng 12 năm 2020",
    ],
)
def test_the_issue_date_is_read_in_every_form_news_text_uses(tail):
    """dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy and "ngày … tháng … năm …", with or without a comma."""
    assert only(f"Nghị quyết số 21-NQ/TU {tail} của Thành ủy").issued_on == date(2020, 12, 31)


def test_a_date_without_leading_zeros_is_read():
    """Day and month may have one digit: "ngày 1/2/2021" is 1 February 2021."""
    assert only("Chỉ thị số 05-CT/TU ngày 1/2/2021").issued_on == date(2021, 2, 1)


@pytest.mark.parametrize(
    ("tail", "name"),
    [
        ("của Ban Thường vụ Thành ủy về đầu tư", "Ban Thường vụ Thành ủy"),
        ("ngày 15/12/2021 Thành ủy về phương hướng", "Thành ủy"),
        ("ngày 15/12/2021 của Ban Thường vụ Thành uỷ về phương hướng", "Ban Thường vụ Thành uỷ"),
        ("của Uỷ ban nhân dân tỉnh, ngày 15/12/2021", "Uỷ ban nhân dân tỉnh"),
        ("của BTV Thành ủy trong quản lý đất đai", "BTV Thành ủy"),
        ("của Thường trực Thành ủy.", "Thường trực Thành ủy"),
        ("của Ban\u00a0Thường   vụ Thành ủy (khóa XXV)", "Ban Thường vụ Thành ủy"),
        ("của Bộ Chính trị khóa XII và Ban Bí thư", "Bộ Chính trị khóa XII"),
        ("của HĐND thành phố tại kỳ họp thứ 5", "HĐND thành phố"),
        ("của thành ủy đã đạt kết quả", "thành ủy"),
        # At most eight words are taken.
        (
            "của Ban Chấp hành Đảng bộ tỉnh Quảng Ninh khóa XV nhiệm kỳ 2020-2025",
            "Ban Chấp hành Đảng bộ tỉnh Quảng Ninh",
        ),
    ],
)
def test_the_issuing_body_written_after_a_reference_is_read(tail, name):
    """The body follows with or without "của" and ends at "về", "trong", punctuation… or 8 words."""
    assert only(f"Nghị quyết số 21-NQ/TU {tail}").issuer_name == name


@pytest.mark.parametrize(
    "tail",
    [
        "ban hành kèm theo",
        "của tỉnh về phát triển du lịch",
        "ngày 15/12/2021 bàn về phát triển du lịch",
        "đã được triển khai",
        "",
    ],
)
def test_no_issuing_body_is_read_from_words_that_do_not_name_one(tail):
    """Only a recognisable body word (Ban, BTV, Thành ủy, UBND…) opens an issuer name."""
    assert only(f"Nghị quyết số 21-NQ/TU {tail}").issuer_name == ""


def test_the_issuing_body_is_also_read_after_the_date_when_it_comes_first():
    """A date written after the body ("của Thành ủy ngày 31/12/2020") is read too."""
    ref = only("Nghị quyết số 21-NQ/TU của Thành ủy ngày 31/12/2020 về đầu tư")
    assert (ref.issuer_name, ref.issued_on) == ("Thành ủy", date(2020, 12, 31))


# --- Lists ---


def test_several_symbols_after_one_type_word_are_each_a_reference():
    """Each symbol in "các Nghị quyết số 21-NQ/TU, 22-NQ/TU và 23-NQ/TU" is its own reference."""
    refs = find_references("các Nghị quyết số 21-NQ/TU, 22-NQ/TU và 23-NQ/TU của Thành ủy")
    assert [(r.kind, r.number, r.issuer_code, r.issuer_name) for r in refs] == [
        ("NQ", 21, "TU", "Thành ủy"),
        ("NQ", 22, "TU", "Thành ủy"),
        ("NQ", 23, "TU", "Thành ủy"),
    ]


def test_a_body_after_a_list_of_partial_mentions_applies_to_each():
    """In "Chỉ thị số 13 và Chỉ thị số 14 của Thành ủy" both directives are the Thành ủy's."""
    refs = find_references("triển khai Chỉ thị số 13 và Chỉ thị số 14 của Thành ủy;")
    assert [(r.text, r.issuer_name, r.style) for r in refs] == [
        ("Chỉ thị số 13", "Thành ủy", "partial"),
        ("Chỉ thị số 14", "Thành ủy", "partial"),
    ]


def test_several_numbers_after_one_type_word_are_each_a_reference():
    """ "Chỉ thị số 13, 14 và 15 của Thành ủy" names three directives of the Thành ủy."""
    refs = find_references("thực hiện Chỉ thị số 13, 14 và số 15 của Thành ủy;")
    assert [(r.text, r.kind, r.number, r.issuer_name) for r in refs] == [
        ("Chỉ thị số 13", "CT", 13, "Thành ủy"),
        ("14", "CT", 14, "Thành ủy"),
        ("15", "CT", 15, "Thành ủy"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết số 21, 15 đồng chí tham dự",
        "Nghị quyết số 21, 2 ngày qua",
        "Kế hoạch số 5, 2022.",
        "Chỉ thị số 13, 14 năm 2022",
        "Chỉ thị số 13 và sở 14.",
        "Nghị quyết số 21, 1.200 người",
        "Kết luận số 14, 15%.",
    ],
)
def test_a_number_after_a_mention_is_not_taken_for_a_list_item(text):
    """Only a number standing as a list item (then a boundary, "của", a date…) joins the list."""
    assert len(find_references(text)) == 1


def test_a_body_does_not_travel_past_unrelated_text():
    """A body belongs to an earlier reference only when just a list separator stands between them."""
    refs = find_references("Chỉ thị số 13 đã thực hiện tốt; Chỉ thị số 14 của Thành ủy")
    assert [r.issuer_name for r in refs] == ["", "Thành ủy"]


# --- Partial mentions ---


@pytest.mark.parametrize(
    ("text", "mention", "kind", "number"),
    [
        ("thực hiện Chỉ thị số 13 của Thành ủy", "Chỉ thị số 13", "CT", 13),
        ("thực hiện chỉ thị số số 13.", "chỉ thị số số 13", "CT", 13),
        ("kết quả thực hiện nghị quyết 21; bầu cử", "nghị quyết 21", "NQ", 21),
        ("thực hiện nghị quyết 21", "nghị quyết 21", "NQ", 21),
        ("Đề án 216 ngày 26/7/2018 của UBND quận", "Đề án 216", "ĐA", 216),
        ("Nghị quyết chuyên đề số 5 của Thành ủy", "Nghị quyết chuyên đề số 5", "NQ", 5),
        ("Chương trình hành động số 12 của BTV Thành ủy", "Chương trình hành động số 12", "CTr", 12),
        ("Thông báo kết luận số 442 ngày 24/02/2022", "Thông báo kết luận số 442", "TB", 442),
        ("Quy định số 08 của Ban Thường vụ", "Quy định số 08", "QĐi", 8),
        ("Quyết định số 2152 của UBND tỉnh", "Quyết định số 2152", "QĐ", 2152),
        ("Kế hoạch số 2022 của UBND tỉnh", "Kế hoạch số 2022", "KH", 2022),
        ("NGHỊ QUYẾT SỐ 21 CỦA THÀNH ỦY", "NGHỊ QUYẾT SỐ 21", "NQ", 21),
    ],
)
def test_a_type_word_followed_by_a_number_is_a_partial_mention(text, mention, kind, number):
    """Without a symbol, a type word directly followed by ("số" and) a number is a partial mention."""
    ref = only(text)
    assert (ref.text, ref.kind, ref.number, ref.issuer_code, ref.style) == (
        mention,
        kind,
        number,
        "",
        "partial",
    )


def test_a_partial_mention_reads_the_date_and_body_after_it():
    """A partial mention takes the date and body written after it, as a full one does."""
    ref = only("liên quan đến Đề án 216 ngày 26/7/2018 của UBND quận về xây dựng")
    assert (ref.issued_on, ref.issuer_name, ref.year) == (date(2018, 7, 26), "UBND quận", None)


def test_a_partial_mention_inherits_from_an_earlier_full_reference():
    """A partial mention takes issuer code and date from an earlier full reference, flagged."""
    refs = find_references(
        "Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Ban Thường vụ Thành ủy. "
        "Các phường thực hiện nghị quyết 21."
    )
    partial = refs[1]
    assert (partial.text, partial.style, partial.issuer_code, partial.issued_on, partial.issuer_name) == (
        "nghị quyết 21",
        "partial",
        "TU",
        date(2020, 12, 31),
        "",
    )
    assert partial.flags == ("inherited-from-earlier-reference",)


def test_a_state_legal_reference_passes_its_year_on_to_a_later_mention():
    """A partial mention of "337/2021/NQ-HĐND" inherits the year too."""
    refs = find_references("Nghị quyết 337/2021/NQ-HĐND của HĐND tỉnh. Thực hiện Nghị quyết số 337, tỉnh…")
    assert (refs[1].issuer_code, refs[1].year) == ("HĐND", 2021)


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện nghị quyết 21. Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Thành ủy",
        "Nghị quyết số 21-NQ/TU ngày 31/12/2020. Thực hiện chỉ thị số 21.",
        "Nghị quyết số 21-NQ/TU ngày 31/12/2020. Thực hiện nghị quyết 22.",
        "Nghị quyết số 21-NQ/TU ngày 31/12/2020. Nghị quyết số 21 ngày 5/1/2016.",
    ],
)
def test_a_partial_mention_inherits_nothing_without_a_matching_earlier_reference(text):
    """Inheritance needs an earlier full reference of the same kind and number, and no other date."""
    partial = next(r for r in find_references(text) if r.style == "partial")
    assert (partial.issuer_code, partial.flags) == ("", ())


# --- What must not match ---


@pytest.mark.parametrize(
    "text",
    [
        "Chiều 20/6, thành phố Hạ Long tổ chức Hội nghị",
        "ngày 24/3/2022",
        "ngày 31-12-2020",
        "Ngày đăng 11/10/2021 | 07:28 \u00a0|\u00a0View count: 1984",
        "trên địa bàn thành phố Quý 11/2022.",
        "trên địa bàn quý 1/2022.",
        "nhiệm kỳ 2022-2025",
        "nhiệm kỳ 2022 -2025",
        "khóa III, nhiệm kỳ 2020 - 2025",
        "giai đoạn 2021-2025",
        "Điện thoại: 0203.3835.234",
        "Điện thoại: (0203) 3 835 234",
        "Di động: 0912 345 678",
        "thu ngân sách Nhà nước được 4.465,775 tỷ đồng/6.942,090 tỷ đồng",
        "ước đạt 27.278 tỷ đồng, tăng 10,2% so với cùng kỳ",
        "dịch Covid-19",
        "dịch Covid -19",
        "đặc biệt là SEA Games 31...",
        "Hội nghị lần thứ 14 - Ban chấp hành Đảng bộ quận",
        "https://halong.gov.vn/2022/06/tin-tuc",
        "https://example.vn/12/ct-abc",
        "để đảm bảo Nghị quyết Hội nghị lần thứ 14 BCH Đảng bộ quận",
        "quán triệt Nghị quyết Đại hội XIII của Đảng",
        "triển khai 5 Chương trình công tác của Quận ủy",
        "học tập Nghị quyết Trung ương 4 khóa XII",
        "Quận ủy ban hành 2 Chỉ thị triển khai",
        "dự thảo báo cáo 6 tháng đầu năm",
        "hoàn thành kế hoạch 2022.",
        "Kế hoạch 2021-2025 của thành phố",
        "đảm bảo việc ghi sổ nghị quyết được đầy đủ",
        "Báo cáo sơ 5 năm",
        "Nghị quyết sở 21 của Thành ủy",
        "Nghị quyết số 21-NQ",
    ],
)
def test_look_alikes_are_not_references(text):
    """Dates, quarters, terms, phone numbers, amounts and titles without a number link nothing."""
    assert find_references(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ngày",
        "số",
        "Nghị quyết số",
        "21-NQ/",
        "ngày 08-NQ/TU ngày",
        "của Thành ủy",
        "\u0301\u0301",
        "1-" * 50,
    ],
)
def test_fragments_never_crash(text):
    """Odd or truncated input returns a list, whatever it holds."""
    assert isinstance(find_references(text), list)


# --- Spans ---


SPAN_SAMPLES = [
    "các Nghị quyết số 21-NQ/TU, 22-NQ/TU và 23-NQ/TU của Thành ủy",
    "Chỉ thị số 13 và Chỉ thị số 14 của Thành ủy; Đề án 216 ngày 26/7/2018 của UBND quận",
    "Nghị quyết ngày 08-NQ/TU ngày 25/11/2021; 337/2021/NQ-HĐND; 21/NQ-TU; nghị quyết 21.",
    "Nghị quyết số\u00a021 – NQ/TU và Quyết định 2152/QÐ-UBND",
]


@pytest.mark.parametrize("text", SPAN_SAMPLES + [unicodedata.normalize("NFD", t) for t in SPAN_SAMPLES])
def test_spans_point_into_the_input_in_order_without_overlap(text):
    """Each reference's text is text[start:end]; references come in order and never overlap."""
    refs = find_references(text)
    assert refs
    assert all(text[r.start : r.end] == r.text for r in refs)
    assert all(a.end <= b.start for a, b in itertools.pairwise(refs))


@pytest.mark.parametrize("name", sorted(LEGACY_REFERENCES))
def test_spans_in_legacy_articles_point_into_the_text(name):
    """Spans in the real articles cut exactly the linked words out of the article."""
    text = legacy_text(name)
    refs = find_references(text)
    assert all(text[r.start : r.end] == r.text for r in refs)
    assert all(a.end <= b.start for a, b in itertools.pairwise(refs))


# --- Search box and printing ---


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("21-NQ/TU", ("NQ", 21, "TU", None)),
        ("21/NQ-TU", ("NQ", 21, "TU", None)),
        ("21 - NQ/TU", ("NQ", 21, "TU", None)),
        ("  21–nq/tu ", ("NQ", 21, "TU", None)),
        ("01-KL/TW", ("KL", 1, "TW", None)),
        ("05-QĐi/TU", ("QĐi", 5, "TU", None)),
        ("03-nq/du", ("NQ", 3, "ĐU", None)),
        ("16/CT-TTg", ("CT", 16, "TTg", None)),
        ("337/2021/NQ-HĐND", ("NQ", 337, "HĐND", 2021)),
        ("337/2021/nq-hdnd", ("NQ", 337, "HĐND", 2021)),
        ("nq 21", ("NQ", 21, "", None)),
        ("NQ 21", ("NQ", 21, "", None)),
        ("nq21", ("NQ", 21, "", None)),
        ("21 nq", ("NQ", 21, "", None)),
        ("21-NQ", ("NQ", 21, "", None)),
        ("qd 2152", ("QĐ", 2152, "", None)),
        ("Nghị quyết số 21", ("NQ", 21, "", None)),
        ("nghi quyet 21", ("NQ", 21, "", None)),
    ],
)
def test_a_search_query_that_looks_like_a_symbol_is_parsed(query, expected):
    """The search box accepts symbols however they are typed, with or without an issuer."""
    assert parse_symbol(query) == expected


@pytest.mark.parametrize(
    "query", ["", "21", "nghị quyết", "20/6", "2022-2025", "Covid-19", "quy hoạch 2030", "21-NQ/TU ngày 1/2"]
)
def test_a_search_query_that_is_not_a_symbol_is_not_parsed(query):
    """Plain words, numbers, dates and ranges are left to the full-text search."""
    assert parse_symbol(query) is None


@pytest.mark.parametrize(
    ("parts", "symbol"),
    [
        (("NQ", 21, "TU", None), "21-NQ/TU"),
        (("KL", 1, "TW", None), "01-KL/TW"),
        (("QĐi", 5, "TU", None), "05-QĐi/TU"),
        (("HD", 36, "VPTW", None), "36-HD/VPTW"),
        (("NQ", 3, "ĐU", None), "03-NQ/ĐU"),
        (("NQ", 36, "HĐND", None), "36/NQ-HĐND"),
        (("CT", 16, "TTg", None), "16/CT-TTg"),
        (("NQ", 337, "HĐND", 2021), "337/2021/NQ-HĐND"),
        (("NĐ", 30, "CP", 2020), "30/2020/NĐ-CP"),
        (("NQ", 21, "", None), "NQ 21"),
    ],
)
def test_a_symbol_is_printed_canonically_and_parses_back(parts, symbol):
    """normalize_symbol prints the canonical form, and parse_symbol reads it back unchanged."""
    assert normalize_symbol(*parts) == symbol
    assert parse_symbol(symbol) == parts


@pytest.mark.parametrize(
    ("query", "symbol"),
    [
        ("21/NQ-TU", "21-NQ/TU"),
        ("1 - kl/tw", "01-KL/TW"),
        ("16/ct-ttg", "16/CT-TTg"),
        ("2152/QÐ-UBND", "2152/QĐ-UBND"),
    ],
)
def test_a_loosely_typed_symbol_prints_canonically(query, symbol):
    """Parsing then printing turns any accepted spelling into the canonical symbol."""
    assert normalize_symbol(*parse_symbol(query)) == symbol


def test_printing_an_unknown_type_is_refused():
    """normalize_symbol raises ValueError for a type that is not in the table."""
    with pytest.raises(ValueError, match="Unknown document type"):
        normalize_symbol("XYZ", 1, "TU")


# --- Types ---


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("nq", "NQ"),
        ("QĐ", "QĐ"),
        ("QD", "QĐ"),
        ("Qđi", "QĐi"),
        ("ctr", "CTr"),
        ("Nghị quyết", "NQ"),
        ("nghi quyet", "NQ"),
        ("NGHỊ  QUYẾT", "NQ"),
        ("Thông báo kết luận", "TB"),
        ("Chương trình hành động", "CTr"),
        ("Quy định", "QĐi"),
        ("Quyết định", "QĐ"),
        ("Đề án", "ĐA"),
        ("Thông tư", "TT"),
        ("Nghị định", "NĐ"),
        ("Luật", "Luật"),
        ("Bộ luật", "Luật"),
        ("Pháp lệnh", "PL"),
        ("", None),
    ],
)
def test_type_codes_and_words_map_to_one_canonical_code(value, kind):
    """Codes in any case and type words with or without accents give the canonical code."""
    assert canonical_kind(value) == kind


def test_every_type_code_has_a_vietnamese_name_and_maps_to_itself():
    """TYPE_NAMES covers the whole code table, and each code and name is recognised."""
    assert len(TYPE_NAMES) == 21
    assert TYPE_NAMES["QĐi"] == "Quy định"
    assert TYPE_NAMES["TT"] == "Thông tri, thông tư"
    for code, names in TYPE_NAMES.items():
        assert canonical_kind(code) == code
        for name in names.split(", "):  # "Thông tri, thông tư": both words mean TT
            assert canonical_kind(name) == code


# --- Symbols without a type code: the National Assembly's and State letters ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nghị quyết số 57/2022/QH15 của Quốc hội", ("57/2022/QH15", "NQ", 57, "QH15", 2022)),
        ("Luật số 80/2015/QH13", ("80/2015/QH13", "Luật", 80, "QH13", 2015)),
        ("Nghị quyết số 35/2023/UBTVQH15", ("35/2023/UBTVQH15", "NQ", 35, "UBTVQH15", 2023)),
        ("Luật Đất đai số 31/2024/QH15 có hiệu lực", ("31/2024/QH15", "Luật", 31, "QH15", 2024)),
        (
            "Luật Thi đua, khen thưởng năm 2022 số 06/2022/QH15",
            ("06/2022/QH15", "Luật", 6, "QH15", 2022),
        ),
        ("Bộ luật Lao động số 45/2019/QH14", ("45/2019/QH14", "Luật", 45, "QH14", 2019)),
        (
            "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13",
            ("80/2015/QH13", "Luật", 80, "QH13", 2015),
        ),
        ("Luật Phòng, chống ma túy số 73/2021/QH14", ("73/2021/QH14", "Luật", 73, "QH14", 2021)),
        ("Luật Đất đai (sửa đổi) số 31/2024/QH15", ("31/2024/QH15", "Luật", 31, "QH15", 2024)),
        ("Pháp lệnh số 02/2022/UBTVQH15", ("02/2022/UBTVQH15", "PL", 2, "UBTVQH15", 2022)),
        ("Pháp lệnh số 26/2005/PL-UBTVQH11", ("26/2005/PL-UBTVQH11", "PL", 26, "UBTVQH11", 2005)),
        ("nghị quyết 57 / 2022 / qh15", ("57 / 2022 / qh15", "NQ", 57, "QH15", 2022)),
    ],
)
def test_a_national_assembly_symbol_takes_its_kind_from_the_word_before_it(text, expected):
    """National Assembly symbols carry no type code: "Luật", "Nghị quyết"… before them tells it."""
    ref = only(text)
    assert (ref.text, ref.kind, ref.number, ref.issuer_code, ref.year) == expected
    assert ref.style == "state"


def test_the_nearest_type_word_gives_the_kind_of_a_national_assembly_symbol():
    """In "Nghị quyết hướng dẫn Luật Đất đai số 31/2024/QH15" the symbol is the law's."""
    ref = only("Kế hoạch thực hiện Nghị quyết hướng dẫn Luật Đất đai số 31/2024/QH15")
    assert (ref.kind, ref.number) == ("Luật", 31)


def test_a_list_of_national_assembly_symbols_shares_the_type_word():
    """ "các Luật số 80/2015/QH13 ngày 22/6/2015 và 63/2020/QH14" names two laws."""
    refs = find_references("các Luật số 80/2015/QH13 ngày 22/6/2015 và 63/2020/QH14 của Quốc hội")
    assert [(r.kind, r.number, r.issuer_code, r.year, r.issuer_name) for r in refs] == [
        ("Luật", 80, "QH13", 2015, "Quốc hội"),
        ("Luật", 63, "QH14", 2020, "Quốc hội"),
    ]
    assert refs[0].issued_on == date(2015, 6, 22)


def test_an_assembly_symbol_after_a_typed_one_of_the_assembly_continues_its_list():
    """ "Nghị quyết 01/NQ-QH15 và 57/2022/QH15": the second is a resolution too."""
    refs = find_references("Nghị quyết 01/NQ-QH15 và 57/2022/QH15")
    assert [(r.kind, r.number, r.year) for r in refs] == [("NQ", 1, None), ("NQ", 57, 2022)]


def test_a_national_assembly_symbol_without_a_type_word_is_not_a_reference():
    """Alone, "57/2022/QH15" does not say whether it is a law or a resolution: nothing is guessed."""
    assert find_references("theo 57/2022/QH15, thành phố triển khai") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công văn số 1234/UBND-VP ngày 5/3/2024", ("1234/UBND-VP", 1234, "UBND", date(2024, 3, 5))),
        ("theo Công văn 567/VPCP-KGVX của Văn phòng Chính phủ", ("567/VPCP-KGVX", 567, "VPCP", None)),
        ("Văn bản số 89/SNV-XDCQ", ("89/SNV-XDCQ", 89, "SNV", None)),
        ("công văn số số 1234 / UBND – VP", ("1234 / UBND – VP", 1234, "UBND", None)),
        ("Công văn số 12/HĐND-VP", ("12/HĐND-VP", 12, "HĐND", None)),
    ],
)
def test_a_state_letter_without_a_type_code_is_a_letter_of_its_issuer(text, expected):
    """ "1234/UBND-VP" (issuer, then drafting unit) is a công văn of the UBND, numbered per year."""
    ref = only(text)
    assert (ref.text, ref.number, ref.issuer_code, ref.issued_on) == expected
    assert (ref.kind, ref.style, ref.year) == ("CV", "state", None)


def test_a_list_of_letters_shares_the_type_word():
    """ "Công văn số 12/UBND-VP và 13/UBND-KT" names two letters."""
    refs = find_references("Công văn số 12/UBND-VP và 13/UBND-KT của UBND thành phố")
    assert [(r.kind, r.number, r.issuer_code, r.issuer_name) for r in refs] == [
        ("CV", 12, "UBND", "UBND thành phố"),
        ("CV", 13, "UBND", "UBND thành phố"),
    ]


def test_a_letter_symbol_without_the_word_letter_is_not_a_reference():
    """ "1234/UBND-VP" could be anything "a/b-c" without "Công văn" or "Văn bản" before it."""
    assert find_references("xem 1234/UBND-VP và 3/tháng-năm") == []


def test_a_letter_symbol_after_a_party_reference_does_not_borrow_its_kind():
    """ "Nghị quyết số 21-NQ/TU và 12/UBND-VP": the second is no resolution, and no letter is named."""
    refs = find_references("Nghị quyết số 21-NQ/TU và 12/UBND-VP")
    assert [(r.kind, r.number) for r in refs] == [("NQ", 21)]


# --- Dates in brackets, garbled repetitions, broken lines ---


@pytest.mark.parametrize(
    "tail",
    [
        "(ngày 31/12/2020)",
        " (ngày 31/12/2020)",
        "( ngày 31-12-2020 )",
        "(31/12/2020)",
        "(ban hành ngày 31/12/2020)",
        "ban hành ngày 31/12/2020",
        "(ngày 31 tháng 12 năm 2020)",
    ],
)
def test_a_date_in_brackets_after_the_symbol_is_its_issue_date(tail):
    """ "21-NQ/TU (ngày 31/12/2020) của Thành ủy": the date and then the body are read."""
    ref = only(f"Nghị quyết số 21-NQ/TU {tail} của Thành ủy về đầu tư")
    assert (ref.issued_on, ref.issuer_name) == (date(2020, 12, 31), "Thành ủy")


def test_a_date_and_body_in_brackets_are_read():
    """ "(ngày 31/12/2020 của Thành ủy)": both inside the brackets."""
    ref = only("Nghị quyết số 21-NQ/TU (ngày 31/12/2020 của Thành ủy) về đầu tư")
    assert (ref.issued_on, ref.issuer_name) == (date(2020, 12, 31), "Thành ủy")


def test_a_bracket_that_holds_no_date_is_left_alone():
    """ "(sau đây gọi là Nghị quyết 21)" is no date; the bracket closes before anything is read."""
    refs = find_references("Nghị quyết số 21-NQ/TU (sau đây gọi là Nghị quyết 21) của Thành ủy")
    assert (refs[0].issued_on, refs[0].issuer_name) == (None, "")


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị quyết 08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021 của Thành ủy về chuyển đổi số",
        "Thực hiện Nghị quyết 08-NQ/TU ngày 08-NQ/TU ngày 25/11/2021 của Thành ủy về chuyển đổi số",
        "Thực hiện Nghị quyết 08-NQ/TU, ngày 08 - NQ/TU, ngày 25/11/2021 của Thành ủy về chuyển đổi số",
    ],
)
def test_a_symbol_repeated_where_its_date_belongs_is_one_reference_with_that_date(text):
    """ "08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021": a typo for the date, one reference, flagged."""
    ref = only(text)
    assert (ref.text, ref.number, ref.issued_on, ref.issuer_name) == (
        "08-NQ/TU",
        8,
        date(2021, 11, 25),
        "Thành ủy",
    )
    assert ref.flags == ("garbled-date",)


def test_a_different_symbol_after_ngay_is_not_merged_with_the_previous_one():
    """ "08-NQ/TU, ngày 09-NQ/TU": two documents, the second flagged."""
    refs = find_references("Nghị quyết 08-NQ/TU, ngày 09-NQ/TU ngày 25/11/2021")
    assert [(r.number, r.issued_on, r.flags) for r in refs] == [
        (8, None, ()),
        (9, date(2021, 11, 25), ("garbled-date",)),
    ]


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Nghị quyết số 21-\nNQ/TU ngày 31/12/2020", "21-\nNQ/TU"),
        ("Nghị quyết số 21 -\r\nNQ/TU ngày 31/12/2020", "21 -\r\nNQ/TU"),
        ("Nghị quyết số 21-NQ/\nTU ngày 31/12/2020", "21-NQ/\nTU"),
        ("Nghị quyết số 337/2021/\nNQ-HĐND ngày 31/12/2020", "337/2021/\nNQ-HĐND"),
        ("Nghị quyết số 57/\n2022/QH15 ngày 31/12/2020", "57/\n2022/QH15"),
    ],
)
def test_a_symbol_broken_across_lines_after_a_hyphen_or_slash_is_one_reference(text, symbol):
    """A line break after the symbol's hyphen or slash (hyphenation, narrow columns) joins it."""
    ref = only(text)
    assert (ref.text, ref.number, ref.issued_on) == (symbol, ref.number, date(2020, 12, 31))
    assert ref.kind == "NQ"


@pytest.mark.parametrize(
    "text",
    [
        "ngày 31/12/2020",
        "(ngày 31/12/2020)",
        "(31/12/2020)",
        "Quốc hội khóa XV, QH15",
        "Quốc hội khóa QH15",
        "kỳ họp thứ 5, Quốc hội khóa 15",
        "thắng với tỷ số 57/2022 phiếu",
        "tỷ lệ 57/2022 hộ",
        "Nghị quyết số 57/2022 của Quốc hội",
        "xe ô tô biển kiểm soát 14A-123.45",
        "xe mô tô biển số 14-B1 123.45",
        "biển số 29LD-012.34",
        "Hotline: 1900-1234, 0203-3835234",
        "Điện thoại: 0203/3835.234",
        "xem https://halong.gov.vn/van-ban?so=1234/UBND-VP",
        "Công văn xem tại http://halong.gov.vn/cv?id=21-NQ/TU&x=1",
        "Công văn gửi về vanthu.1234/ubnd-vp@halong.gov.vn",
        "Công văn gửi hộp thư 21-NQ/TU@halong.gov.vn",
        "(trang 12-15)",
        "tr. 57/2022-2025",
        "giữ vững an ninh, trật tự-\nan toàn xã hội",
        "giai đoạn 2020-2025",
        "giai đoạn 2020-\n2025",
        "nhiệm kỳ 2020 -\n2025",
        "Luật Đất đai 2013",
        "Luật Đất đai năm 2024 có hiệu lực",
        "theo luật 5 năm một lần",
        "văn bản quy phạm pháp luật số 5 của Thành ủy",
        "phổ biến pháp luật 57/2022/QH15",
        "Chỉ thị số 57/\n2022/QH15",
        "xây dựng luật 21-\nđể thực hiện",
    ],
)
def test_more_look_alikes_are_not_references(text):
    """Dates, terms, scores, plates, page ranges, addresses and word breaks link nothing."""
    assert find_references(text) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Luật 80/2015/QH13", ("Luật", 80, "QH13", 2015)),
        ("luat so 80/2015/qh13", ("Luật", 80, "QH13", 2015)),
        ("Nghị quyết 35/2023/UBTVQH15", ("NQ", 35, "UBTVQH15", 2023)),
        ("Công văn 1234/UBND-VP", ("CV", 1234, "UBND", None)),
        ("Nghị quyết số 21-NQ/TU", ("NQ", 21, "TU", None)),
        ("luật 80", ("Luật", 80, "", None)),
        ("pháp lệnh 2", ("PL", 2, "", None)),
    ],
)
def test_a_search_query_with_a_type_word_and_an_untyped_symbol_is_parsed(query, expected):
    """The type word typed before a symbol without a type code gives its kind."""
    assert parse_symbol(query) == expected


@pytest.mark.parametrize("query", ["57/2022/QH15", "1234/UBND-VP", "QH15", "Chỉ thị 57/2022/QH15"])
def test_a_search_query_with_an_untyped_symbol_and_no_kind_is_not_parsed(query):
    """Without a type word (or with one the National Assembly never issues) the kind is unknown."""
    assert parse_symbol(query) is None


@pytest.mark.parametrize(
    ("parts", "symbol"),
    [
        (("Luật", 80, "QH13", 2015), "80/2015/QH13"),
        (("Luật", 6, "QH15", 2022), "06/2022/QH15"),
        (("NQ", 57, "QH15", 2022), "57/2022/QH15"),
        (("NQ", 35, "UBTVQH15", 2023), "35/2023/UBTVQH15"),
        (("PL", 26, "UBTVQH11", 2005), "26/2005/PL-UBTVQH11"),
        (("NQ", 1, "QH15", None), "01/NQ-QH15"),
    ],
)
def test_a_national_assembly_symbol_is_printed_as_the_assembly_prints_it(parts, symbol):
    """Laws and resolutions of the Assembly have no type code; its Committee's have none since 2016."""
    assert normalize_symbol(*parts) == symbol


def test_a_letter_is_printed_with_its_issuer_and_no_type_code():
    """A State letter prints "1234/UBND": the drafting unit is not known, no code is invented."""
    assert normalize_symbol("CV", 1234, "UBND") == "1234/UBND"
    assert normalize_symbol("CV", 5, "TU") == "05-CV/TU"


def test_issuer_keys_of_the_assembly_ignore_the_term():
    """ "QH15" and "QH" are the same body: the year, not the code, tells its terms apart."""
    assert issuer_key("QH15") == issuer_key("qh") == "QH"
    assert issuer_key("UBTVQH15") == "UBTVQH"
    assert issuer_key("HĐND") == "HDND"
