"""The sidebar boxes in Chromium: filled from the demo snapshots, live visitor numbers."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from portal.models import SiteSettings
from widgets import counting
from widgets.models import VisitorActivity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sidebar_boxes_fit_a_phone_and_the_visitor_numbers_refresh(live_server, open_page, screenshot_dir):
    """On a 360 px phone the three boxes show their data without sideways scrolling, and the
    visitor numbers update from /thong-ke/truy-cap.json when the reader returns to the tab."""
    call_command("seed_demo", articles=3, photos=0, meetings=0, album_photos=0, verbosity=0)
    page = open_page(360, 800)
    page.goto(live_server.url + "/")
    for title in ("Thời tiết", "Tỷ giá ngoại tệ", "Thống kê truy cập"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".widget-weather .weather-temperature")).to_contain_text("°C")
    expect(page.locator(".rates-table tbody tr")).to_have_count(9)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".page-sidebar").screenshot(path=screenshot_dir / "sidebar-360.png")

    online = page.locator('[data-stat="online"]')
    before = online.inner_text()
    for n in range(3):
        counting.record_in_database(f"reader-{n}")
    cache.delete(counting.STATS_CACHE_KEY)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(online).not_to_have_text(before)
    expect(online).to_have_text("3")
    assert page.console_errors == []


READER = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


# Before the page's own script can touch the box: the number as the server wrote it.
NUMBER_AS_SERVED = """
document.addEventListener("DOMContentLoaded", () => {
  window.onlineAsServed = document.querySelector('[data-stat="online"]').textContent;
}, { once: true });
"""


def _open_as_reader(browser, url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", user_agent=READER)
    context.add_init_script(NUMBER_AS_SERVED)
    page = context.new_page()
    return context, page, page.goto(url)


def test_a_freshly_opened_page_never_shows_nobody_online(live_server, browser):
    """The first reader of a quiet site (nobody counted yet, the numbers taken before their own
    view counts) reads "Đang online 1", not 0: on the page as made, on the copy the page cache
    gives the next reader, and after the live refresh."""
    SiteSettings.load()
    assert VisitorActivity.objects.count() == 0
    for source in ("miss", "hit"):  # a page made for this reader, then the page cache's copy
        context, page, response = _open_as_reader(browser, live_server.url + "/")
        assert response.headers["x-page-cache"] == source
        assert page.evaluate("window.onlineAsServed") == "1"
        online = page.locator('[data-stat="online"]')
        expect(online).to_have_text("1")
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # the live refresh
        page.wait_for_load_state("networkidle")
        expect(online).to_have_text("1")
        context.close()
    assert VisitorActivity.objects.count() == 1  # the same reader twice: counted, once


def test_a_page_from_the_page_cache_fetches_newer_numbers_at_once(live_server, open_page):
    """Numbers older than the server keeps its own (30 s) are replaced as the page opens, not a
    minute later; fresh ones are left alone."""
    SiteSettings.load()
    first = open_page(1366, 768)
    first.goto(live_server.url + "/")
    expect(first.locator('[data-stat="online"]')).to_have_text("1")
    for n in range(3):
        counting.record_in_database(f"reader-{n}")
    cache.delete(counting.STATS_CACHE_KEY)
    first.reload()  # the page cache's copy, 0 s old: kept as it is
    first.wait_for_load_state("networkidle")
    expect(first.locator('[data-stat="online"]')).to_have_text("1")

    later = open_page(1366, 768)
    later.clock.set_fixed_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=90))
    response = later.goto(live_server.url + "/")
    assert response.headers["x-page-cache"] == "hit"  # the same copy, now 90 s old to the reader
    expect(later.locator('[data-stat="online"]')).to_have_text("3")
    assert first.console_errors == later.console_errors == []
