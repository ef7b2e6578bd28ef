"""RSS feeds of the news: valid RSS 2.0 with the right items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.tests.feeds import rss

pytestmark = pytest.mark.django_db


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


def test_pages_advertise_their_feeds(client):
    category = CategoryFactory()
    page = client.get(category.get_absolute_url()).content.decode()
    assert 'type="application/rss+xml" title="Tin mới' in page and 'href="/rss/"' in page
    assert f'href="/rss/chuyen-muc/{category.slug}/"' in page
    assert 'href="/rss/van-ban/"' in client.get(reverse("meetings:documents")).content.decode()
