"""Vietnamese search that gives the same results on PostgreSQL and SQLite.

Text and queries are reduced to the same *tokens*: words without diacritics, lower case,
đ/Đ (and the look-alike Ð) as d, in either tone-mark style, composed or decomposed, with
every other character a separator. "Đảng ủy Hồng Gai", "ĐẢNG UỶ hồng gai" and "dang uy hong
gai" are all ``dang uy hong gai``; "21-NQ/TU" is ``21 nq tu``.

Each searchable model stores its tokens in a ``search_text`` column, kept up to date when it
is saved, as " tok tok tok " (a space on both sides of every token). A query matches when
every one of its tokens is a whole token of the text:

- on SQLite, one ``LIKE '% tok %'`` per token;
- on PostgreSQL, full-text search over the same tokens with the ``simple`` configuration
  (no stemming, no stop words): the parser splits our text into exactly our tokens, so the
  result is the same set as SQLite's. The tsvector is a stored generated column,
  ``search_vector`` (migration news 0009; articles also have ``search_title_vector``),
  with a GIN index: PostgreSQL computes it when a row is written, never while a query runs.
  (Computing ``to_tsvector`` per row at query time made counting a common word's 20,000
  matches take 1.7 s.) Django's models do not declare these columns: they exist on
  PostgreSQL only, and ``holds_all`` refers to them.

The folding is done once, in Python, for both databases, rather than by PostgreSQL's
``unaccent``: one definition of "the same word" everywhere, which also covers Ð and decomposed
input, and no immutable wrapper to maintain.
"""

import re
import unicodedata
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q
from django.db.models.expressions import Col
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
MAX_TOKEN_CHARS = 60  # longer "words" are noise (PostgreSQL also ignores lexemes > 2 KB)
MAX_INDEXED_CHARS = 200_000  # far above any article; PostgreSQL caps a tsvector at 1 MB

_TOKEN = re.compile(r"[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, in order ("Đảng ủy" → ["dang", "uy"])."""
    return [t for t in _TOKEN.findall(fold(text or "").lower()) if len(t) <= MAX_TOKEN_CHARS]


def index_text(*parts: str) -> str:
    """What a ``search_text`` column holds for these parts of a record."""
    words = []
    for part in parts:
        words.extend(tokens(part))
    text = " ".join(words)
    if len(text) > MAX_INDEXED_CHARS:
        text = text[:MAX_INDEXED_CHARS].rsplit(" ", 1)[0]
    return f" {text} " if text else ""


def html_text(html: str) -> str:
    """The text of an HTML fragment, tags as word breaks ("<p>a</p><p>b</p>" → "a b")."""
    return unescape(re.sub(r"<[^>]*>", " ", html or ""))


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a reader's query, capped (a pasted page is not a query)."""
    seen = []
    for token in tokens((query or "")[:MAX_QUERY_CHARS]):
        if token not in seen:
            seen.append(token)
    return seen[:MAX_QUERY_TOKENS]


# The stored tsvector (PostgreSQL only) of each searchable text column.
VECTOR_COLUMNS = {"search_text": "search_vector", "search_title": "search_title_vector"}


class _StoredVector(Expression):
    """A stored tsvector column of the query's own table (PostgreSQL only), as a column
    reference that Django re-aliases when the queryset becomes a subquery."""

    output_field = SearchVectorField()

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        field = SearchVectorField()
        field.set_attributes_from_name(self.column)
        field.model = query.model
        return Col(query.get_initial_alias(), field)


def holds_all(words: list[str], field: str = "search_text"):
    """A condition, for ``filter()`` or ``exclude()``: ``field`` holds every token of ``words``.

    On PostgreSQL it reads the field's stored vector (``VECTOR_COLUMNS``)."""
    if connection.vendor == "postgresql":
        query = SearchQuery(" & ".join(words), config="simple", search_type="raw")
        return SearchVectorExact(_StoredVector(VECTOR_COLUMNS[field]), query)
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": f" {word} "})
    return condition


def matching(queryset, words: list[str], field: str = "search_text"):
    """``queryset`` narrowed to records whose ``field`` holds every token of ``words``."""
    if not words:
        return queryset.none()
    return queryset.filter(holds_all(words, field))


def gin_index_sql(table: str, name: str, field: str = "search_text") -> tuple[str, str]:
    """CREATE and DROP statements of the first expression index (kept for the migrations
    that made it: news 0006 and meetings 0004; news 0009 replaces it by the stored vector)."""
    create = (
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE({field}, '')))"
    )
    return create, f"DROP INDEX IF EXISTS {name}"


# A word of the text, also when its diacritics are decomposed (NFD) combining marks.
_WORD = re.compile(r"[\w\u0300-\u036f]+")
# The combining tone marks (huyền, sắc, ngã, hỏi, nặng); the others (â, ă, ơ…) make other vowels.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vietnamese is full of words this short ("tự", "tư", "ủy", "hạ"): in a query of several
# words, such a word of the text is marked only beside another marked word ("an ninh trật
# tự", "Hạ Long"), not wherever it happens to stand.
SHORT_WORD = 2


def _spelling(word: str) -> str:
    """``word`` as typed with its diacritics, whatever the case, tone-mark placement or Unicode
    form: "ỦY", "uỷ" and "ủy" are one spelling; "tự", "tư" and "tu" are three."""
    letters = unicodedata.normalize("NFD", word.lower().replace("ð", "đ"))
    tones = "".join(sorted(ch for ch in letters if ch in _TONES))
    return unicodedata.normalize("NFC", "".join(ch for ch in letters if ch not in _TONES)) + tones


def _terms(query: str) -> list[tuple[tuple[str, ...], str | None]]:
    """The words of a reader's query: their tokens, and their spelling when typed with
    diacritics (None when typed without: "dau tu" stands for every spelling)."""
    terms = []
    for word in _WORD.findall((query or "")[:MAX_QUERY_CHARS]):
        key = tuple(tokens(word))
        accented = fold(word).lower() != word.lower()
        term = (key, _spelling(word) if accented else None)
        if key and term not in terms:
            terms.append(term)
    return terms[:MAX_QUERY_TOKENS]


def word_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``text`` holds the words of a reader's ``query``, as (start, end) offsets: whole
    words only; spelled as typed when the query has diacritics ("đầu tư" marks "tư", not
    "tự", unless the text has no "tư": the folded match found it), any spelling otherwise;
    a short word beside another marked one only, when the query has several words."""
    text = text or ""
    words = [(m.start(), m.end(), tuple(tokens(m.group()))) for m in _WORD.finditer(text)]
    terms, marked = _terms(query), set()
    for key, spelling in terms:
        same = [i for i, (_s, _e, word) in enumerate(words) if word == key]
        exact = [i for i in same if spelling and _spelling(text[words[i][0] : words[i][1]]) == spelling]
        marked.update(exact or same)
    if len(terms) > 1:
        marked = {
            i for i in marked if len("".join(words[i][2])) > SHORT_WORD or _beside(i, marked, words, text)
        }
    return [words[i][:2] for i in sorted(marked)]


def _beside(i: int, marked: set, words: list, text: str) -> bool:
    """Whether word ``i`` has a marked word right before or after it (a space or a dash between)."""
    for j in (i - 1, i + 1):
        if j in marked:
            first, second = sorted((i, j))
            if not text[words[first][1] : words[second][0]].strip(" \u00a0-\u2013\u2014"):
                return True
    return False


def highlight(text: str, spans: list[tuple[int, int]], *, limit: int | None = None) -> str:
    """``text`` escaped, with the ``spans`` (``word_spans``, or document numbers found by the
    site layer) marked (<mark>); cut to about ``limit`` characters around the first when given."""
    text = text or ""
    spans = sorted(spans)
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + limit)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)
