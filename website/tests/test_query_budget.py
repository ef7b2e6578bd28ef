"""Pages run a fixed number of queries, however many articles there are."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.tests.factories import DocumentFactory, MeetingFactory, MeetingPhotoFactory, OrganizationFactory
from news.models import Article, Category, Tag
from portal import freshness
from portal.images import save_image
from portal.models import Link, SiteSettings
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def _build_site(article_count: int):
    """Categories (with a subcategory), tags, a photo and ``article_count`` articles."""
    SiteSettings.load()  # made by the first page otherwise, a change of the content
    home = Category.objects.create(name="Hoạt động của Thành ủy", show_on_home=True, order=1)
    child = Category.objects.create(name="Hội nghị", parent=home, order=2)
    other = Category.objects.create(name="Kinh tế - Xã hội", show_on_home=True, order=3)
    tags = [Tag.objects.create(name=f"Từ khóa {i}") for i in range(3)]
    photo = save_image(upload(jpeg_bytes(600, 400, gps=False)))
    now = timezone.now()
    categories = [home, child, other]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bài viết số {i}",
            slug=f"bai-viet-so-{i}",
            lead="Sapo.",
            body="<p>Nội dung.</p>",
            category=categories[i % 3],
            status=Article.Status.PUBLISHED,
            cover=photo,
            published_at=now - timedelta(minutes=i + 1),
            is_featured=i % 7 == 0,
            view_count=i,
        )
        for i in range(article_count)
    )
    through = Article.tags.through
    through.objects.bulk_create(through(article_id=a.pk, tag_id=t.pk) for a in articles for t in tags)
    freshness.content_changed()  # bulk writes send no signals: say so, as the portal's own code does
    return home, tags[0], articles[0]


def _home_records(count: int) -> None:
    """What the home page's own blocks show, ``count`` of each: documents, meetings this week
    (with photos: albums), links to other portals."""
    organization = OrganizationFactory()
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(7)))
    for n in range(count):
        DocumentFactory(issuer=organization)
        meeting = MeetingFactory(organization=organization, starts_at=start + timedelta(days=n % 7, hours=n))
        MeetingPhotoFactory(meeting=meeting, is_cover=True)
        MeetingPhotoFactory(meeting=meeting)
        Link.objects.create(title=f"Cổng thông tin {n}", url=f"https://cong{n}.gov.vn/")


def _count_queries(client, url: str, *, remembered: bool = False) -> int:
    """Queries of a page read a second time: with nothing of the content remembered (just
    after a change: a full render), or (``remembered``) with the fragments kept."""
    client.get(url)  # warm the site-settings cache, as in production
    if not remembered:
        freshness.content_changed()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["home", "category", "tag", "article", "latest"])
def test_query_count_does_not_grow_with_articles(client, page):
    """10 or 300 articles: the same number of queries on every public page."""
    counts = []
    for size in (10, 300):
        Article.objects.all().delete()
        Tag.objects.all().delete()
        Category.objects.filter(parent__isnull=False).delete()
        Category.objects.all().delete()
        category, tag, article = _build_site(size)
        url = {
            "home": "/",
            "category": category.get_absolute_url(),
            "tag": tag.get_absolute_url(),
            "article": article.get_absolute_url(),
            "latest": "/tin-tuc/",
        }[page]
        counts.append(_count_queries(client, url))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 10 articles, {counts[1]} with 300"


# The article page's 5: the article with its cover and tags (news.reading), its cross-links
# (cited documents, named officials, in one query), the category's newest cards, "Tin mới",
# and the categories (its trail and the menu, kept per version; a category page finds
# itself among them too).
# "Đọc nhiều" in the sidebar is cached, like the boxes. Just after a change, a list reads
# its paging anchors and the length of its last page (portal/paging.py), two queries that
# replace the count.
# The home page's 10: the featured, latest and per-category articles and the categories (4),
# then one query each for "Văn bản mới", "Lịch công tác tuần này" and "Liên kết", and two for
# "Thư viện ảnh" (the albums with their photo counts, then their covers).
@pytest.mark.parametrize(("page", "budget"), [("home", 10), ("category", 4), ("article", 5)])
def test_pages_stay_within_their_query_budget(client, page, budget):
    """Each page's query count is pinned, so an accidental N+1 fails here."""
    category, _tag, article = _build_site(30)
    if page == "home":
        _home_records(3)
    url = {"home": "/", "category": category.get_absolute_url(), "article": article.get_absolute_url()}[page]
    assert _count_queries(client, url) == budget


def test_home_blocks_cost_the_same_with_few_or_many_rows(client):
    """One or nine documents, meetings this week, albums and links: the same queries."""
    _build_site(10)
    counts = []
    for count in (1, 8):
        _home_records(count)  # 1, then 9 of each
        counts.append(_count_queries(client, "/"))
    assert counts[0] == counts[1] == 10


@pytest.mark.parametrize(("page", "budget"), [("home", 0), ("category", 0), ("article", 0)])
def test_remembered_fragments_leave_few_queries(client, page, budget):
    """Between two changes of the content, the menu, the footer, the home page's sections and
    an article's page are remembered: the article's is found by its address, with no query;
    a category's page finds its category among those kept, and its cards and anchors too."""
    category, _tag, article = _build_site(30)
    if page == "home":
        _home_records(3)
    url = {"home": "/", "category": category.get_absolute_url(), "article": article.get_absolute_url()}[page]
    assert _count_queries(client, url, remembered=True) == budget
