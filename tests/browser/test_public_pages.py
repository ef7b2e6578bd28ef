import pytest
from django.core.management import call_command

from news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_and_article_render_without_console_errors(live_server, open_page, screenshot_dir, viewport):
    """The home page and an article load cleanly in Chromium, fit the screen, and are screenshotted."""
    call_command("seed_demo", articles=30, seed=11, photos=3)
    article = Article.objects.public().exclude(cover=None).newest().first()
    width, height = VIEWPORTS[viewport]
    page = open_page(width, height)

    for name, path in [("home", "/"), ("article", article.get_absolute_url())]:
        response = page.goto(live_server.url + path)
        assert response.status == 200
        # Load the lazy images too, then check that every image on the page arrived.
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        # (Polled from Python: wait_for_function would eval() a string, which the CSP forbids.)
        for _ in range(100):
            if page.evaluate("() => [...document.images].every(i => i.complete)"):
                break
            page.wait_for_timeout(100)
        page.wait_for_load_state("networkidle")
        assert page.console_errors == [], f"{name}: {page.console_errors}"
        broken = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{name}: {broken}"
        # Nothing wider than the screen: no horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=screenshot_dir / f"{name}-{width}x{height}.png")

    assert page.locator("h1.article-title").inner_text() == article.title
    assert page.locator(".article-meta").inner_text().startswith("Ngày đăng ")


def test_phone_menu_opens_and_closes_from_the_keyboard(live_server, open_page):
    """On a phone the category menu is behind a button that works with the keyboard."""
    call_command("seed_demo", articles=5, seed=2, photos=0)
    page = open_page(*VIEWPORTS["phone"])
    page.goto(live_server.url + "/")
    menu = page.locator("#menu-chinh")
    toggle = page.locator(".nav-toggle")
    assert not menu.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert menu.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not menu.is_visible()


def test_phone_menu_is_open_without_javascript(live_server, browser):
    """Readers without JavaScript still reach every category on a phone."""
    call_command("seed_demo", articles=5, seed=2, photos=0)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.locator("#menu-chinh").is_visible()
        assert not page.locator(".nav-toggle").is_visible()
    finally:
        context.close()


def test_text_size_is_remembered_and_the_tools_work(live_server, open_page):
    """A+ enlarges the article text, and the choice holds on the next article; the buttons
    that need JavaScript appear; copying the link says so."""
    from news.tests.factories import ArticleFactory

    first, second = ArticleFactory(title="Bài thứ nhất"), ArticleFactory(title="Bài thứ hai")
    page = open_page(390, 844)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + first.get_absolute_url())
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
    assert page.locator("[data-print]").is_visible()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    bigger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
    assert bigger > size
    page.goto(live_server.url + second.get_absolute_url())
    assert page.evaluate("document.documentElement.getAttribute('data-font-scale')") == "1"
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
        == bigger
    )
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)")
        == size
    )
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.get_by_text("Đã sao chép liên kết.").wait_for()
    assert page.console_errors == []
