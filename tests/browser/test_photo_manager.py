import io
import re

import pytest
from django.db import connection
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage
from playwright.sync_api import expect

from meetings.models import MeetingPhoto
from meetings.tests.factories import MeetingFactory
from portal.tests.imagefiles import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-nhiep-anh-2026"
PREFIX = "Hội nghị Ban Thường vụ Thành ủy lần thứ 12"
CAPTION = "Hội nghị Ban Thường vụ Thành ủy lần thứ 12: đồng chí Bí thư Thành ủy phát biểu"


def log_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("nhiepanh", "nhiepanh@example.com", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "nhiepanh")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_staff_upload_a_batch_reorder_choose_the_cover_and_save(
    live_server, open_page, django_user_model, tmp_path, screenshot_dir, settings
):
    """Three photos and a broken file are chosen at once: the photos upload one by one, the broken
    file is reported by name, and the grid reorders, takes a cover and a caption, and saves."""
    if connection.vendor == "sqlite":
        # The live server shares the test's one in-memory SQLite connection between its
        # threads: two uploads at a time would collide there (not on a real database).
        settings.MEETING_PHOTO_UPLOADS_IN_PARALLEL = 1
    meeting = MeetingFactory()
    files = []
    for i, colour in enumerate([(200, 30, 30), (30, 160, 60), (40, 60, 200)]):
        path = tmp_path / f"IMG_000{i + 1}.jpg"
        path.write_bytes(jpeg_bytes(1600, 1200, gps=True, colour=colour))
        files.append(path)
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"day khong phai la anh")
    files.append(broken)

    page = open_page(1366, 900)
    log_in(page, live_server, django_user_model)
    upload_url = reverse("admin:meetings_meeting_photo_upload", args=[meeting.pk])
    page.goto(live_server.url + reverse("admin:meetings_meeting_photos", args=[meeting.pk]))
    assert page.locator("h1").inner_text() == "Ảnh hội nghị"

    page.fill("#id_caption_prefix", PREFIX)
    page.fill("#id_credit", "Trần Thanh")
    page.set_input_files("#id_files", [str(f) for f in files])

    done = page.locator(".photo-upload-item.is-done")
    failed = page.locator(".photo-upload-item.is-failed")
    expect(done).to_have_count(3, timeout=30_000)
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text("hong.jpg")
    expect(failed).to_contain_text("không phải là ảnh hợp lệ")
    expect(page.locator("#photo-upload-summary")).to_contain_text("3 ảnh thành công, 1 tệp lỗi")

    cards = page.locator("#photo-grid > .photo-card")
    expect(cards).to_have_count(3)
    ids = [int(cards.nth(i).get_attribute("data-photo-id")) for i in range(3)]
    assert sorted(ids) == sorted(MeetingPhoto.objects.filter(meeting=meeting).values_list("pk", flat=True))
    expect(cards.nth(0).locator("textarea")).to_have_value(PREFIX)

    # Keyboard-friendly reordering: the first photo goes down one place.
    cards.nth(0).get_by_role("button", name="Xuống").click()
    assert [int(cards.nth(i).get_attribute("data-photo-id")) for i in range(3)] == [ids[1], ids[0], ids[2]]
    expect(cards.nth(1).get_by_role("button", name="Xuống")).to_be_focused()

    # The last photo becomes the cover; the first one (now second) gets its full caption.
    cards.nth(2).get_by_label("Ảnh đại diện").check()
    cards.nth(1).get_by_label("Chú thích").fill(CAPTION)
    page.screenshot(path=screenshot_dir / "admin-photo-manager.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector(".messagelist .success")

    photos = list(MeetingPhoto.objects.filter(meeting=meeting))
    assert [p.pk for p in photos] == [ids[1], ids[0], ids[2]]
    assert [p.pk for p in photos if p.is_cover] == [ids[2]]
    assert MeetingPhoto.objects.get(pk=ids[0]).caption == CAPTION
    assert {p.credit for p in photos} == {"Trần Thanh"}
    assert {p.image.original_name for p in photos} == {"IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"}
    # The only errors are the refused file's 400 answer (logged by the browser too).
    assert all(upload_url in e or "400" in e for e in page.console_errors), page.console_errors
    assert len(page.console_errors) <= 2


def test_photo_manager_fits_a_phone_screen(live_server, open_page, django_user_model, screenshot_dir):
    """On a 360 px phone the photo grid is one column and the page does not scroll sideways."""
    from meetings.tests.factories import MeetingPhotoFactory

    meeting = MeetingFactory()
    for order in range(2):
        MeetingPhotoFactory(meeting=meeting, order=order, is_cover=order == 0)
    page = open_page(360, 800)
    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + reverse("admin:meetings_meeting_photos", args=[meeting.pk]))
    expect(page.locator("#photo-grid > .photo-card")).to_have_count(2)
    grid_width = page.locator("#photo-grid").bounding_box()["width"]
    card_width = page.locator("#photo-grid > .photo-card").first.bounding_box()["width"]
    assert card_width > grid_width * 0.9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=screenshot_dir / "admin-photo-manager-360.png", full_page=True)
    assert page.console_errors == []


def test_photos_reorder_by_drag_and_drop(live_server, open_page, django_user_model):
    """Dragging a photo by its handle onto the last one moves it there, and “Lưu” keeps that order."""
    from meetings.tests.factories import MeetingPhotoFactory

    meeting = MeetingFactory()
    photos = [MeetingPhotoFactory(meeting=meeting, order=order, is_cover=order == 0) for order in range(3)]
    page = open_page(1366, 900)
    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + reverse("admin:meetings_meeting_photos", args=[meeting.pk]))
    cards = page.locator("#photo-grid > .photo-card")
    # Step by step, as a hand moves: Chromium starts a drag only after some movement.
    handle = cards.nth(0).locator(".photo-drag-handle").bounding_box()
    target = cards.nth(2).bounding_box()
    page.mouse.move(handle["x"] + 5, handle["y"] + 5)
    page.mouse.down()
    page.mouse.move(handle["x"] + 30, handle["y"] + 30, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 100, steps=10)
    page.mouse.up()
    expect(cards.nth(2)).to_have_attribute("data-photo-id", str(photos[0].pk))
    expect(cards.nth(0).locator(".photo-number")).to_have_text("1")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_selector(".messagelist .success")
    assert list(meeting.photos.all()) == [photos[1], photos[2], photos[0]]
    assert page.console_errors == []


def dated_jpeg(when: str, colour) -> bytes:
    """A JPEG whose EXIF says it was taken at ``when`` ("2024:05:17 08:30:12")."""
    exif = PILImage.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = when
    out = io.BytesIO()
    PILImage.new("RGB", (800, 600), colour).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_uploads_take_their_places_by_time_and_staff_see_which_photos_lack_alt_text(
    live_server, open_page, django_user_model, tmp_path, settings
):
    """Photos arrive in the order they were taken, whatever order they finish in; the photos
    without a description of their own are counted and marked, and the count follows what
    staff type: the shared caption is not a description, their own words or “ảnh trang trí” are."""
    if connection.vendor == "sqlite":
        settings.MEETING_PHOTO_UPLOADS_IN_PARALLEL = 1  # as above
    meeting = MeetingFactory()
    files = []
    # Chosen in the wrong order: the last one chosen was taken first.
    for name, when, colour in [
        ("IMG_0003.jpg", "2024:05:17 09:30:00", (200, 30, 30)),
        ("IMG_0002.jpg", "2024:05:17 09:00:00", (30, 160, 60)),
        ("IMG_0001.jpg", "2024:05:17 08:00:00", (40, 60, 200)),
    ]:
        path = tmp_path / name
        path.write_bytes(dated_jpeg(when, colour))
        files.append(path)

    page = open_page(1366, 900)
    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + reverse("admin:meetings_meeting_photos", args=[meeting.pk]))
    summary = page.locator("#photo-alt-summary")
    expect(summary).to_be_hidden()
    page.fill("#id_caption_prefix", PREFIX)
    page.set_input_files("#id_files", [str(f) for f in files])
    expect(page.locator(".photo-upload-item.is-done")).to_have_count(3, timeout=30_000)

    cards = page.locator("#photo-grid > .photo-card")
    expect(cards.locator(".photo-name")).to_have_text(["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"])
    expect(cards.nth(0).get_by_label("Ảnh đại diện")).to_be_checked()
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("3 ảnh chưa có mô tả")
    named = "ảnh số 1 (IMG_0001.jpg); ảnh số 2 (IMG_0002.jpg); ảnh số 3 (IMG_0003.jpg)"
    expect(summary).to_contain_text(named)
    expect(page.locator(".photo-card.is-missing-alt")).to_have_count(3)

    # The shared caption copied into the alt text describes nothing; the photo's own words do.
    alt = cards.nth(0).get_by_label("Mô tả ảnh (alt)")
    alt.fill(PREFIX + ".")
    expect(summary).to_contain_text("3 ảnh chưa có mô tả")
    alt.fill("Đồng chí Bí thư Thành ủy phát biểu khai mạc hội nghị")
    expect(summary).to_contain_text("2 ảnh chưa có mô tả")
    expect(cards.nth(0)).not_to_have_class(re.compile("is-missing-alt"))
    expect(cards.nth(0).locator(".photo-alt-missing")).to_be_hidden()
    cards.nth(1).get_by_label("Mô tả ảnh (alt)").fill("Các đại biểu biểu quyết thông qua nghị quyết")
    cards.nth(2).get_by_label("Ảnh trang trí (không cần mô tả)").check()
    expect(summary).to_be_hidden()

    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector(".messagelist .success")
    expect(page.locator("#photo-alt-summary")).to_be_hidden()
    photos = list(MeetingPhoto.objects.filter(meeting=meeting).select_related("image"))
    assert [p.image.original_name for p in photos] == ["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg"]
    assert [p.decorative for p in photos] == [False, False, True]
    assert all(p.has_description for p in photos)
    assert page.console_errors == []
