"""The long lists of news are paged by key (portal/paging.py): every page, the last one too,
is the same slice of the list as before, for a fixed number of queries and without OFFSET."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory, TagFactory
from portal import freshness
from portal.models import SiteSettings
from portal.paging import KeysetPaginator

# Pages are rendered each time (the page cache would answer a second request itself).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def make_articles(count: int, **fields) -> list[Article]:
    """``count`` public articles on only a few distinct moments, so that many share one and
    their order among themselves is the id's. Each save starts a new content version."""
    SiteSettings.load()  # made by the first page otherwise, which would be a change of the content
    start = timezone.now().replace(microsecond=0) - timedelta(days=1)
    articles = [
        ArticleFactory(published_at=start - timedelta(minutes=(i % 7) * (i // 7)), **fields)
        for i in range(count)
    ]
    return articles


def pages_of(paginator) -> list[list[int]]:
    return [[a.pk for a in paginator.page(n)] for n in paginator.page_range]


@pytest.mark.parametrize(("per_page", "orphans"), [(5, 0), (7, 0), (5, 2), (50, 0)])
def test_every_page_is_the_slice_of_the_plain_list(per_page, orphans):
    """With ties on the publication time, each page holds the rows OFFSET would give it."""
    make_articles(38)
    make = lambda: Article.objects.public().for_cards().newest()  # noqa: E731
    by_key, by_offset = KeysetPaginator(make(), per_page, orphans), Paginator(make(), per_page, orphans)
    assert by_key.keys is not None
    assert (by_key.count, by_key.num_pages) == (by_offset.count, by_offset.num_pages)
    assert pages_of(by_key) == pages_of(by_offset)
    assert [pk for page in pages_of(by_key) for pk in page] == list(make().values_list("pk", flat=True))


def page_ids(client, url: str, page) -> list[int]:
    response = client.get(url, {"trang": page})
    assert response.status_code == 200, (url, page)
    return [a.pk for a in response.context["articles"]]


@pytest.mark.parametrize("kind", ["category", "tag", "latest", "archive"])
def test_a_reader_walks_every_page_to_the_last(client, kind):
    """Each list's pages, read one after the other, are the whole list in order; "?trang=last"
    is the last page, the page after it a 404, and the page links are those of before."""
    parent = CategoryFactory()
    tag = TagFactory()
    articles = make_articles(30, category=CategoryFactory(parent=parent), tags=[tag])
    make_articles(15, category=parent, tags=[tag])
    url = {
        "category": parent.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "latest": reverse("news:latest"),
        "archive": reverse("news:archive_year", args=[timezone.localtime(articles[0].published_at).year]),
    }[kind]
    year = timezone.localtime(articles[0].published_at).year
    expected = [
        a.pk
        for a in Article.objects.public().newest()
        if kind != "archive" or timezone.localtime(a.published_at).year == year
    ]
    pages = Paginator(expected, 20)
    walked = [page_ids(client, url, n) for n in pages.page_range]
    assert walked == [pages.page(n).object_list for n in pages.page_range]
    assert page_ids(client, url, "last") == walked[-1]
    assert client.get(url, {"trang": pages.num_pages + 1}).status_code == 404
    response = client.get(url, {"trang": 2})
    assert response.context["page_range"] == list(pages.get_elided_page_range(2, on_each_side=2))


@pytest.mark.parametrize("kind", ["category", "latest"])
def test_a_page_costs_the_same_queries_at_any_depth_and_any_length(client, kind):
    """3 or 60 articles, page 1, a middle one or the last: the same number of queries, and
    no OFFSET in any of them."""
    counts = []
    for size in (3, 60):
        Article.objects.all().delete()
        category = CategoryFactory()
        make_articles(size, category=category)
        url = category.get_absolute_url() if kind == "category" else reverse("news:latest")
        middle = ((size + 19) // 20 + 1) // 2
        for page in ("1", str(middle), "last"):
            client.get(url, {"trang": page})  # the site settings and the list's anchors
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"trang": page}).status_code == 200
            counts.append(len(queries))
            assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    assert len(set(counts)) == 1, counts


def test_the_anchors_are_read_once_per_content_version():
    """A second paginator over the list reads only its page; a new version reads the
    anchors again (two queries: the anchors and the last page's length)."""
    make_articles(25)
    with CaptureQueriesContext(connection) as first:
        list(KeysetPaginator(Article.objects.public().newest(), 10).page(3))
    with CaptureQueriesContext(connection) as again:
        list(KeysetPaginator(Article.objects.public().newest(), 10).page(3))
    freshness.content_changed()
    with CaptureQueriesContext(connection) as renewed:
        list(KeysetPaginator(Article.objects.public().newest(), 10).page(3))
    assert (len(first), len(again), len(renewed)) == (3, 1, 3)


def test_publishing_and_unpublishing_moves_every_page():
    """Once the version changes, the pages follow an article published or taken down."""
    make_articles(21)
    newest = lambda: KeysetPaginator(Article.objects.public().newest(), 10)  # noqa: E731
    before = pages_of(newest())
    fresh = ArticleFactory(published_at=timezone.now() - timedelta(seconds=1))
    after = pages_of(newest())
    assert after[0][0] == fresh.pk
    assert [pk for page in after for pk in page] == [fresh.pk, *(pk for page in before for pk in page)]
    Article.objects.filter(pk=fresh.pk).update(status=Article.Status.UNPUBLISHED)
    freshness.content_changed()  # QuerySet.update sends no signal: its callers say so (the workflow)
    assert pages_of(newest()) == before


def test_a_scheduled_article_joins_the_pages_when_its_time_comes(client):
    """The version ends at the article's publication time, and the anchors with it."""
    make_articles(20)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    url = reverse("news:latest")
    assert scheduled.pk not in page_ids(client, url, 1)
    assert client.get(url, {"trang": 2}).status_code == 404
    with time_machine.travel(timedelta(hours=2)):
        assert page_ids(client, url, 1)[0] == scheduled.pk
        assert len(page_ids(client, url, "last")) == 1


def test_requests_at_different_moments_of_a_version_share_the_anchors():
    """public() compares with the time of the request; within a version that time is any
    moment of its span, so a later request finds the anchors an earlier one read."""
    make_articles(12)
    list(KeysetPaginator(Article.objects.public().newest(), 5).page(2))
    _token, _since, until = freshness.current_span()
    halfway = min((until - timezone.now()) / 2, timedelta(minutes=1))
    with time_machine.travel(halfway), CaptureQueriesContext(connection) as later:
        list(KeysetPaginator(Article.objects.public().newest(), 5).page(2))
    assert len(later) == 1


def test_an_empty_list_has_one_empty_page(client):
    """No article yet: page 1 is empty, page 2 does not exist."""
    category = CategoryFactory()
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200 and list(response.context["articles"]) == []
    assert client.get(category.get_absolute_url(), {"trang": 2}).status_code == 404
    assert list(KeysetPaginator(Article.objects.none().newest(), 5).page(1)) == []


@pytest.mark.parametrize(
    "ordering",
    [
        [F("published_at").desc(), "-pk"],
        ["published_at", "id"],
        ["-published_at", "title", "-id"],
    ],
)
def test_orderings_of_own_columns_are_read_by_key(ordering):
    """Any direction of the listed table's own columns, ending with the primary key."""
    make_articles(17)
    make = lambda: Article.objects.public().order_by(*ordering)  # noqa: E731
    by_key = KeysetPaginator(make(), 4)
    assert by_key.keys is not None
    assert pages_of(by_key) == pages_of(Paginator(make(), 4))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Article.objects.public().order_by("-view_count"),  # not unique
        lambda: Article.objects.public().order_by(Lower("title"), "id"),  # an expression
        lambda: Article.objects.public().order_by("category__name", "id"),  # another table
        lambda: Article.objects.public().order_by("-category", "-id"),  # the category's ordering
        lambda: Article.objects.public().most_read(),  # an annotation
        lambda: Article.objects.order_by("-published_at", "-id"),  # drafts without a date: NULL
        lambda: Article.objects.public().newest().reverse(),
        lambda: Article.objects.public().newest().distinct(),
    ],
)
def test_other_lists_are_paged_by_offset_as_before(make):
    """What cannot be read by key is paged by the plain Paginator, with the same pages."""
    make_articles(9)
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    by_key = KeysetPaginator(make(), 4)
    assert by_key.keys is None
    assert pages_of(by_key) == pages_of(Paginator(make(), 4))


def test_a_filter_through_another_article_does_not_prove_a_date():
    """NULL is excluded only by a condition on the listed rows' own column."""
    make_articles(3)
    related = Article.objects.filter(category__articles__published_at__lte=timezone.now())
    assert KeysetPaginator(related.order_by("-published_at", "-id"), 2).keys is None
    assert KeysetPaginator(related.filter(published_at__isnull=False).newest(), 2).keys is not None


def test_the_archive_of_a_past_year_is_read_by_key(client):
    """An archive's bounds are moments long past: they key the anchors as they are."""
    for day in range(1, 26):
        ArticleFactory(published_at=datetime.datetime(2022, 3, day, 9, tzinfo=datetime.UTC))
    url = reverse("news:archive_month", args=[2022, 3])
    assert len(page_ids(client, url, 1)) == 20
    with CaptureQueriesContext(connection) as queries:
        assert len(page_ids(client, url, "last")) == 5
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_a_page_states_its_bounds_before_the_lists_conditions():
    """SQLite walks the index from the first of two bounds on published_at it meets: the
    page's own must come before public()'s "up to now", or a deep page reads from the top."""
    make_articles(45)
    page = KeysetPaginator(Article.objects.public().newest(), 10).page(3)
    sql = str(page.object_list.query)
    assert sql.index('"news_article"."id" <=') < sql.index('"news_article"."status" =')
