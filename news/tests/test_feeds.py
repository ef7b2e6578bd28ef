"""RSS feeds, the sitemap and robots.txt: valid XML with the right items."""

import datetime

import defusedxml.ElementTree as ET
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Publication
from meetings.tests.factories import DocumentFactory, MeetingFactory, OfficialFactory
from news.models import Article
from news.sitemaps import ArticleSitemap
from news.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, [
        (i.findtext("title"), i.findtext("link"), i.findtext("pubDate")) for i in channel.findall("item")
    ]


def test_the_news_feed_lists_public_articles_newest_first(client):
    now = timezone.now()
    older = ArticleFactory(title="Tin cũ hơn", published_at=now - datetime.timedelta(days=2))
    newer = ArticleFactory(title="Tin mới hơn", published_at=now - datetime.timedelta(hours=1))
    ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(title="Hẹn giờ", published_at=now + datetime.timedelta(days=1))
    ArticleFactory(title="Trong thùng rác", deleted_at=now)
    channel, items = rss(client, reverse("news:feed"))
    assert channel.findtext("language") == "vi"
    assert [title for title, _, _ in items] == [newer.title, older.title]
    assert items[0][1] == f"http://testserver{newer.get_absolute_url()}"
    assert all(pub for _, _, pub in items)


def test_a_category_feed_includes_its_subcategories(client):
    party = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Kiểm tra", parent=party)
    in_child = ArticleFactory(title="Tin kiểm tra", category=child)
    ArticleFactory(title="Tin chuyên mục khác")
    channel, items = rss(client, reverse("news:category_feed", args=[party.slug]))
    assert channel.findtext("title").startswith("Xây dựng Đảng")
    assert [title for title, _, _ in items] == [in_child.title]
    assert client.get(reverse("news:category_feed", args=["khong-co"])).status_code == 404


def test_the_documents_feed(client):
    document = DocumentFactory(number=21, abstract="Về chuyển đổi số")
    DocumentFactory(number=22, abstract="Chưa công bố", publication=Publication.DRAFT, published_at=None)
    _, items = rss(client, reverse("news:document_feed"))
    assert [title for title, _, _ in items] == [f"Nghị quyết số {document.symbol}: Về chuyển đổi số"]


def test_pages_advertise_their_feeds(client):
    category = CategoryFactory()
    page = client.get(category.get_absolute_url()).content.decode()
    assert 'type="application/rss+xml" title="Tin mới' in page and 'href="/rss/"' in page
    assert f'href="/rss/chuyen-muc/{category.slug}/"' in page
    assert 'href="/rss/van-ban/"' in client.get(reverse("meetings:documents")).content.decode()


def _urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return root, [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_the_sitemap_is_an_index_of_sections_with_lastmod(client, monkeypatch):
    article = ArticleFactory(title="Tin công khai")
    ArticleFactory(title="Bản nháp", status=Article.Status.DRAFT, published_at=None)
    meeting = MeetingFactory()
    document = DocumentFactory()
    official = OfficialFactory()
    root, sections = _urls(client, "/sitemap.xml")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    names = {s.rsplit("/", 1)[1] for s in sections}
    assert names == {
        f"sitemap-{n}.xml"
        for n in ("trang", "gioi-thieu", "bai-viet", "chuyen-muc", "hoi-nghi", "van-ban", "lanh-dao")
    }
    root, urls = _urls(client, "/sitemap-bai-viet.xml")
    assert urls == [f"http://testserver{article.get_absolute_url()}"]
    assert root.find("s:url/s:lastmod", SITEMAP_NS) is not None
    assert _urls(client, "/sitemap-hoi-nghi.xml")[1] == [f"http://testserver{meeting.get_absolute_url()}"]
    assert _urls(client, "/sitemap-van-ban.xml")[1] == [f"http://testserver{document.get_absolute_url()}"]
    assert _urls(client, "/sitemap-lanh-dao.xml")[1] == [f"http://testserver{official.get_absolute_url()}"]
    assert "http://testserver/" in _urls(client, "/sitemap-trang.xml")[1]
    # the English page of structure and contacts, which every installation starts with
    assert _urls(client, "/sitemap-gioi-thieu.xml")[1] == ["http://testserver/en/structure-and-contacts/"]


def test_a_section_past_its_limit_is_split_into_pages(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    cache.clear()
    _, sections = _urls(client, "/sitemap.xml")
    pages = [s for s in sections if "bai-viet" in s]
    base = "http://testserver/sitemap-bai-viet.xml"
    assert pages == [base, f"{base}?p=2", f"{base}?p=3"]
    assert len(_urls(client, "/sitemap-bai-viet.xml?p=3")[1]) == 1
    assert client.get("/sitemap-bai-viet.xml?p=9").status_code == 404
    # Unpatched, a page holds the 50,000 addresses the sitemap protocol allows.
    monkeypatch.undo()
    assert ArticleSitemap().limit == 50_000


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /xem-truoc/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
