"""What search engines and shared links see of an article: Open Graph, Twitter card, JSON-LD
(NewsArticle, BreadcrumbList), canonical URLs, and old slugs redirected."""

import pytest
from django.utils import timezone

from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload
from portal.tests.structured import ld, meta

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    party = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Kiểm tra, giám sát", parent=party)
    cover = save_image(upload(jpeg_bytes(1200, 800, gps=False)), alt_text="Quang cảnh hội nghị")
    return ArticleFactory(
        title="Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 14",
        lead="Sáng 28/3, Thành ủy tổ chức hội nghị.",
        category=child,
        cover=cover,
        byline="Trần Thanh",
    )


def test_an_article_has_open_graph_twitter_and_canonical_tags(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    tags = meta(page)
    assert f'<link rel="canonical" href="{url}">' in page
    assert tags["og:type"] == "article" and tags["og:url"] == url and tags["og:locale"] == "vi_VN"
    assert tags["og:title"] == article.title and tags["og:description"] == article.lead
    assert tags["og:image"] == f"http://testserver{article.cover.file.url}" and tags["og:image"].endswith(
        ".jpg"
    )
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "800")
    assert tags["og:image:alt"] == "Quang cảnh hội nghị"
    assert tags["article:published_time"] == timezone.localtime(article.published_at).isoformat()
    assert tags["article:section"] == "Kiểm tra, giám sát"
    assert tags["twitter:card"] == "summary_large_image" and tags["twitter:image"] == tags["og:image"]


def test_an_article_has_news_article_and_breadcrumb_json_ld(client, article):
    news, crumbs = ld(client.get(article.get_absolute_url()).content.decode())
    assert news["@type"] == "NewsArticle" and news["headline"] == article.title
    assert news["datePublished"] == timezone.localtime(article.published_at).isoformat()
    assert news["image"][0]["url"].endswith(article.cover.file.url)
    assert news["author"] == {"@type": "Person", "name": "Trần Thanh"}
    assert news["publisher"]["name"] == "Thành ủy Hạ Long" and news["inLanguage"] == "vi"
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [
        (1, "Trang chủ"),
        (2, "Xây dựng Đảng"),
        (3, "Kiểm tra, giám sát"),
        (4, article.title),
    ]


def test_json_ld_cannot_break_out_of_its_script(client):
    article = ArticleFactory(title="Tiêu đề </script><script>alert(1)</script>", cover=None)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert ld(page)[0]["headline"] == article.title
    assert meta(page)["twitter:card"] == "summary"  # no photo


def test_a_changed_slug_keeps_the_old_address_working(client, article):
    first = article.get_absolute_url()
    article.slug = "hoi-nghi-lan-thu-14"
    article.save()
    second = article.get_absolute_url()
    article.slug = "hoi-nghi-bch-lan-thu-14"
    article.save()
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    # Another article may take an old slug: its own page wins, the redirect is dropped.
    other = ArticleFactory(slug="hoi-nghi-lan-thu-14", category=article.category)
    assert client.get(second).status_code == 200 and other.title in client.get(second).content.decode()
    # An old address of an article readers may not see is a 404.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get(first).status_code == 404
