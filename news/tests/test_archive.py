"""Date archives (/tin-tuc/luu-tru/2022/06/) and "Tin mới" on article pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from news.models import Article, Category
from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [a.title for a in response.context["articles"]]


def test_a_month_holds_its_local_days(client):
    # 00:30 on 1 June in Hạ Long is still 31 May in UTC: it belongs to June.
    june_first = ArticleFactory(
        title="Đầu tháng 6", published_at=datetime.datetime(2022, 6, 1, 0, 30, tzinfo=HANOI)
    )
    june_last = ArticleFactory(
        title="Cuối tháng 6", published_at=datetime.datetime(2022, 6, 30, 23, 50, tzinfo=HANOI)
    )
    ArticleFactory(title="Tháng 5", published_at=datetime.datetime(2022, 5, 31, 23, 59, tzinfo=HANOI))
    ArticleFactory(title="Tháng 7", published_at=datetime.datetime(2022, 7, 1, 0, 0, tzinfo=HANOI))
    ArticleFactory(
        title="Nháp tháng 6",
        status=Article.Status.DRAFT,
        published_at=datetime.datetime(2022, 6, 5, tzinfo=HANOI),
    )
    assert titles(client, reverse("news:archive_month", args=[2022, 6])) == [
        june_last.title,
        june_first.title,
    ]
    page = client.get(reverse("news:archive_month", args=[2022, 6])).content.decode()
    assert '<h1 class="page-title">Tin tháng 06/2022</h1>' in page
    assert 'href="/tin-tuc/luu-tru/2022/5/"' in page and 'href="/tin-tuc/luu-tru/2022/7/"' in page
    assert len(titles(client, reverse("news:archive_year", args=[2022]))) == 4
    assert titles(client, reverse("news:archive_month", args=[2022, 12])) == []


def test_december_and_impossible_dates(client):
    december = ArticleFactory(
        title="Tháng 12", published_at=datetime.datetime(2021, 12, 31, 23, 0, tzinfo=HANOI)
    )
    ArticleFactory(title="Năm mới", published_at=datetime.datetime(2022, 1, 1, 0, 0, tzinfo=HANOI))
    assert titles(client, reverse("news:archive_month", args=[2021, 12])) == [december.title]
    for args in ([2022, 13], [2022, 0], [10, 1], [99999, 1]):
        assert client.get(reverse("news:archive_month", args=args)).status_code == 404


def test_luu_tru_is_not_a_category_slug():
    category = Category(name="Lưu trữ")
    category.save()
    assert category.slug != "luu-tru"
    with pytest.raises(ValidationError):
        Category(name="Khác", slug="luu-tru").full_clean()


def test_an_article_page_lists_the_newest_news(client):
    articles = ArticleFactory.create_batch(7)
    current = articles[0]
    page = client.get(current.get_absolute_url())
    latest = [a.title for a in page.context["latest"]]
    assert len(latest) == 5 and current.title not in latest
    assert 'id="tin-moi">Tin mới</h2>' in page.content.decode()


def test_the_month_list_follows_the_articles(client):
    """The months with news are remembered per content version: a new month shows at once."""
    ArticleFactory(published_at=datetime.datetime(2022, 6, 10, 9, 0, tzinfo=HANOI))
    url = reverse("news:archive_year", args=[2022])
    assert client.get(url).context["months"] == [(2022, 6)]
    ArticleFactory(published_at=datetime.datetime(2022, 3, 2, 9, 0, tzinfo=HANOI))
    assert client.get(url).context["months"] == [(2022, 6), (2022, 3)]
