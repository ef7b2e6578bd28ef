"""/sitemap.xml and robots.txt."""

import defusedxml.ElementTree as ET
import pytest
from django.core.cache import cache
from django.utils import timezone

from meetings.tests.factories import DocumentFactory, MeetingFactory, OfficialFactory
from news.models import Article
from news.sitemaps import ArticleSitemap
from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


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
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    cache.clear()
    _, sections = _urls(client, "/sitemap.xml")
    pages = [s for s in sections if "bai-viet" in s]
    base = "http://testserver/sitemap-bai-viet.xml"
    assert pages == [base, f"{base}?p=2", f"{base}?p=3"]
    assert len(_urls(client, "/sitemap-bai-viet.xml?p=3")[1]) == 1
    assert client.get("/sitemap-bai-viet.xml?p=9").status_code == 404
    # Unpatched, a page holds 5,000 addresses (the protocol allows 50,000): about 1 MB.
    monkeypatch.undo()
    assert ArticleSitemap().limit == 5_000


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /xem-truoc/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("articles", [2, 30])
def test_the_index_reads_no_list_in_full(client, full_render, django_assert_num_queries, articles):
    """Each section's newest change comes from one MAX, not from reading all its entries."""
    ArticleFactory.create_batch(articles)
    with django_assert_num_queries(10):
        index = client.get("/sitemap.xml").content.decode()
    newest = timezone.localtime(max(Article.objects.values_list("updated_at", flat=True)))
    # In local time: from 17:00 UTC, the UTC date is the day before Hạ Long's.
    assert f"<lastmod>{newest.isoformat()}</lastmod>" in index
