"""The sidebar boxes in Chromium: filled from the demo snapshots, live visitor numbers."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from widgets import counting

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
