"""The page cache (portal/pagecache.py): what it keeps, for whom, and how it answers."""

import gzip
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from news.tests.factories import ArticleFactory
from portal import freshness, pagecache
from portal.models import SiteSettings
from portal.pagecache import page_key
from portal.signals import UNWATCHED, WATCHED

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36"}


@pytest.fixture(autouse=True)
def site_settings():
    """Made on the first page otherwise, which is a change of the content."""
    return SiteSettings.load()


@pytest.fixture
def article():
    return ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 12")


def test_a_readers_page_is_served_from_the_cache_without_the_database(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    # The headers the inner middleware set travel with the page.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["X-Frame-Options"] == "DENY"
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_browsers_get_gzip_and_a_304_when_nothing_changed(client, article):
    plain = client.get(article.get_absolute_url())
    zipped = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]
    assert zipped["ETag"] == plain["ETag"]
    assert zipped["Cache-Control"] == "public, max-age=0, s-maxage=3"

    revalidated = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=plain["ETag"])
    assert revalidated.status_code == 304
    assert revalidated.content == b""

    article.title = "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 13"
    article.save()
    changed = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=plain["ETag"])
    assert changed.status_code == 200
    assert "lần thứ 13" in changed.content.decode()


def test_a_page_seen_again_through_a_304_is_counted_like_the_first(client, article):
    with mock.patch("widgets.counting.record") as record:
        first = client.get(article.get_absolute_url(), **BROWSER)
        client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"], **BROWSER)
        client.get(article.get_absolute_url(), **BROWSER)
    assert [call.args[1] for call in record.call_args_list] == [article.slug] * 3


def test_staff_never_get_nor_leave_a_cached_page(client, admin_client, article):
    url = article.get_absolute_url()
    staff_view = admin_client.get(url)
    assert staff_view.status_code == 200
    assert "X-Page-Cache" not in staff_view
    assert client.get(url)["X-Page-Cache"] == "miss"  # the staff view was not kept
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in admin_client.get(url)  # nor is the readers' copy served to staff


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_request_with_a_session_form_or_message_cookie_passes_by(client, article, cookie):
    client.get(article.get_absolute_url())
    client.cookies[cookie] = "x"
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_previews_and_responses_setting_cookies_are_not_kept(client, admin_client):
    draft = ArticleFactory(status="draft", published_at=None)
    preview = admin_client.get(reverse("editorial:preview", args=[draft.pk]))
    assert preview.status_code == 200 and "private" in preview["Cache-Control"]
    login = client.get(reverse("admin:login"))
    assert "X-Page-Cache" not in login


def test_tracking_parameters_of_shared_links_do_not_split_the_cache(client, rf, article):
    url = article.get_absolute_url()
    client.get(url)
    shared = client.get(url + "?fbclid=IwAR3xyz&utm_source=zalo&zarsrc=30")
    assert shared["X-Page-Cache"] == "hit"
    assert page_key(rf.get(url, {"trang": 2})) != page_key(rf.get(url))


def test_a_missing_page_is_kept_too_and_found_once_published(client):
    article = ArticleFactory(status="draft", published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    article.status = "published"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_head_request_is_answered_from_the_cache(client, article):
    client.get(article.get_absolute_url())
    head = client.head(article.get_absolute_url())
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"


def test_the_cache_can_be_turned_off(client, settings, article):
    settings.PORTAL_PAGE_CACHE = False
    client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_an_entry_never_outlives_its_version(client, article, monkeypatch):
    """Entries are kept at most PORTAL_PAGE_CACHE_SECONDS, and less when the version ends
    sooner (the next scheduled publication, midnight)."""
    stored = []
    real = pagecache.cache

    class Spy:
        get = real.get

        def set(self, key, value, timeout):
            stored.append(timeout)

    monkeypatch.setattr(pagecache, "cache", Spy())
    monkeypatch.setattr(freshness, "seconds_left", lambda: 42.5)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(freshness, "seconds_left", lambda: 4000)
    client.get(reverse("website:home"))
    assert stored == [42, 120]


class CountingCache:
    """The shared cache, counting how often a page is read from it."""

    def __init__(self, real):
        self.real, self.reads = real, 0

    def get(self, key, default=None):
        self.reads += key.startswith("page:")
        return self.real.get(key, default)

    def set(self, *args, **kwargs):
        return self.real.set(*args, **kwargs)


def test_a_page_read_again_is_answered_from_the_process_copy_for_a_few_seconds(
    client, article, monkeypatch, settings
):
    shared = CountingCache(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", shared)
    clock = [1000.0]
    monkeypatch.setattr(pagecache, "_monotonic", lambda: clock[0])
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    for _ in range(3):
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert shared.reads == 1  # the first request's miss only

    clock[0] += settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS + 0.1
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert shared.reads == 2  # the copy ended: read from the shared cache again
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert shared.reads == 2  # and copied again

    pagecache.forget_copies()  # as another process, which has no copy
    client.get(url)
    assert shared.reads == 3

    settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS = 0
    pagecache.forget_copies()
    client.get(url)
    client.get(url)
    assert shared.reads == 5


def test_a_copy_never_outlives_its_entry(client, article, monkeypatch):
    """An entry ending in 2 seconds (the version does) is copied for 2 seconds, not 5."""
    monkeypatch.setattr(freshness, "seconds_left", lambda: 2.5)
    client.get(article.get_absolute_url())
    key = next(iter(pagecache._copies))
    _entry, until = pagecache._copies[key]
    assert 1.5 < until - pagecache._monotonic() <= 2


def test_a_change_shows_at_once_despite_the_copies(client, article):
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "Hội nghị lần thứ 13"
    article.save()
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "Hội nghị lần thứ 13" in page.content.decode()


def test_every_model_of_the_portal_is_watched_or_declared_unwatched():
    """A new model must say whether its changes change what readers see (portal.signals)."""
    ours = [
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in config.path
        for model in config.get_models()
    ]
    undeclared = [model._meta.label for model in ours if model not in WATCHED | UNWATCHED]
    assert undeclared == []
    assert {"news.Article", "news.TrashedArticle", "meetings.Meeting", "portal.SiteSettings"} <= {
        model._meta.label for model in WATCHED
    }


def test_an_articles_remembered_text_keeps_the_address_it_was_read_at(client, settings, article):
    """Its canonical and share links are absolute: each origin gets its own."""
    settings.ALLOWED_HOSTS = ["testserver", "thanhuyhalong.vn"]
    client.get(article.get_absolute_url())
    other = client.get(article.get_absolute_url(), HTTP_HOST="thanhuyhalong.vn").content.decode()
    assert f"http://thanhuyhalong.vn{article.get_absolute_url()}" in other
    assert "http://testserver/" not in other


def _parts_kept(client, url: str) -> list[str]:
    """The fragments the article's page kept in the shared cache while rendering ``url``."""
    with mock.patch.object(freshness, "remember", wraps=freshness.remember) as remember:
        assert client.get(url, **BROWSER).status_code == 200
    return [call.args[0] for call in remember.call_args_list if call.kwargs.get("shared")]


def test_a_page_the_page_cache_keeps_is_rendered_without_a_copy_of_its_parts(client, article):
    assert _parts_kept(client, article.get_absolute_url()) == []
    # A reader the page cache does not serve (a form's cookie): the parts are kept for them.
    client.cookies["csrftoken"] = "x" * 32
    assert _parts_kept(client, article.get_absolute_url()) == [
        f"news:article:2:http://testserver:{article.slug}"
    ]


def test_parts_kept_longer_than_the_page_are_kept_even_when_the_page_is(rf, settings):
    request = rf.get("/tim-kiem/?q=hội+nghị")
    request.page_cache_keeps = True
    with mock.patch.object(freshness, "remember", return_value="kept") as remember:
        built = pagecache.remember_parts(
            request, "k", lambda: "built", seconds=settings.PORTAL_PAGE_CACHE_SECONDS
        )
        longer = pagecache.remember_parts(
            request, "k", lambda: "built", seconds=settings.PORTAL_PAGE_CACHE_SECONDS + 1
        )
    assert (built, longer) == ("built", "kept")
    assert remember.call_count == 1
