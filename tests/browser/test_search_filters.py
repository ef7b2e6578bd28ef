"""The search pages in Chromium: on a phone the results come first, the filters folded."""

import datetime

import pytest
from django.urls import reverse

from meetings.tests.factories import DocumentFactory, OrganizationFactory
from news.tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = reverse("website:search")


@pytest.fixture
def resolution():
    """The Thành ủy's 21-NQ/TU, and 30 articles that cite it (they all match its number too)."""
    city = OrganizationFactory()
    for n in range(30):
        ArticleFactory(
            title=f"Quán triệt nghị quyết, bài {n}", lead="Quán triệt Nghị quyết số 21-NQ/TU của Thành ủy."
        )
    return DocumentFactory(
        issuer=city,
        number=21,
        abstract="Về chuyển đổi số thành phố Hạ Long",
        issued_on=datetime.date(2021, 3, 1),
    )


def test_on_a_phone_the_results_come_before_the_filters(live_server, open_page, resolution):
    """390 px: the document and the results are on the first screen, the filters folded behind
    "Bộ lọc", which opens them; 1366 px: the filters show with no button to press."""
    url = f"{live_server.url}{URL}?q=21-NQ%2FTU"
    phone = open_page(390, 844)
    phone.goto(url)
    assert not phone.locator("#tk-loai").is_visible()
    answer = phone.locator(".search-answer").bounding_box()
    assert answer["y"] < 844 and phone.locator(".search-answer a").first.is_visible()
    phone.get_by_text("Bộ lọc", exact=True).click()
    assert phone.locator("#tk-loai").is_visible() and phone.locator("#tk-sap-xep").is_visible()
    phone.select_option("#tk-loai", "van-ban")
    phone.get_by_role("button", name="Áp dụng").click()
    phone.wait_for_url("**loai=van-ban**")
    assert phone.locator(".search-answer").is_visible() and not phone.locator("#tk-loai").is_visible()
    assert phone.console_errors == []

    desktop = open_page(1366, 900)
    desktop.goto(url)
    assert desktop.locator("#tk-loai").is_visible() and desktop.locator("#tk-den").is_visible()
    assert not desktop.locator(".filter-fold-toggle").is_visible()
    assert desktop.locator(".search-answer").bounding_box()["y"] < 900
    assert desktop.console_errors == []
