"""The committee's records pages in Chromium: the gallery lightbox by keyboard, and every
records page loading cleanly on a desktop and a 360 px phone."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meetings.models import Document, Meeting, Official
from meetings.tests.factories import MeetingFactory, MeetingPhotoFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTIONS = ["Quang cảnh hội nghị", "Đồng chí Bí thư Thành ủy phát biểu", "Các đại biểu biểu quyết"]


def test_gallery_lightbox_works_from_the_keyboard(live_server, open_page, screenshot_dir):
    """Enter opens the photo in a modal dialog, the arrows move through the album (wrapping
    round), the caption, credit and position follow, and Escape returns to the photo."""
    meeting = MeetingFactory(title="Hội nghị Ban Thường vụ Thành ủy lần thứ 14")
    for order, (caption, colour) in enumerate(
        zip(CAPTIONS, [(200, 40, 40), (40, 160, 60), (40, 60, 200)], strict=True)
    ):
        MeetingPhotoFactory(
            meeting=meeting,
            order=order,
            is_cover=order == 0,
            caption=caption,
            alt_text=f"Ảnh {order + 1}: {caption}",
            image=save_image(upload(jpeg_bytes(1200, 800, gps=False, colour=colour))),
        )
    page = open_page(1366, 900)
    page.goto(live_server.url + meeting.get_absolute_url())
    dialog = page.locator("dialog.lightbox")
    links = page.locator("[data-gallery] a")
    expect(links).to_have_count(3)

    links.nth(0).focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_attribute("open", "")
    expect(dialog.get_by_role("button", name="Đóng")).to_be_focused()
    expect(dialog.locator(".lightbox-caption")).to_have_text(CAPTIONS[0])
    expect(dialog.locator(".lightbox-credit")).to_have_text("Ảnh: Trần Thanh")
    expect(dialog.locator(".lightbox-count")).to_have_text("(1/3)")
    image = dialog.locator(".lightbox-image")
    expect(image).to_have_attribute("alt", f"Ảnh 1: {CAPTIONS[0]}")
    for _ in range(50):  # the large rendition arrives and is a real image
        if page.evaluate("() => document.querySelector('.lightbox-image').naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => document.querySelector('.lightbox-image').naturalWidth") > 0
    page.screenshot(path=screenshot_dir / "meeting-lightbox.png")

    page.keyboard.press("ArrowRight")
    expect(dialog.locator(".lightbox-count")).to_have_text("(2/3)")
    expect(dialog.locator(".lightbox-caption")).to_have_text(CAPTIONS[1])
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(dialog.locator(".lightbox-count")).to_have_text("(3/3)")
    expect(dialog.locator(".lightbox-caption")).to_have_text(CAPTIONS[2])

    # The buttons work from the keyboard too, and Tab stays in the modal dialog.
    dialog.get_by_role("button", name="Ảnh sau").focus()
    page.keyboard.press("Enter")
    expect(dialog.locator(".lightbox-count")).to_have_text("(1/3)")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('dialog.lightbox').contains(document.activeElement)")

    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    expect(dialog).not_to_have_attribute("open", "")
    expect(links.nth(1)).to_be_focused()  # back on the photo last shown
    assert page.console_errors == []


def test_gallery_without_javascript_links_each_photo(live_server, browser):
    """Without JavaScript every thumbnail is a plain link to its large image."""
    meeting = MeetingFactory()
    MeetingPhotoFactory(meeting=meeting, order=0, is_cover=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + meeting.get_absolute_url())
    href = page.locator("[data-gallery] a").first.get_attribute("href")
    assert page.locator("dialog").count() == 0
    assert page.goto(live_server.url + href).status == 200
    context.close()


@pytest.mark.parametrize("width", [1366, 360])
def test_records_pages_load_cleanly_and_fit_the_screen(live_server, open_page, screenshot_dir, width):
    """Every records page of the demo loads without console errors, broken images or
    sideways scrolling, on a desktop and on a 360 px phone."""
    call_command("seed_demo", articles=12, seed=5, photos=2, meetings=8, album_photos=2)
    meeting = Meeting.objects.public().exclude(photos=None).first()
    official = Official.objects.filter(is_public=True).first()
    document = Document.objects.public().first()
    page = open_page(width, 800)
    pages = {
        "meetings": "/hoi-nghi/",
        "meeting": meeting.get_absolute_url(),
        "schedule": "/lich-cong-tac/",
        "leadership": "/lanh-dao/",
        "official": official.get_absolute_url(),
        "documents": "/van-ban/",
        "document": document.get_absolute_url(),
        "gallery": "/thu-vien-anh/",
    }
    for name, path in pages.items():
        assert page.goto(live_server.url + path).status == 200, path
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        for _ in range(100):
            if page.evaluate("() => [...document.images].every(i => i.complete)"):
                break
            page.wait_for_timeout(100)
        broken = page.evaluate(
            "[...document.images].filter(i => !i.closest('dialog') && i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{name}: {broken}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        assert page.locator("h1").count() == 1, name
        page.screenshot(path=screenshot_dir / f"records-{name}-{width}.png", full_page=True)
    assert page.console_errors == []
