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


def highlight(text: str, words: list[str], *, limit: int | None = None) -> str:
    """``text`` escaped, with the words that match a query token marked (<mark>); cut to
    about ``limit`` characters around the first match when given."""
    text = text or ""
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"\w+", text)
        if tokens(m.group(0)) and all(t in words for t in tokens(m.group(0)))
    ]
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
