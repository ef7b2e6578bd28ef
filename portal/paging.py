"""Paging of every public list: ``?trang=N``, with elided page links ("1 2 … 7 8 9 … 40").

A list is paged in one of two ways, chosen by the view:

- strict (the default): a page that does not exist ("?trang=99" past the end, "?trang=abc")
  is a 404, as any other address that leads nowhere;
- lenient: the nearest page is shown instead (anything that is not a positive number shows
  the first, a number past the end the last), for lists whose pages shift under the reader:
  search results, and the meeting lists narrowed by filters.

The long lists (the news, a category, a tag, the archive, the registry, meetings) are read by
key with ``KeysetPaginator``, so that their last page costs what their first does.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import F, Lookup, OrderBy, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.db.models.sql.where import AND, WhereNode
from django.http import Http404
from django.utils.functional import cached_property
from django.views.generic import ListView

from . import freshness

PAGE_SIZE = 20
PAGE_PARAM = "trang"
ANCHORS_CACHE_PREFIX = "portal:paging"
# A cached list's anchors outlive neither its version nor this (old versions' entries go).
ANCHORS_MAX_SECONDS = 3600


@dataclass(frozen=True)
class Paging:
    page: Page
    page_range: list

    def context(self) -> dict:
        """What ``partials/pagination.html`` reads."""
        return {
            "page_obj": self.page,
            "is_paginated": self.page.has_other_pages(),
            "page_range": self.page_range,
        }


def paginate(
    request,
    object_list,
    per_page: int = PAGE_SIZE,
    *,
    lenient: bool = False,
    paginator_class=Paginator,
    name: str | None = None,
) -> Paging:
    """The page of ``object_list`` that ``request`` asks for (see the module docstring).
    ``name``: what the list is (``KeysetPaginator`` then also keeps its anchors in the
    process; other paginators ignore it)."""
    named = name is not None and issubclass(paginator_class, KeysetPaginator)
    paginator = paginator_class(object_list, per_page, **({"name": name} if named else {}))
    value = request.GET.get(PAGE_PARAM) or 1
    if lenient:
        page = paginator.get_page(_positive(value))
    else:
        try:
            page = paginator.page(paginator.num_pages if value == "last" else int(value))
        except (ValueError, InvalidPage):
            raise Http404("Không có trang này của danh sách.") from None
    return Paging(page, list(paginator.get_elided_page_range(page.number, on_each_side=2)))


def _positive(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class PagedListView(ListView):
    """A ListView paged by ``paginate`` (strict): ``page_obj``, ``is_paginated``, ``page_range``.
    Set ``paginator_class = KeysetPaginator`` for a long list of the site's content."""

    paginate_by = PAGE_SIZE

    def paging_name(self) -> str | None:
        """What the list is, when a few words say it: e.g. "news:category:7" (see paginate)."""
        return None

    def paginate_queryset(self, queryset, page_size):
        self.paging = paginate(
            self.request, queryset, page_size, paginator_class=self.paginator_class, name=self.paging_name()
        )
        page = self.paging.page
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_range"] = self.paging.page_range
        return context


# --- Paging by key -------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """A column of a list's order: a field of the listed model, and its direction."""

    name: str
    descending: bool


class KeysetPaginator(Paginator):
    """Pages of a queryset ordered by a unique key, e.g. ``(-published_at, -id)``, read by key
    instead of by OFFSET, so that page 458 costs what page 1 does.

    The "anchors", the key of every page's first row, are read in one query through the
    index that orders the list, without loading the rows; the list's length follows from
    them and the size of the last page. They are cached for as long as the content's version
    lasts (``portal.freshness``), which changes whenever a list could, so they are never out
    of date. A page is then the rows from its anchor to the next page's, which the same index
    returns directly.

    Page numbers, ``count``, ``num_pages`` and the elided range are those of Django's
    Paginator. A list it cannot read by key (ordered by an expression, an annotation, a
    related model's field, a column that may hold NULL, or without a unique column at the
    end; grouped, distinct, sliced) is paged as the plain Paginator does.

    Use it only for lists of content that the version covers (``portal.signals.watch``).

    ``name`` says what the list is ("news:category:7": the same name is always the same
    queryset): its anchors are then kept in the process too, for the version, and a page
    costs no cache read. Without it, they are found in the shared cache by the query's SQL.
    """

    def __init__(self, object_list, per_page, *args, name: str | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.name = name

    @cached_property
    def keys(self) -> list[Key] | None:
        """The list's order as key columns, or None when it cannot be read by key."""
        return keyset_of(self.object_list)

    @cached_property
    def anchors(self) -> tuple:
        """The key of each page's first row (the pages of ``per_page``; with ``orphans``,
        the last few are not pages of their own)."""
        return self._cached[1]

    @cached_property
    def count(self) -> int:
        return super().count if self.keys is None else self._cached[0]

    def page(self, number) -> Page:
        if self.keys is None:
            return super().page(number)
        number = self.validate_number(number)
        bounds = Q()
        if number > 1:
            bounds &= _beside(self.keys, self.anchors[number - 1], after=True)
        if number < self.num_pages:
            bounds &= _beside(self.keys, self.anchors[number], after=False)
        rows = _narrowed_first(self.object_list, bounds)
        bottom = (number - 1) * self.per_page
        size = self.count - bottom if number == self.num_pages else self.per_page
        return self._get_page(rows[:size], number, self)

    @cached_property
    def _cached(self) -> tuple[int, tuple]:
        """(the list's length, the anchors), from the process, the cache or read once per
        version."""
        if self.name is None:
            return self._shared()
        return freshness.remember(f"paging:{self.name}:{self.per_page}:{self.orphans}", self._shared)

    def _shared(self) -> tuple[int, tuple]:
        rows = self._anchor_rows()
        try:
            cache_key = self._cache_key(rows)
        except EmptyResultSet:  # queryset.none(), pk__in=[]: nothing to read
            return 0, ()
        found = cache.get(cache_key)
        if found is None:
            found = self._read_anchors(rows)
            timeout = min(max(freshness.seconds_left(), 1), ANCHORS_MAX_SECONDS)
            cache.set(cache_key, found, timeout=timeout)
        return found

    def _anchor_rows(self) -> QuerySet:
        """The key of every ``per_page``-th row of the list, the first included."""
        order = [F(key.name).desc() if key.descending else F(key.name).asc() for key in self.keys]
        return (
            self.object_list.prefetch_related(None)
            .annotate(paging_turn=(Window(RowNumber(), order_by=order) - 1) % self.per_page)
            .filter(paging_turn=0)
            .values_list(*(key.name for key in self.keys))
        )

    def _read_anchors(self, rows: QuerySet) -> tuple[int, tuple]:
        anchors = tuple(rows)
        if not anchors:
            return 0, ()
        # Counting only the rows from the last anchor on reads a page of the index, where a
        # count of the window would hold the whole list.
        last_page = _narrowed_first(self.object_list, _beside(self.keys, anchors[-1], after=True)).count()
        return (len(anchors) - 1) * self.per_page + last_page, anchors

    def _cache_key(self, rows: QuerySet) -> str:
        """The version, and a digest of the anchors' query: its SQL and its parameters, where a
        moment inside the version's span (the "now" of ``public()``) stands for any other."""
        token, since, until = freshness.current_span()
        sql, params = rows.query.sql_with_params()
        present = _moments_within(rows.query.where, since, until)
        adapt = connections[rows.db].ops.adapt_datetimefield_value
        present |= {adapt(moment) for moment in present}
        params = tuple("<now>" if _hashable(p) and p in present else p for p in params)
        digest = hashlib.sha256(repr((sql, params, self.per_page)).encode()).hexdigest()[:32]
        return f"{ANCHORS_CACHE_PREFIX}:{token}:{digest}"


def keyset_of(queryset) -> list[Key] | None:
    """The order of ``queryset`` as key columns when it can be read by key: fields of its own
    model, each never NULL in the list, the last one unique (the primary key)."""
    if not isinstance(queryset, QuerySet):
        return None
    query = queryset.query
    if (
        query.is_sliced
        or query.distinct
        or query.combinator
        or query.group_by is not None
        or query.extra_order_by
        or not query.standard_ordering
    ):
        return None
    meta = query.get_meta()
    ordering = query.order_by or (meta.ordering if query.default_ordering else ())
    fields = [_field(meta, item) for item in ordering]
    if not fields or None in fields or not fields[-1][0].unique:
        return None
    if any(field.null and not _compared(query, field) for field, _ in fields):
        return None  # NULL sorts first or last depending on the database: no key to compare
    return [Key(field.name, descending) for field, descending in fields]


def _field(meta, item):
    """(field, descending) of one item of an ordering, or None if it is not a column of its own."""
    if isinstance(item, str):
        name, descending = item.removeprefix("-"), item.startswith("-")
    elif (
        isinstance(item, OrderBy)
        and isinstance(item.expression, F)
        and not (item.nulls_first or item.nulls_last)
    ):
        name, descending = item.expression.name, item.descending
    else:
        return None
    try:
        field = meta.pk if name == "pk" else meta.get_field(name)
    except FieldDoesNotExist:
        return None  # an annotation, a related model's field, "?"
    if not field.concrete or field.is_relation:
        return None  # ordering by a foreign key orders by the related model's own ordering
    return field, descending


def _compared(query, field) -> bool:
    """Whether the query's WHERE (conditions joined by AND) compares the listed table's
    ``field`` with a value, which a NULL never passes: ``published_at <= now``."""
    where = query.where
    if where.connector != "AND" or where.negated:
        return False
    for child in where.children:
        column = getattr(child, "lhs", None)
        if (
            isinstance(child, Lookup)
            and getattr(column, "target", None) == field
            and getattr(column, "alias", None) == query.base_table
            and (child.lookup_name != "isnull" or child.rhs is False)
        ):
            return True
    return False


def _beside(keys: list[Key], values: tuple, *, after: bool) -> Q:
    """The rows at or after the row whose key is ``values`` in the list's order (``after``),
    or those strictly before it: ``a < x OR (a = x AND id <= y)`` for ``(-a, -id)``, with
    ``a <= x`` added, which the database reads as a range of the index."""

    def lookup(key: Key, *, strict: bool) -> str:
        downward = key.descending == after  # in a descending column, "after" is smaller
        return ("lt" if downward else "gt") + ("" if strict else "e")

    *head, (last, value) = zip(keys, values, strict=True)
    condition = Q(**{f"{last.name}__{lookup(last, strict=not after)}": value})
    for key, value in reversed(head):
        condition = Q(**{f"{key.name}__{lookup(key, strict=True)}": value}) | (
            Q(**{key.name: value}) & condition
        )
    if head:
        key, value = head[0]
        condition &= Q(**{f"{key.name}__{lookup(key, strict=False)}": value})
    return condition


def _narrowed_first(queryset: QuerySet, condition: Q) -> QuerySet:
    """``queryset`` narrowed by ``condition``, written before its own conditions. Of two
    bounds on one column (``published_at <= now`` from ``public()``, ``published_at <=``
    the anchor), SQLite walks the index from the first it meets, PostgreSQL from the
    tighter: written last, the anchor's would leave SQLite reading from the newest row."""
    rows = queryset.all()
    if condition:
        rows.query.where = WhereNode([rows.query.build_where(condition), rows.query.where], AND)
    return rows


def _moments_within(node, since: datetime.datetime, until: datetime.datetime) -> set:
    """The datetimes in ``since <= moment < until`` that a query's WHERE compares with."""
    found = set()
    for child in getattr(node, "children", ()):
        if isinstance(child, Lookup):
            moment = child.rhs
            if isinstance(moment, datetime.datetime) and moment.tzinfo and since <= moment < until:
                found.add(moment)
        else:
            found |= _moments_within(child, since, until)
    return found


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
