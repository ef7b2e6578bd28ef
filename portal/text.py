"""Vietnamese-aware text helpers: slugs and accent folding."""

import datetime
import re
import unicodedata

from django.utils.text import slugify

# Letters that Unicode decomposition does not reduce to ASCII. Đ/đ is the one that matters
# in Vietnamese; U+00D0 (Ð, Icelandic eth) is a common look-alike in old documents.
_NON_DECOMPOSING = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


def fold(text: str) -> str:
    """Return ``text`` without diacritics, đ/Đ as d/D: "Đảng ủy" → "Dang uy".

    Accepts composed (NFC) and decomposed (NFD) input alike.
    """
    text = unicodedata.normalize("NFD", text.translate(_NON_DECOMPOSING))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slugify_vi(text: str, max_length: int = 200) -> str:
    """Transliterate Vietnamese into a URL slug: "Đảng ủy phường Hồng Gai" → "dang-uy-phuong-hong-gai"."""
    slug = slugify(fold(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def unique_slug(base: str, exists, max_length: int = 200) -> str:
    """Return ``base`` or ``base-2``, ``base-3``… whichever ``exists(slug)`` says is free."""
    base = base[:max_length].strip("-") or "bai-viet"
    candidate, n = base, 1
    while exists(candidate):
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


def slug_for(instance, text: str, fallback: str, max_length: int, *, among=None, reserved=frozenset()) -> str:
    """A free slug for the model ``instance`` from ``text``: its Vietnamese transliteration, or
    ``fallback`` when nothing is left of it, then "-2", "-3"… past the slugs already held by the
    other rows of ``among`` (default: every row its default manager sees) and past ``reserved``."""
    rows = among if among is not None else type(instance)._default_manager.all()
    others = rows.exclude(pk=instance.pk)
    return unique_slug(
        slugify_vi(text, max_length) or fallback,
        lambda slug: slug in reserved or others.filter(slug=slug).exists(),
        max_length,
    )


# The years a reader or an import may name: a day outside them is not one the portal holds,
# and a day at the calendar's edge (9999) would overflow as soon as a day is added to it.
FIRST_YEAR, LAST_YEAR = 1900, 2100
_DAY = re.compile(r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s*")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def read_day(text: str) -> datetime.date:
    """A day as Vietnamese readers write it, "dd/mm/yyyy" ("5/7/2022" too), in FIRST_YEAR to
    LAST_YEAR. Raises ValueError."""
    match = _DAY.fullmatch(text)
    if match is None:
        raise ValueError(f"not a dd/mm/yyyy date: {text!r}")
    day, month, year = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"not a year between {FIRST_YEAR} and {LAST_YEAR}: {text!r}")
    return datetime.date(year, month, day)


def whole_number(text: str) -> int | None:
    """``text`` as a whole number written in ASCII digits (nine at most), else None.
    ``str.isdigit()`` also accepts "²" and other characters that ``int()`` cannot read."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


_SPACES = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace (including non-breaking spaces)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _tone_pairs() -> dict[str, str]:
    """Old-style tone placement → new style, for the open syllables oa, oe, uy: "uỷ" → "ủy"."""
    tones = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ"}
    pairs = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for n in range(5):
            for upper in (False, True):
                f, s, tf, ts = first, second, tones[first][n], tones[second][n]
                if upper:
                    f, tf = f.upper(), tf.upper()
                pairs[f + ts] = tf + s
                pairs[f + ts.upper()] = tf + s.upper()
    return pairs


_TONE_PAIRS = _tone_pairs()
# "qu" is a consonant: "Quý", "quỹ" are the same in both styles and must not change.
_OLD_STYLE_TONE = re.compile(r"(?<![qQ])(?:{})(?!\w)".format("|".join(map(re.escape, _TONE_PAIRS))))


def canonical_tones(text: str) -> str:
    """NFC text with one tone-mark style ("Thuỷ" → "Thủy", "hoà" → "hòa"), Ð → Đ, NBSP → space.

    Every replacement keeps the length, so offsets in the result are offsets in ``text``
    (for NFC input).
    """
    text = text.replace("Ð", "Đ").replace("\u00a0", " ")
    return _OLD_STYLE_TONE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)
