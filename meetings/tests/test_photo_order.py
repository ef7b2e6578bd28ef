"""A meeting's photos come in the order they were taken, then by file name, whichever upload
finished first, until staff reorder them by hand; the automatic cover is the first of them."""

import io

import pytest
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from meetings.photos import add_photo
from portal.tests.imagefiles import upload

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def taken(when: str | None, name: str):
    """An upload named ``name`` whose EXIF says it was taken at ``when`` ("2024:05:17 08:30:12")."""
    exif = PILImage.Exif()
    if when is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = when
    out = io.BytesIO()
    PILImage.new("RGB", (64, 48), (30, 120, 60)).save(out, "JPEG", exif=exif.tobytes())
    return upload(out.getvalue(), name=name)


def names(meeting) -> list[str]:
    return [p.image.original_name for p in meeting.photos.select_related("image")]


def cover_name(meeting) -> str:
    return meeting.photos.select_related("image").get(is_cover=True).image.original_name


def photos_url(meeting):
    return reverse("admin:meetings_meeting_photos", args=[meeting.pk])


def grid_data(meeting, order: list[str], cover: str, **extra) -> dict:
    """The grid's POST data with the photos (named by file) in ``order``."""
    photos = {p.image.original_name: p for p in meeting.photos.select_related("image")}
    data = {
        "action": "save",
        "anh-TOTAL_FORMS": str(len(order)),
        "anh-INITIAL_FORMS": str(len(order)),
        "anh-MIN_NUM_FORMS": "0",
        "anh-MAX_NUM_FORMS": "1000",
        "cover": str(photos[cover].pk),
        **extra,
    }
    for position, name in enumerate(order):
        data[f"anh-{position}-id"] = str(photos[name].pk)
        data[f"anh-{position}-order"] = str(position)
    return data


def test_photos_are_ordered_by_time_taken_then_file_name_whichever_finished_first():
    """Uploads finishing in any order give the order they were taken in; a burst of photos in the
    same second by file name; photos without a time last, by file name."""
    meeting = MeetingFactory()
    for when, name in [
        (None, "scan-2.jpg"),
        ("2024:05:17 09:15:00", "IMG_2050.jpg"),
        ("2024:05:17 08:30:12", "IMG_2042.jpg"),
        (None, "scan-1.jpg"),
        ("2024:05:17 08:30:12", "IMG_2041.jpg"),
        ("2024:05:17 08:05:00", "IMG_2030.jpg"),
    ]:
        add_photo(meeting, taken(when, name))
    expected = ["IMG_2030.jpg", "IMG_2041.jpg", "IMG_2042.jpg", "IMG_2050.jpg", "scan-1.jpg", "scan-2.jpg"]
    assert names(meeting) == expected
    assert list(meeting.photos.values_list("order", flat=True)) == [0, 1, 2, 3, 4, 5]
    assert cover_name(meeting) == "IMG_2030.jpg"


def test_file_names_count_numbers_as_numbers():
    """Without times, "IMG_9.jpg" comes before "IMG_10.jpg"."""
    meeting = MeetingFactory()
    for name in ["IMG_10.jpg", "img_9.jpg", "IMG_100.jpg"]:
        add_photo(meeting, taken(None, name))
    assert names(meeting) == ["img_9.jpg", "IMG_10.jpg", "IMG_100.jpg"]


def test_the_upload_endpoint_answers_every_photos_place_and_the_cover(admin_client):
    """A photo taken earlier than the others comes first: the answer gives the new order and cover."""
    meeting = MeetingFactory()
    later = add_photo(meeting, taken("2024:05:17 09:00:00", "IMG_2.jpg"))
    url = reverse("admin:meetings_meeting_photo_upload", args=[meeting.pk])
    body = admin_client.post(url, {"file": taken("2024:05:17 08:00:00", "IMG_1.jpg")}).json()
    assert body["photos"] == [{"id": body["id"], "order": 0}, {"id": later.pk, "order": 1}]
    assert body["cover"] == body["id"]
    assert (body["order"], body["is_cover"]) == (0, True)


def test_a_cover_chosen_by_staff_stays_when_earlier_photos_arrive(admin_client):
    """The automatic cover follows the first photo; one chosen further down is kept."""
    meeting = MeetingFactory()
    add_photo(meeting, taken("2024:05:17 09:00:00", "IMG_3.jpg"))
    add_photo(meeting, taken("2024:05:17 09:30:00", "IMG_4.jpg"))
    order = ["IMG_3.jpg", "IMG_4.jpg"]
    response = admin_client.post(photos_url(meeting), grid_data(meeting, order, cover="IMG_4.jpg"))
    assert response.status_code == 302
    add_photo(meeting, taken("2024:05:17 08:00:00", "IMG_1.jpg"))
    assert names(meeting) == ["IMG_1.jpg", "IMG_3.jpg", "IMG_4.jpg"]
    assert cover_name(meeting) == "IMG_4.jpg"


def test_photos_reordered_by_hand_keep_their_order_and_new_ones_come_last(admin_client):
    """Once staff reorder the grid, later uploads go after the last photo, whatever their time."""
    meeting = MeetingFactory()
    for when, name in [("2024:05:17 08:00:00", "IMG_1.jpg"), ("2024:05:17 09:00:00", "IMG_2.jpg")]:
        add_photo(meeting, taken(when, name))
    order = ["IMG_2.jpg", "IMG_1.jpg"]
    response = admin_client.post(photos_url(meeting), grid_data(meeting, order, cover="IMG_2.jpg"))
    assert response.status_code == 302
    add_photo(meeting, taken("2024:05:17 07:00:00", "IMG_0.jpg"))
    add_photo(meeting, taken("2024:05:17 08:30:00", "IMG_15.jpg"))
    assert names(meeting) == ["IMG_2.jpg", "IMG_1.jpg", "IMG_0.jpg", "IMG_15.jpg"]
    assert cover_name(meeting) == "IMG_2.jpg"


def test_staff_put_the_photos_back_in_the_order_they_were_taken(admin_client):
    """“Xếp lại theo giờ chụp” saves the grid and undoes a reordering by hand; uploads then take
    their places by time again. The cover chosen stays."""
    meeting = MeetingFactory()
    for when, name in [("2024:05:17 08:00:00", "IMG_1.jpg"), ("2024:05:17 09:00:00", "IMG_2.jpg")]:
        add_photo(meeting, taken(when, name))
    data = grid_data(meeting, ["IMG_2.jpg", "IMG_1.jpg"], cover="IMG_2.jpg", _sort="Xếp lại theo giờ chụp")
    response = admin_client.post(photos_url(meeting), data, follow=True)
    assert "Đã lưu các ảnh và xếp lại theo giờ chụp." in response.content.decode()
    assert names(meeting) == ["IMG_1.jpg", "IMG_2.jpg"]
    add_photo(meeting, taken("2024:05:17 08:30:00", "IMG_15.jpg"))
    assert names(meeting) == ["IMG_1.jpg", "IMG_15.jpg", "IMG_2.jpg"]
    assert cover_name(meeting) == "IMG_2.jpg"


def test_the_manager_page_shows_the_photos_in_their_order_after_uploads(admin_client):
    """The grid lists the photos in the order they were taken, not the order they arrived in."""
    meeting = MeetingFactory()
    for when, name in [("2024:05:17 09:00:00", "IMG_2.jpg"), ("2024:05:17 08:00:00", "IMG_1.jpg")]:
        add_photo(meeting, taken(when, name))
    html = admin_client.get(photos_url(meeting)).content.decode()
    assert html.index('class="photo-name">IMG_1.jpg') < html.index('class="photo-name">IMG_2.jpg')
