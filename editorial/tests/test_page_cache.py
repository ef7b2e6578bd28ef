"""The page cache is never wrong: whatever staff change through the admin shows on every
public page that shows it, through the same code the admin runs, while readers' pages are
cached (portal/pagecache.py, portal/freshness.py)."""

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meetings.models import Publication
from meetings.tests.factories import DocumentFactory, MeetingFactory, OfficialFactory
from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.models import SiteSettings

from .helpers import form_data, page_form

pytestmark = pytest.mark.django_db

HOME = reverse("website:home")
FEED = reverse("news:feed")
SITEMAP = reverse("website:sitemap_section", kwargs={"section": "bai-viet"})


@pytest.fixture(autouse=True)
def site_settings():
    return SiteSettings.load()


@pytest.fixture
def category():
    return CategoryFactory(name="Xây dựng Đảng", slug="xay-dung-dang", show_in_menu=True)


def cached(client, *urls) -> dict[str, str]:
    """Read each page twice as a reader (the second from the cache); their text."""
    pages = {}
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response.get("X-Page-Cache") == "hit", url
        pages[url] = response.content.decode() if response.status_code == 200 else ""
    return pages


def reader_sees(client, url: str, text: str) -> bool:
    response = client.get(url)
    return response.status_code == 200 and text in response.content.decode()


def act(staff, article, transition="", **extra):
    """Save the article's admin form, pressing a workflow button if one is named."""
    data = form_data(article, **extra)
    if transition:
        data["_transition"] = transition
    response = staff.post(reverse("admin:news_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def press(staff, obj, transition=None, **changes):
    """Open a record's admin page, change some fields, and press a button (or save)."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = page_form(staff.get(url).content.decode())
    data.update({key: [value] for key, value in changes.items()})
    if transition:
        data["_transition"] = [transition]
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def news_pages(article) -> list[str]:
    """The pages that show an article's title, its own last."""
    category = reverse("news:category", args=[article.category.slug])
    return [HOME, category, reverse("news:latest"), FEED, article.get_absolute_url()]


def test_publishing_shows_everywhere_at_once(client, people, category):
    article = ArticleFactory(
        title="Khai mạc Hội nghị Thành ủy",
        category=category,
        status=Article.Status.SUBMITTED,
        published_at=None,
    )
    before = cached(client, *news_pages(article), SITEMAP)
    assert not any("Khai mạc Hội nghị Thành ủy" in page for page in before.values())
    assert article.slug not in before[SITEMAP]
    act(people["approver"], article, "publish")
    for url in news_pages(article):
        assert reader_sees(client, url, "Khai mạc Hội nghị Thành ủy"), url
    assert reader_sees(client, SITEMAP, article.get_absolute_url())


def test_an_edit_and_an_unpublishing_show_everywhere(client, people, category):
    article = ArticleFactory(title="Tiêu đề cũ của bài", category=category)
    cached(client, *news_pages(article))
    act(people["approver"], article, title="Tiêu đề mới của bài")
    for url in news_pages(article):
        assert reader_sees(client, url, "Tiêu đề mới của bài"), url
        assert "Tiêu đề cũ của bài" not in client.get(url).content.decode(), url

    article.refresh_from_db()
    cached(client, *news_pages(article))
    cached(client, SITEMAP)
    act(people["approver"], article, "unpublish")
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in news_pages(article)[:-1]:
        assert "Tiêu đề mới của bài" not in client.get(url).content.decode(), url
    assert article.get_absolute_url() not in client.get(SITEMAP).content.decode()


def test_a_scheduled_article_appears_at_its_time_with_no_job(client, people, category):
    article = ArticleFactory(
        title="Bài hẹn giờ đăng", category=category, status=Article.Status.SUBMITTED, published_at=None
    )
    at = timezone.localtime(timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    act(people["approver"], article, "schedule", schedule_at_0=f"{at:%d/%m/%Y}", schedule_at_1=f"{at:%H:%M}")
    cached(client, *news_pages(article))  # before its time: cached without it
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        for url in news_pages(article):
            assert reader_sees(client, url, "Bài hẹn giờ đăng"), url


def test_search_results_follow_publishing_and_withdrawal(client, people, category):
    """A search's results are kept between changes (website.views.search_page), yet an article
    published or withdrawn is found, or no longer found, at once."""
    search = reverse("website:search") + "?q=" + quote("khánh thành cầu Bài Thơ")
    article = ArticleFactory(
        title="Khánh thành cầu Bài Thơ",
        category=category,
        status=Article.Status.SUBMITTED,
        published_at=None,
    )
    link = f'href="{article.get_absolute_url()}"'
    assert link not in cached(client, search)[search]
    act(people["approver"], article, "publish")
    assert reader_sees(client, search, link)

    article.refresh_from_db()
    cached(client, search)
    act(people["approver"], article, "unpublish")
    assert link not in client.get(search).content.decode()


def test_the_trash_and_back(client, people, category):
    article = ArticleFactory(title="Bài sẽ vào thùng rác", category=category)
    cached(client, *news_pages(article))
    approver = people["approver"]
    delete = reverse("admin:news_article_delete", args=[article.pk])
    assert approver.post(delete, {"post": "yes"}).status_code == 302
    assert client.get(article.get_absolute_url()).status_code == 404
    for url in news_pages(article)[:-1]:
        assert "Bài sẽ vào thùng rác" not in client.get(url).content.decode(), url

    cached(client, *news_pages(article)[:-1])
    trash = reverse("admin:news_trashedarticle_changelist")
    approver.post(trash, {"action": "restore", "_selected_action": [article.pk]})
    for url in news_pages(article):
        assert reader_sees(client, url, "Bài sẽ vào thùng rác"), url


def test_renaming_a_category_shows_in_the_menu_of_every_page(client, admin_client, category):
    article = ArticleFactory(category=category)
    cached(client, HOME, article.get_absolute_url())
    press(admin_client, category, name="Công tác xây dựng Đảng")
    assert reader_sees(client, HOME, "Công tác xây dựng Đảng")
    assert reader_sees(client, article.get_absolute_url(), "Công tác xây dựng Đảng")


def test_site_settings_show_on_every_page(client, admin_client, category):
    article = ArticleFactory(category=category)
    cached(client, HOME, article.get_absolute_url())
    press(admin_client, SiteSettings.load(), tagline="Đoàn kết – Dân chủ – Kỷ cương")
    assert reader_sees(client, HOME, "Đoàn kết – Dân chủ – Kỷ cương")
    assert reader_sees(client, article.get_absolute_url(), "Đoàn kết – Dân chủ – Kỷ cương")


def test_records_edited_show_on_their_pages_and_lists(client, people, admin_client):
    official = OfficialFactory(full_name="Nguyễn Văn Thành")
    meeting = MeetingFactory(title="Hội nghị sơ kết quý III")
    document = DocumentFactory(abstract="Về chuyển đổi số trong các cơ quan Đảng")
    pages = {
        official: [reverse("meetings:officials"), official.get_absolute_url()],
        meeting: [reverse("meetings:meetings"), meeting.get_absolute_url()],
        document: [reverse("meetings:documents"), document.get_absolute_url()],
    }
    before = cached(client, *(url for urls in pages.values() for url in urls))
    press(admin_client, official, full_name="Nguyễn Văn Thắng")
    press(people["approver"], meeting, title="Hội nghị sơ kết quý IV")
    press(people["approver"], document, abstract="Về chuyển đổi số toàn diện")
    for record, text, old in [
        (official, "Nguyễn Văn Thắng", "Nguyễn Văn Thành"),
        (meeting, "Hội nghị sơ kết quý IV", "Hội nghị sơ kết quý III"),
        (document, "Về chuyển đổi số toàn diện", "Về chuyển đổi số trong các cơ quan Đảng"),
    ]:
        record.refresh_from_db()
        shown_in = [url for url in pages[record] if old in before[url]]
        assert shown_in, record
        for url in shown_in:
            assert reader_sees(client, url, text), url


def test_a_withdrawn_meeting_leaves_the_schedule(client, people):
    meeting = MeetingFactory(
        title="Hội nghị tuần này",
        starts_at=timezone.now() + datetime.timedelta(hours=3),
        publication=Publication.PUBLISHED,
    )
    cached(client, reverse("meetings:schedule"), meeting.get_absolute_url())
    assert "Hội nghị tuần này" in client.get(reverse("meetings:schedule")).content.decode()
    press(people["approver"], meeting, "unpublish")
    assert "Hội nghị tuần này" not in client.get(reverse("meetings:schedule")).content.decode()
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_midnight_renews_the_date_in_the_header(client):
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=False):
        cached(client, HOME)
        assert f"{noon:%d/%m/%Y}" in client.get(HOME).content.decode()
    tomorrow = noon + datetime.timedelta(hours=12, seconds=1)
    with time_machine.travel(tomorrow, tick=False):
        assert f"{tomorrow:%d/%m/%Y}" in client.get(HOME).content.decode()
