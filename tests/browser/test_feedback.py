import pytest

from news.tests.factories import ArticleFactory
from portal.models import SiteSettings
from website.models import ReaderFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_on_a_phone_rates_and_comments_without_javascript_help(
    live_server, open_page, screenshot_dir
):
    """Chromium sends the forms as they are (same origin, no CSRF cookie): a rating sent too
    soon is asked again, then stored; a comment with a contact is stored and thanked; the
    robots' field is neither seen nor reached with the keyboard; nothing is wider than a phone."""
    SiteSettings.load()
    article = ArticleFactory(title="Hội nghị giao ban quý II")
    page = open_page(390, 844)
    page.goto(live_server.url + article.get_absolute_url())
    trap = page.locator(".feedback-trap input").first.bounding_box()
    assert trap["x"] + trap["width"] <= 0  # off the screen
    assert page.locator(".feedback-trap input").first.get_attribute("tabindex") == "-1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#y-kien-ban-doc").screenshot(path=screenshot_dir / "feedback-390.png")

    page.get_by_role("button", name="Có", exact=True).click()
    assert "Bạn gửi nhanh quá" in page.locator(".feedback-message").inner_text()
    page.screenshot(path=screenshot_dir / "feedback-again-390.png")
    page.wait_for_timeout(3500)
    page.get_by_role("button", name="Có", exact=True).click()
    assert page.locator("h1").inner_text() == "Cảm ơn bạn đã góp ý"

    page.get_by_role("link", name="Quay lại bài viết").click()
    page.wait_for_timeout(3500)
    page.get_by_label("Góp ý của bạn").fill("Đề nghị đăng kèm toàn văn kết luận của hội nghị.")
    page.get_by_label("Email hoặc số điện thoại").fill("an@example.vn")
    page.get_by_role("button", name="Gửi ý kiến").click()
    assert page.locator("h1").inner_text() == "Cảm ơn bạn đã góp ý"

    stored = list(ReaderFeedback.objects.order_by("id").values_list("helpful", "comment", "contact"))
    assert stored == [
        (True, "", ""),
        (None, "Đề nghị đăng kèm toàn văn kết luận của hội nghị.", "an@example.vn"),
    ]
    # The 400 page of the first click is the only error the browser saw.
    assert [error for error in page.console_errors if "400" not in error] == []
