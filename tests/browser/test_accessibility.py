"""WCAG 2.1 AA, checked in Chromium: axe-core on every kind of public page, at a desktop width
and on a 360-px phone (no sideways scrolling, every image sized), plus what a machine cannot
judge alone (keyboard paths, focus)."""

import pytest
from django.core.management import call_command

from meetings.models import Document, Meeting, Official
from news.models import Article, Category
from portal.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDTHS = [1366, 360]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]


def english_page() -> str:
    """The English page that migration portal 0004 creates. Browser tests run in transactions
    that end by emptying the database, so an earlier one may have removed it: make it again."""
    import importlib

    from django.apps import apps

    importlib.import_module("portal.migrations.0004_english_page").create_page(apps, None)
    return Page.objects.get(language="en").get_absolute_url()


def public_pages() -> dict[str, str]:
    article = Article.objects.public().exclude(cover=None).newest().first()
    category = Category.objects.filter(parent=None).order_by("order").first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": category.get_absolute_url(),
        "archive": f"/tin-tuc/luu-tru/{article.published_at:%Y}/",
        "search": "/tim-kiem/?q=hoi+nghi",
        "search-empty": "/tim-kiem/?q=%21%21%21",
        "meetings": "/hoi-nghi/",
        "meeting": Meeting.objects.public().first().get_absolute_url(),
        "schedule": "/lich-cong-tac/",
        "officials": "/lanh-dao/",
        "official": Official.objects.public().first().get_absolute_url(),
        "documents": "/van-ban/",
        "document": Document.objects.public().first().get_absolute_url(),
        "gallery": "/thu-vien-anh/",
        "english": english_page(),
        "not-found": "/khong-co-trang-nay/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_pass_axe_wcag_21_aa_and_fit_a_phone(live_server, open_page, width):
    call_command("seed_demo", articles=24, seed=7, photos=2, meetings=6, album_photos=2)
    page = open_page(width, 800)
    failures = {}
    for name, path in public_pages().items():
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        found = (
            [] if response.status == (404 if name == "not-found" else 200) else [f"HTTP {response.status}"]
        )
        found += axe_violations(page)
        # No layout shift as photos arrive: every image says its size.
        unsized = page.evaluate(
            "[...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height'))"
            ".map(i => i.getAttribute('src'))"
        )
        if unsized:
            found.append(f"images without width and height: {unsized[:3]}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            found.append(f"wider than the screen: {page.evaluate('document.documentElement.scrollWidth')} px")
        if found:
            failures[name] = found
    assert failures == {}, "\n".join(
        f"{name}: {problem}" for name, found in failures.items() for problem in found
    )


def test_the_skip_link_is_the_first_stop_and_lands_on_the_content(live_server, open_page):
    call_command("seed_demo", articles=5, seed=2, photos=0)
    page = open_page(1366, 800)
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


def test_desktop_submenus_open_from_the_keyboard_and_escape_closes_them(live_server, open_page):
    """Tabbing into a menu item shows its submenu; Escape hides it and leaves focus on the item
    (WCAG 1.4.13 and 2.1.1); every link of the submenu is reachable with Tab."""
    call_command("seed_demo", articles=5, seed=2, photos=0)
    page = open_page(1366, 800)
    page.goto(live_server.url + "/")
    parent = page.get_by_role("link", name="Thành ủy", exact=True)
    submenu = page.locator(".menu-item.has-children", has=parent).locator(".submenu")
    parent.focus()
    assert submenu.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Lãnh đạo"
    page.keyboard.press("Escape")
    assert not submenu.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Thành ủy"
    page.keyboard.press("Tab")  # leaving and coming back opens it again
    page.keyboard.press("Shift+Tab")
    assert submenu.is_visible()


def test_focus_is_visible_on_light_and_dark_backgrounds(live_server, open_page):
    """The focus ring differs from the background it sits on, in the menu and in the footer."""
    call_command("seed_demo", articles=5, seed=2, photos=0)
    page = open_page(1366, 800)
    page.goto(live_server.url + "/")
    for selector in (".menu-item > a", ".site-footer a", ".site-search input", ".brand"):
        element = page.locator(selector).first
        element.focus()
        page.keyboard.press("Shift+Tab")  # focus from the keyboard, so that :focus-visible applies
        page.keyboard.press("Tab")
        style = element.evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert style[0] == "solid" and style[1] >= 2, (selector, style)
