"""The home page's layout at a desktop's 1366 px and a phone's 390 px: grids without empty
slots, the menu on one row (what does not fit goes under "Thêm"), the blocks a reader looks
for, the columns level, and cards without a photo lined up with the others."""

import pytest
from django.core.management import call_command

from news.tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
HOME_BLOCKS = ["tieu-diem", "tin-moi", "van-ban-moi", "lich-tuan-nay", "lien-ket", "thu-vien-anh"]

# For each grid of the home page: its columns (tracks of a width) and the number of cards on
# each row (cards grouped by their top).
GRID_ROWS = """() => [...document.querySelectorAll('.home-grid')].map(grid => {
  const columns = getComputedStyle(grid).gridTemplateColumns.split(' ').filter(w => parseFloat(w) > 0).length;
  const rows = {};
  for (const card of grid.children) {
    const top = Math.round(card.getBoundingClientRect().top);
    rows[top] = (rows[top] || 0) + 1;
  }
  return {name: grid.className, columns, rows: Object.values(rows), cards: grid.children.length};
})"""

# The top-level menu items shown, their row and their right edge, and the bar's right edge.
MENU_ITEMS = """() => {
  const bar = document.querySelector('.main-nav-inner').getBoundingClientRect();
  const items = [...document.querySelectorAll('#menu-chinh > li')].filter(li => li.offsetParent !== null);
  return {
    barRight: bar.right,
    items: items.map(li => ({text: li.firstElementChild.textContent.trim(), top: li.offsetTop,
                             right: li.getBoundingClientRect().right})),
  };
}"""


@pytest.fixture
def demo_site():
    call_command("seed_demo", articles=30, seed=11, photos=3)
    # The newest article, without a photo: first in every list.
    return ArticleFactory(title="Tin không có ảnh minh họa", cover=None)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_grids_have_no_empty_slots_and_every_block_is_there(
    live_server, open_page, screenshot_dir, demo_site, viewport
):
    """At 1366 and 390 px every row of the home page's grids is full, every block is shown,
    and nothing is wider than the screen."""
    width, height = VIEWPORTS[viewport]
    page = open_page(width, height)
    assert page.goto(live_server.url + "/").status == 200
    for block in HOME_BLOCKS:
        assert page.locator(f"#{block}").is_visible(), block
    grids = page.evaluate(GRID_ROWS)
    assert {g["name"].split()[-1] for g in grids} == {"home-latest", "album-grid"}
    for grid in grids:
        assert grid["cards"] > 0, grid
        assert all(count == grid["columns"] for count in grid["rows"]), grid
    latest = next(g for g in grids if "home-latest" in g["name"])
    assert latest["columns"] == (3 if viewport == "desktop" else 1) and latest["cards"] == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.console_errors == []
    page.screenshot(path=screenshot_dir / f"home-layout-{width}x{height}.png", full_page=True)


def test_the_menu_fits_one_row_at_1366_with_the_rest_under_more(live_server, open_page, demo_site):
    """At 1366 px the menu's items share one row inside the bar; the categories that do not
    fit are under "Thêm", which opens on hover, none lost; at 1024 px the same holds."""
    page = open_page(*VIEWPORTS["desktop"])
    page.goto(live_server.url + "/")
    everything = page.evaluate("[...document.querySelectorAll('#menu-chinh [data-menu-movable] > a')].length")
    for width in (1366, 1024):
        page.set_viewport_size({"width": width, "height": 768})
        page.wait_for_timeout(100)  # the menu is measured again on the next frame
        menu = page.evaluate(MENU_ITEMS)
        assert len({item["top"] for item in menu["items"]}) == 1, menu
        assert all(item["right"] <= menu["barRight"] for item in menu["items"]), menu
        assert menu["items"][0]["text"] == "Trang chủ" and menu["items"][-1]["text"] == "Thêm"
        in_bar = page.evaluate("[...document.querySelectorAll('#menu-chinh > [data-menu-movable]')].length")
        under_more = page.evaluate(
            "[...document.querySelectorAll('#menu-them > [data-menu-movable]')].length"
        )
        assert in_bar >= 3 and under_more >= 1 and in_bar + under_more == everything
    more = page.locator(".menu-more")
    more.hover()
    assert page.locator("#menu-them").is_visible()
    assert page.locator("#menu-them > li > a").first.is_visible()


def test_the_phone_menu_lists_every_category_without_overflowing(live_server, open_page, demo_site):
    """At 390 px "Thêm" is not used: the menu behind its button lists every item, and none
    is wider than the screen."""
    page = open_page(*VIEWPORTS["phone"])
    page.goto(live_server.url + "/")
    assert not page.locator(".menu-more").is_visible()
    page.locator(".nav-toggle").click()
    assert page.locator("#menu-chinh").is_visible()
    assert page.evaluate("document.querySelectorAll('#menu-them > li').length") == 0
    rights = page.evaluate(
        "[...document.querySelectorAll('#menu-chinh a')].filter(a => a.offsetParent)"
        ".map(a => a.getBoundingClientRect().right)"
    )
    assert len(rights) > 10 and max(rights) <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_at_1366_the_sidebar_is_about_as_long_as_the_main_column(live_server, open_page, demo_site):
    """The home page's own blocks fill the sidebar: no column ends far above the other."""
    page = open_page(*VIEWPORTS["desktop"])
    page.goto(live_server.url + "/")
    ends = page.evaluate(
        """() => ['.page-main', '.page-sidebar'].map(selector => Math.max(
             ...[...document.querySelector(selector).children].map(c => c.getBoundingClientRect().bottom)))"""
    )
    assert abs(ends[0] - ends[1]) < 800, ends


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_cards_without_a_photo_line_up_with_the_others(live_server, open_page, demo_site, viewport):
    """In a list, a card without a photo keeps the photo's place: every title starts at the
    same left edge, and the placeholder is as tall as a photo."""
    width, height = VIEWPORTS[viewport]
    page = open_page(width, height)
    page.goto(live_server.url + "/tin-tuc/")
    assert page.locator(".card-placeholder").first.is_visible()
    lefts = page.evaluate(
        "[...document.querySelectorAll('.article-list .card-title')]"
        ".map(t => Math.round(t.getBoundingClientRect().left))"
    )
    assert len(lefts) > 5 and len(set(lefts)) == 1, lefts
    sizes = page.evaluate(
        """() => ['.article-list .card-placeholder', '.article-list .card-media img'].map(selector => {
             const box = document.querySelector(selector).getBoundingClientRect();
             return [Math.round(box.width), Math.round(box.height)];
           })"""
    )
    assert sizes[0] == sizes[1], sizes
