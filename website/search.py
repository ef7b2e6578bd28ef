"""/tim-kiem/: one search over articles, documents, meetings and officials (the page is
``views.search_page``).

Matching is portal/search.py's (accent-, case- and tone-style-insensitive, the same on
PostgreSQL and SQLite). A query that reads as a document number ("21-NQ/TU", "21/NQ-TU",
"NQ 21") also finds the document by its identity, whichever way it is written, and shows it
first, above the results (``numbered_rows``); its marks are the number in its written forms,
never the words it folds to ("tự" in "trật tự" for "…/TU"): ``Query.mark``.

Without a type, the page shows the first results of each type with their totals; with one
(``loai``), a paginated list. Filters: category (articles), organization (meetings and
documents), a date range, newest or most relevant first. Bad input never raises: it gives
the page with a message saying what to type.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property

from meetings.issuers import issuer_group
from meetings.models import Document, Meeting, Official, Organization
from meetings.references import Reference, find_references, issuer_key, parse_symbol
from news.models import Article, Category
from portal import search
from portal.filters import ListFilters
from portal.text import read_day

PAGE_SIZE = 20
GROUP_SIZE = 5
# The documents a number names, shown first: "21-NQ/TU" recurs every term, and "NQ 21" is
# every body's resolution 21. More than this are listed in the registry.
NUMBERED = 3
SNIPPET_CHARS = 240
# Matches are counted up to this many. A common word ("hội nghị") matches most of the
# archive: counting all of it costs a scan of every match, and a reader narrows such a
# search with a word or a filter rather than read its 51st page.
MAX_COUNTED = 1000


@dataclass(frozen=True)
class Total:
    """How many matches, counted up to MAX_COUNTED: "1.000", or "hơn 1.000" beyond."""

    value: int
    more: bool = False

    def __str__(self):
        return ("hơn " if self.more else "") + number_format(self.value, force_grouping=True)

    @classmethod
    def of(cls, found: int) -> "Total":
        return cls(min(found, MAX_COUNTED), found > MAX_COUNTED)

    @classmethod
    def sum(cls, totals) -> "Total":
        totals = list(totals)
        return cls(sum(t.value for t in totals), any(t.more for t in totals))


class Matches:
    """The matches of one search, in the queryset's order, sliced and counted for the pages.

    First the ids of up to MAX_COUNTED + 1 matches, in no order: the GIN index finds a rare
    word's few rows, and a common word's first thousand come from the first pages of the
    table. Then a page: by id when there are that few, or through the queryset's order
    otherwise. (Asked for a page directly, PostgreSQL walks the date index expecting a match
    soon, which for a word found nowhere meant reading all 100,000 articles: 350 ms.)"""

    def __init__(self, queryset):
        self.queryset = queryset

    @cached_property
    def _ids(self) -> list[int]:
        return list(self.queryset.order_by().values_list("pk", flat=True)[: MAX_COUNTED + 1])

    def total(self) -> Total:
        return Total.of(len(self._ids))

    def count(self) -> int:
        return self.total().value

    def __getitem__(self, window: slice) -> list:
        if not self._ids:
            return []
        rows = self.queryset if self.total().more else self.queryset.filter(pk__in=self._ids)
        return list(rows[window])


class TitleFirst:
    """ "Most relevant first": the matches whose title holds every word, newest first, then
    the others, newest first. Two indexed searches, where ranking every match in one ORDER BY
    would read them all. Sliced and counted like Matches."""

    def __init__(self, in_title, others):
        self.in_title, self.others = Matches(in_title), Matches(others)

    def total(self) -> Total:
        titles = self.in_title.total()
        if titles.more:
            return titles
        others = self.others.total()
        both = titles.value + others.value
        return Total(min(both, MAX_COUNTED), both > MAX_COUNTED or others.more)

    def count(self) -> int:
        return self.total().value

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        head = self.in_title.count()
        rows = self.in_title[start : min(stop, head)] if start < head else []
        if stop > head:
            rows += self.others[max(start - head, 0) : stop - head]
        return rows


class CountedPaginator(Paginator):
    """Pages over Matches or TitleFirst: at most MAX_COUNTED matches (50 pages of 20)."""

    @cached_property
    def total(self) -> Total:
        return self.object_list.total()

    @cached_property
    def count(self) -> int:
        return self.total.value


@dataclass
class Kind:
    key: str
    label: str


KINDS = {
    k.key: k
    for k in [
        Kind("tin-tuc", "Tin bài"),
        Kind("van-ban", "Văn bản"),
        Kind("hoi-nghi", "Hội nghị"),
        Kind("lanh-dao", "Lãnh đạo"),
    ]
}
SORTS = {"moi-nhat": "Mới nhất", "lien-quan": "Liên quan nhất"}


def _date(value: str) -> datetime.date | None:
    try:
        return read_day(value)
    except (ValueError, TypeError):
        return None


@dataclass
class Query(ListFilters):
    text: str
    words: list[str]
    kind: str
    category: Category | None
    organization: Organization | None
    since: datetime.date | None
    until: datetime.date | None
    sort: str
    messages: list[str]
    # The query read as a document number: (kind, number, issuer code or "", year or None).
    number: tuple | None = None

    @classmethod
    def read(cls, params) -> "Query":
        raw = params.get("q", "")
        text = " ".join(raw.split())
        notes = []
        if len(text) > search.MAX_QUERY_CHARS:
            notes.append(f"Từ khóa quá dài: chỉ {search.MAX_QUERY_CHARS} ký tự đầu được dùng để tìm.")
            text = text[: search.MAX_QUERY_CHARS]
        words = search.query_tokens(text)
        if text and not words:
            notes.append("Từ khóa chỉ có dấu câu hoặc ký hiệu; hãy nhập chữ hoặc số cần tìm.")
        elif len(search.tokens(text)) > search.MAX_QUERY_TOKENS:
            notes.append(f"Chỉ {search.MAX_QUERY_TOKENS} từ đầu tiên của từ khóa được dùng để tìm.")
        kind = params.get("loai", "")
        category_slug, organization_slug = params.get("chuyen-muc", "")[:160], params.get("co-quan", "")[:120]
        category = Category.objects.filter(slug=category_slug).first() if category_slug else None
        organization = (
            Organization.objects.filter(slug=organization_slug).first() if organization_slug else None
        )
        since, until = _date(params.get("tu", "")), _date(params.get("den", ""))
        if since and until and since > until:
            since, until = until, since
        return cls(
            text=text,
            words=words,
            kind=kind if kind in KINDS else "",
            category=category,
            organization=organization,
            since=since,
            until=until,
            sort=params.get("sap-xep") if params.get("sap-xep") in SORTS else "moi-nhat",
            messages=notes,
            number=parse_symbol(text) if words else None,
        )

    def _range(self, field: str, *, dates: bool = False) -> Q:
        """The date range on ``field``: a date field, or a moment within those local days."""
        condition = Q()
        if self.since:
            condition &= Q(**{f"{field}__gte": self.since if dates else _start(self.since)})
        if self.until:
            if dates:
                condition &= Q(**{f"{field}__lte": self.until})
            else:
                condition &= Q(**{f"{field}__lt": _start(self.until + datetime.timedelta(days=1))})
        return condition

    # -- One queryset per kind -------------------------------------------------------------

    def articles(self):
        queryset = (
            search.matching(Article.objects.public(), self.words)
            .filter(self._range("published_at"))
            .select_related("category")
            .only("id", "title", "slug", "lead", "body", "published_at", "category__name", "category__slug")
        )
        if self.category is not None:
            queryset = queryset.filter(category__in=self.category.subtree_ids())
        queryset = queryset.order_by("-published_at", "-id")
        if self.sort == "lien-quan":
            in_title = search.holds_all(self.words, "search_title")
            return TitleFirst(queryset.filter(in_title), queryset.exclude(in_title))
        return queryset

    def documents(self):
        public = Document.objects.public().defer("search_text")
        queryset = search.matching(public, self.words)
        if self.number is not None:
            # A number: the document itself, whichever way it is written, and those whose
            # text carries the same words.
            by_number = self._by_number.values("pk")
            queryset = public.filter(Q(pk__in=by_number) | Q(pk__in=queryset.values("pk")))
        return self._documents_filtered(queryset)

    @cached_property
    def _by_number(self):
        """The public documents the query's number names, as the registry finds them
        (``DocumentQuerySet.matching``): made once, for the card and the list (a full symbol's
        issuer code is compared in Python, one query)."""
        return Document.objects.public().matching(self.text).defer("search_text")

    def _documents_filtered(self, queryset):
        queryset = queryset.filter(self._range("issued_on", dates=True))
        if self.organization is not None:
            # A Thành ủy's documents include those its Ban Thường vụ issues under its code.
            queryset = queryset.filter(issuer__in=issuer_group(self.organization))
        return queryset.select_related("issuer").order_by("-issued_on", "-id")

    def numbered(self) -> list[Document]:
        """The documents the query names by number ("21-NQ/TU", "21/NQ-TU", "NQ 21"), shown
        first, above everything, when the search is not narrowed to another type: as in the
        registry, through the same filters, newest first, one more than shown."""
        if self.number is None or self.category is not None or self.kind not in ("", "van-ban"):
            return []
        return list(self._documents_filtered(self._by_number)[: NUMBERED + 1])

    def names(self, reference: Reference) -> bool:
        """Whether a reference found in a text is the document the query's number names."""
        kind, number, issuer_code, year = self.number
        if (reference.kind, reference.number) != (kind, number):
            return False
        if (
            issuer_code
            and reference.issuer_code
            and issuer_key(issuer_code) != issuer_key(reference.issuer_code)
        ):
            return False
        return not (year and reference.year and year != reference.year)

    def mark(self, text: str, *, limit: int | None = None) -> str:
        """``text`` escaped, with what the reader looked for marked: a document number in any
        of its written forms, never the words it reads as ("tự" in "trật tự" for "21-NQ/TU");
        or the query's words (portal/search.py ``word_spans``)."""
        if self.number is not None:
            spans = [(ref.start, ref.end) for ref in find_references(text or "") if self.names(ref)]
        else:
            spans = search.word_spans(text, self.text)
        return search.highlight(text, spans, limit=limit)

    def meetings(self):
        queryset = search.matching(Meeting.objects.public(), self.words).filter(self._range("starts_at"))
        if self.organization is not None:
            queryset = queryset.filter(organization=self.organization)
        return queryset.defer("search_text").select_related("organization").order_by("-starts_at", "-id")

    def officials(self):
        if self.since or self.until or self.category or self.organization:
            return Official.objects.none()  # officials have no date, category or issuer
        return (
            search.matching(Official.objects.public(), self.words)
            .defer("search_text")
            .order_by("order", "full_name")
        )

    def matches(self, kind: str) -> "Matches | TitleFirst | None":
        if self.category is not None and kind != "tin-tuc":
            return None  # a category narrows the search to articles
        found = {
            "tin-tuc": self.articles,
            "van-ban": self.documents,
            "hoi-nghi": self.meetings,
            "lanh-dao": self.officials,
        }[kind]()
        return found if isinstance(found, TitleFirst) else Matches(found)

    def params(self) -> dict:
        values = {
            "q": self.text,
            "loai": self.kind,
            "chuyen-muc": self.category.slug if self.category else "",
            "co-quan": self.organization.slug if self.organization else "",
            "tu": f"{self.since:%d/%m/%Y}" if self.since else "",
            "den": f"{self.until:%d/%m/%Y}" if self.until else "",
            "sap-xep": self.sort if self.sort != "moi-nhat" else "",
        }
        return {name: value for name, value in values.items() if value}

    @property
    def filters_in_use(self) -> int:
        """How many filters narrow this search (the words aside), for the folded "Bộ lọc"."""
        return len([name for name in self.params() if name != "q"])

    def url(self, **changes) -> str:
        """This search (with ``changes``) as the query string of a link: "?q=…&loai=van-ban"."""
        return "?" + self.query_string(**changes)


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Result:
    kind: str
    title: str
    url: str
    date: object
    snippet: str
    meta: str


def _result(kind: str, obj, query: Query) -> Result:
    if kind == "tin-tuc":
        text = obj.lead or search.html_text(obj.body)
        return Result(
            kind,
            query.mark(obj.title),
            obj.get_absolute_url(),
            obj.published_at,
            query.mark(text, limit=SNIPPET_CHARS),
            obj.category.name,
        )
    if kind == "van-ban":
        return Result(
            kind,
            query.mark(obj.title),
            obj.get_absolute_url(),
            obj.issued_on,
            query.mark(obj.abstract, limit=SNIPPET_CHARS),
            obj.issuer.name,
        )
    if kind == "hoi-nghi":
        text = search.html_text(obj.summary) or obj.participants or obj.place
        return Result(
            kind,
            query.mark(obj.title),
            obj.get_absolute_url(),
            obj.starts_at,
            query.mark(text, limit=SNIPPET_CHARS),
            obj.organization.name,
        )
    text = obj.summary or search.html_text(obj.biography)
    return Result(
        kind,
        query.mark(obj.full_name),
        obj.get_absolute_url(),
        None,
        query.mark(text, limit=SNIPPET_CHARS),
        "",
    )


def result_rows(kind: str, objects, query: Query) -> list[Result]:
    return [_result(kind, obj, query) for obj in objects]


def numbered_rows(query: Query) -> tuple[list[tuple[Document, Result]], bool]:
    """The documents a number names (``Query.numbered``), each with its marked result, and
    whether there are more than shown."""
    documents = query.numbered()
    shown = documents[:NUMBERED]
    return list(zip(shown, result_rows("van-ban", shown, query), strict=True)), len(documents) > NUMBERED
