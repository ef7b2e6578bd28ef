"""An article as its reader's page shows it, read in one query written once per process.

Every first reading of an article (the long tail of the archive: an old article found by a
search engine) looks it up by its address. Through the ORM, building and compiling that
query costs three times what the database takes to answer it, so its SQL is written here
once, from the models' own table and column names, and the rows are turned into models
with the fields' own converters and ``Model.from_db``, as the ORM does. What it reads:
the fields the page shows (``FIELDS``: the others stay deferred, as with ``only()``), the
cover image, the tags' names and slugs as one JSON list (``shown_tags``) and its corrections
as another (``shown_corrections``); its category is the one ``Category.kept()`` holds.
"""

import datetime
import functools
import json

from django.db import connection
from django.utils import timezone

from portal.models import Image

from .models import Article, Category, Correction, Tag

# The article's fields a reader's page shows, and its cover's.
FIELDS = (
    "id",
    "title",
    "slug",
    "lead",
    "body",
    "cover_id",
    "cover_caption",
    "cover_alt",
    "category_id",
    "byline",
    "source",
    "status",
    "published_at",
    "view_count",
    "updated_at",
    "content_updated_at",
)
COVER_FIELDS = ("id", "file", "width", "height", "renditions", "alt_text")


def public_article(slug: str) -> Article | None:
    """The public article at ``slug`` (published, its time come, not in the trash), or None."""
    sql, converters = _query(connection.vendor)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug, Article.Status.PUBLISHED.value, now])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [
        value if convert is None else convert(value) for value, convert in zip(row, converters, strict=True)
    ]
    article_names, cover_names = _names(Article, FIELDS), _names(Image, COVER_FIELDS)
    article = Article.from_db(connection.alias, article_names, values[: len(article_names)])
    cover = values[len(article_names) : -2]
    Article.cover.field.set_cached_value(
        article, Image.from_db(connection.alias, cover_names, cover) if cover[0] is not None else None
    )
    article.tag_pairs, article.correction_rows = values[-2] or "[]", values[-1] or "[]"
    category = Category.kept().get(article.category_id)
    if category is not None:  # else read when asked for
        article.category = category
    return article


def shown_tags(article: Article) -> list[tuple[str, str]]:
    """``(name, address)`` of the article's tags, by name: as ``public_article`` read them,
    or else from its tags (prefetched by ``ArticleQuerySet.for_page``)."""
    if hasattr(article, "tag_pairs"):
        pairs = json.loads(article.tag_pairs)
        if connection.vendor != "postgresql":
            pairs.sort()  # as SQLite's ORDER BY name would (by code point)
    else:
        pairs = [(tag.name, tag.slug) for tag in article.tags.all()]
    return [(name, Tag.path(slug)) for name, slug in pairs]


def shown_corrections(article: Article) -> list[Correction]:
    """The article's corrections, oldest first: as ``public_article`` read them, or else from
    its corrections (prefetched by ``ArticleQuerySet.for_page``)."""
    if not hasattr(article, "correction_rows"):
        return list(article.corrections.all())
    found = [
        Correction(id=pk, article_id=article.pk, corrected_at=_moment(moment), text=text)
        for pk, moment, text in json.loads(article.correction_rows)
    ]
    return sorted(found, key=lambda correction: (correction.corrected_at, correction.pk))


def _moment(value: str) -> datetime.datetime:
    """A time as the database writes it in JSON: ISO 8601 with its offset (PostgreSQL), or
    in UTC without one (SQLite, as Django stores it)."""
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=datetime.UTC)


@functools.cache
def _query(vendor: str) -> tuple[str, list]:
    """The SQL, and per column the function that turns what the database gives into the
    field's Python value (None: as it is)."""
    quote = connection.ops.quote_name
    article_fields = [Article._meta.get_field(name) for name in _names(Article, FIELDS)]
    cover_fields = [Image._meta.get_field(name) for name in _names(Image, COVER_FIELDS)]
    columns = [f"a.{quote(field.column)}" for field in article_fields]
    columns += [f"i.{quote(field.column)}" for field in cover_fields]
    columns += [_tag_pairs_sql(vendor), _corrections_sql(vendor)]
    column = {name: quote(Article._meta.get_field(name).column) for name in ("slug", "deleted_at", "status")}
    sql = (
        f"SELECT {', '.join(columns)}"
        f" FROM {quote(Article._meta.db_table)} a"
        f" LEFT JOIN {quote(Image._meta.db_table)} i"
        f" ON i.{quote(Image._meta.pk.column)} = a.{quote(Article.cover.field.column)}"
        f" WHERE a.{column['slug']} = %s AND a.{column['deleted_at']} IS NULL AND a.{column['status']} = %s"
        f" AND a.{quote(Article._meta.get_field('published_at').column)} <= %s"
    )
    converters = [_converter(field) for field in (*article_fields, *cover_fields)] + [None, None]
    return sql, converters


@functools.cache
def _names(model, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """``wanted`` (attribute names) in the order of the model's columns, as ``from_db`` needs."""
    found = tuple(field.attname for field in model._meta.concrete_fields if field.attname in wanted)
    assert len(found) == len(wanted), set(wanted) - set(found)
    return found


def _converter(field):
    """What the ORM's compiler applies to a column of ``field``, as one function, or None."""
    expression = field.cached_col
    found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
    if not found:
        return None

    def convert(value):
        for converter in found:
            value = converter(value, expression, connection)
        return value

    return convert


def _tag_pairs_sql(vendor: str) -> str:
    """The article's tags as a JSON list of ``[name, slug]`` (a correlated subquery): by name
    on PostgreSQL; SQLite's aggregate keeps no order, ``shown_tags`` sorts them."""
    quote = connection.ops.quote_name
    through = Article.tags.through
    tag, link = quote(Tag._meta.db_table), quote(through._meta.db_table)
    tag_id = quote(through._meta.get_field("tag").column)
    article_id = quote(through._meta.get_field("article").column)
    joined = (
        f"FROM {tag} t JOIN {link} l ON l.{tag_id} = t.{quote(Tag._meta.pk.column)}"
        f" WHERE l.{article_id} = a.{quote(Article._meta.pk.column)}"
    )
    if vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array(t.name, t.slug) ORDER BY t.name)::text {joined})"
    return f"(SELECT json_group_array(json_array(t.name, t.slug)) {joined})"


def _corrections_sql(vendor: str) -> str:
    """The article's corrections as a JSON list of ``[id, corrected_at, text]`` (a correlated
    subquery); ``shown_corrections`` puts them in order."""
    quote = connection.ops.quote_name
    column = {name: quote(Correction._meta.get_field(name).column) for name in ("id", "corrected_at", "text")}
    article_id = quote(Correction._meta.get_field("article").column)
    rows = (
        f"FROM {quote(Correction._meta.db_table)} c WHERE c.{article_id} = a.{quote(Article._meta.pk.column)}"
    )
    values = f"c.{column['id']}, c.{column['corrected_at']}, c.{column['text']}"
    if vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({values}))::text {rows})"
    return f"(SELECT json_group_array(json_array({values})) {rows})"
