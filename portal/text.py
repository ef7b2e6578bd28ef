"""Vietnamese-aware text helpers: slugs and accent folding."""

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


_SPACES = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace (including non-breaking spaces)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
