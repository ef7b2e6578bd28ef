import datetime
import unicodedata

import pytest

from portal.text import fold, read_day, slugify_vi, unique_slug, whole_number


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đảng ủy phường Hồng Gai", "dang-uy-phuong-hong-gai"),
        ("ĐẢNG UỶ XÃ ĐỒNG LÂM", "dang-uy-xa-dong-lam"),
        ("Nghị quyết số 21-NQ/TU", "nghi-quyet-so-21-nqtu"),
        ("Hội nghị lần thứ 14 – khóa XXV", "hoi-nghi-lan-thu-14-khoa-xxv"),
        ("Ðảng bộ (legacy U+00D0)", "dang-bo-legacy-u00d0"),
        ("  Đường   Trần Hưng Đạo  ", "duong-tran-hung-dao"),
    ],
)
def test_slug_transliterates_vietnamese(text, slug):
    """Slugs keep every letter: đ/Đ become d, tone marks are dropped, never the letter."""
    assert slugify_vi(text) == slug


def test_slug_of_decomposed_input_equals_slug_of_composed_input():
    """Text pasted in NFD (decomposed diacritics) gives the same slug as NFC text."""
    composed = "Đảng ủy phường Hồng Gai"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert slugify_vi(decomposed) == "dang-uy-phuong-hong-gai"


def test_fold_removes_accents_and_folds_d():
    """Folding is what accent-insensitive matching relies on."""
    assert fold("Đảng ủy Hồng Gai") == "Dang uy Hong Gai"
    assert fold(unicodedata.normalize("NFD", "khoá ĐỒNG")) == "khoa DONG"


def test_slug_is_cut_at_a_word_boundary():
    """A long title gives a slug no longer than the limit, without a dangling half-word."""
    slug = slugify_vi("Hội nghị " * 40, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert set(slug.split("-")) <= {"hoi", "nghi"}


def test_unique_slug_appends_a_number():
    """When a slug is taken, the next free numbered one is used."""
    taken = {"tin-moi", "tin-moi-2"}
    assert unique_slug("tin-moi", taken.__contains__) == "tin-moi-3"
    assert unique_slug("khac", taken.__contains__) == "khac"


def test_a_day_is_read_as_readers_write_it():
    assert read_day("05/07/2022") == read_day(" 5/7/2022 ") == datetime.date(2022, 7, 5)
    for bad in ("2022-07-05", "31/02/2022", "5/7/22", "", "05/07/2022 08:00"):
        with pytest.raises(ValueError):
            read_day(bad)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2026", 2026),
        ("007", 7),
        ("²", None),
        ("٣", None),
        (" 5", None),
        ("-1", None),
        ("", None),
        ("1" * 10, None),
    ],
)
def test_whole_numbers_are_ascii_digits_only(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("text", ["31/12/9999", "01/01/0001", "31/12/1899", "01/01/2101", "١/١/٢٠٢٦"])
def test_days_outside_the_years_the_portal_holds_are_not_read(text):
    with pytest.raises(ValueError):
        read_day(text)
