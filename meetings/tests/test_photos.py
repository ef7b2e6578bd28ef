import datetime
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from meetings.models import MeetingPhoto
from meetings.photos import add_photo, read_taken_at
from portal.images import ImageRejected
from portal.models import Image
from portal.tests.imagefiles import PDF_BYTES, jpeg_bytes, upload

from .factories import MeetingFactory, MeetingPhotoFactory, OfficialFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-anh-hoi-nghi-2026"


def exif_jpeg(*, original=None, offset=None, modified=None, gps=True) -> bytes:
    """A small JPEG whose EXIF carries the given dates (and a GPS position)."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    if modified is not None:
        exif[ExifTags.Base.DateTime] = modified
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    if original is not None:
        exif_ifd[ExifTags.Base.DateTimeOriginal] = original
    if offset is not None:
        exif_ifd[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (20.0, 57.0, 12.34)
    out = io.BytesIO()
    PILImage.new("RGB", (640, 480), (30, 120, 60)).save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def photos_url(meeting) -> str:
    return reverse("admin:meetings_meeting_photos", args=[meeting.pk])


def upload_url(meeting) -> str:
    return reverse("admin:meetings_meeting_photo_upload", args=[meeting.pk])


def staff_client(django_user_model, *codenames) -> Client:
    user = django_user_model.objects.create_user("nhiepanh", password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def formset_data(photos, changes=None) -> dict:
    """The grid's POST data as the page sends it, with per-photo changes {pk: {field: value}}."""
    data = {
        "action": "save",
        "anh-TOTAL_FORMS": str(len(photos)),
        "anh-INITIAL_FORMS": str(len(photos)),
        "anh-MIN_NUM_FORMS": "0",
        "anh-MAX_NUM_FORMS": "1000",
    }
    changes = changes or {}
    cover = next((p.pk for p in photos if p.is_cover), None)
    for i, photo in enumerate(photos):
        values = {
            "id": photo.pk,
            "caption": photo.caption,
            "alt_text": photo.alt_text,
            "credit": photo.credit,
            "order": photo.order,
            **changes.get(photo.pk, {}),
        }
        if values.pop("cover", False):
            cover = photo.pk
        for name, value in values.items():
            if isinstance(value, list):
                data[f"anh-{i}-{name}"] = [str(v) for v in value]
            elif value is not None and value is not False:
                data[f"anh-{i}-{name}"] = str(value)
    if cover is not None:
        data["cover"] = str(cover)
    return data


# --- EXIF: when the photo was taken ---------------------------------------------------------


def test_taken_at_is_date_time_original_read_as_local_time():
    """DateTimeOriginal without an offset is the camera's local time in Hạ Long."""
    taken_at = read_taken_at(exif_jpeg(original="2024:05:17 08:30:12", modified="2024:06:01 10:00:00"))
    assert taken_at == datetime.datetime(2024, 5, 17, 8, 30, 12, tzinfo=HCM)
    assert taken_at.utcoffset() == datetime.timedelta(hours=7)


def test_taken_at_honours_offset_time_original():
    """A camera that wrote its UTC offset is believed."""
    taken_at = read_taken_at(exif_jpeg(original="2024:05:17 08:30:12", offset="+09:00"))
    assert taken_at == datetime.datetime(2024, 5, 16, 23, 30, 12, tzinfo=datetime.UTC)


def test_taken_at_falls_back_to_date_time():
    """Without DateTimeOriginal, the IFD0 DateTime is used."""
    taken_at = read_taken_at(exif_jpeg(modified="2023:12:31 23:59:00"))
    assert taken_at == datetime.datetime(2023, 12, 31, 23, 59, tzinfo=HCM)


@pytest.mark.parametrize("value", ["0000:00:00 00:00:00", "hôm qua", "2024:13:45 99:00:00", "    "])
def test_garbage_date_gives_no_taken_at(value):
    """An unset or mangled camera clock gives None, not an error."""
    assert read_taken_at(exif_jpeg(original=value)) is None


def test_malformed_offset_is_ignored():
    """A mangled OffsetTimeOriginal leaves the local reading of the date."""
    taken_at = read_taken_at(exif_jpeg(original="2024:05:17 08:30:12", offset="bảy giờ"))
    assert taken_at == datetime.datetime(2024, 5, 17, 8, 30, 12, tzinfo=HCM)


@pytest.mark.parametrize("data", [b"", b"not an image", PDF_BYTES, jpeg_bytes(40, 30, gps=False)[:200]])
def test_non_images_and_photos_without_exif_dates_give_none(data):
    """Anything that is not a photo with a date gives None without raising."""
    assert read_taken_at(data) is None


# --- add_photo -----------------------------------------------------------------------------


def test_stored_files_carry_no_exif_or_gps(settings):
    """The master and every WebP rendition have no EXIF (GPS included); no original is kept."""
    meeting = MeetingFactory()
    data = exif_jpeg(original="2024:05:17 08:30:12", gps=True)
    photo = add_photo(meeting, upload(data, name="IMG_0001.jpg"))

    stored = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    image = photo.image
    assert {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored} == {
        image.file.name,
        *image.renditions.values(),
    }
    for path in stored:
        assert path.read_bytes() != data
        with PILImage.open(path) as opened:
            assert not opened.getexif(), path.name
            assert "exif" not in opened.info, path.name
            assert b"GPS" not in path.read_bytes()
    assert {p.suffix for p in stored} == {".jpg", ".webp"}


def test_add_photo_keeps_taken_at_caption_credit_and_the_uploader(admin_user):
    """The photo records when it was taken, the shared caption and credit, and the original name."""
    meeting = MeetingFactory()
    photo = add_photo(
        meeting,
        upload(exif_jpeg(original="2024:05:17 08:30:12"), name="IMG_0002.jpg"),
        user=admin_user,
        caption="Quang cảnh hội nghị",
        credit="Trần Thanh",
    )
    photo.refresh_from_db()
    assert photo.taken_at == datetime.datetime(2024, 5, 17, 8, 30, 12, tzinfo=HCM)
    assert (photo.caption, photo.credit) == ("Quang cảnh hội nghị", "Trần Thanh")
    assert photo.image.original_name == "IMG_0002.jpg"
    assert photo.image.uploaded_by == admin_user


def test_first_photo_becomes_the_cover():
    """A meeting's first photo is its cover; later ones are not."""
    meeting = MeetingFactory()
    first = add_photo(meeting, upload(jpeg_bytes(64, 48)))
    second = add_photo(meeting, upload(jpeg_bytes(64, 48)))
    assert first.is_cover
    assert not second.is_cover
    assert meeting.photos.filter(is_cover=True).count() == 1


def test_new_photo_is_ordered_after_the_last_one_once_photos_were_reordered():
    """Photos out of their automatic order were reordered by hand: a new one follows the highest order."""
    meeting = MeetingFactory()
    MeetingPhotoFactory(meeting=meeting, order=7, is_cover=True)
    MeetingPhotoFactory(meeting=meeting, order=3)
    photo = add_photo(meeting, upload(jpeg_bytes(64, 48)))
    assert photo.order == 8
    assert not photo.is_cover


def test_rejected_file_stores_nothing(settings):
    """A non-image raises ImageRejected with a Vietnamese message and leaves no row or file."""
    meeting = MeetingFactory()
    with pytest.raises(ImageRejected, match="không phải là ảnh hợp lệ"):
        add_photo(meeting, upload(b"xin chao", name="hong.jpg"))
    assert MeetingPhoto.objects.count() == 0
    assert Image.objects.count() == 0
    assert not list(settings.MEDIA_ROOT.rglob("*.*"))


def test_deleting_a_photo_deletes_its_image_and_files(settings, django_capture_on_commit_callbacks):
    """A deleted meeting photo takes its Image row and its files with it."""
    photo = add_photo(MeetingFactory(), upload(jpeg_bytes(64, 48)))
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not Image.objects.filter(pk=photo.image_id).exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_gallery_is_ordered_by_order():
    """A meeting's photos come in their order, not in upload order."""
    meeting = MeetingFactory()
    late = MeetingPhotoFactory(meeting=meeting, order=5)
    early = MeetingPhotoFactory(meeting=meeting, order=1)
    middle = MeetingPhotoFactory(meeting=meeting, order=3)
    assert list(meeting.photos.all()) == [early, middle, late]


# --- The manager page: upload without JavaScript ------------------------------------------


def test_bulk_upload_without_javascript_keeps_good_files_and_names_bad_ones(admin_client):
    """Three photos are saved; the fake JPEG and the PDF are reported by name."""
    meeting = MeetingFactory()
    files = [upload(jpeg_bytes(120, 90), name=f"anh-{i}.jpg") for i in range(3)]
    files += [
        upload(b"day khong phai la anh", name="hong.jpg"),
        upload(PDF_BYTES, name="bao-cao.pdf", content_type="application/pdf"),
    ]
    response = admin_client.post(
        photos_url(meeting),
        {"action": "upload", "caption_prefix": "Hội nghị BTV", "credit": "Văn phòng", "files": files},
    )
    assert response.status_code == 302
    photos = list(meeting.photos.all())
    assert [p.image.original_name for p in photos] == ["anh-0.jpg", "anh-1.jpg", "anh-2.jpg"]
    assert {(p.caption, p.credit) for p in photos} == {("Hội nghị BTV", "Văn phòng")}
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("hong.jpg: ") and "không phải là ảnh hợp lệ" in t for t in texts)
    assert any(t.startswith("bao-cao.pdf: ") for t in texts)
    assert "Đã tải lên 3 ảnh." in texts


def test_upload_form_without_files_says_so(admin_client):
    """Submitting the uploader with no file selected warns and stores nothing."""
    meeting = MeetingFactory()
    response = admin_client.post(photos_url(meeting), {"action": "upload"}, follow=True)
    assert "Chưa chọn ảnh nào để tải lên." in response.content.decode()
    assert meeting.photos.count() == 0


# --- The upload endpoint (JavaScript) -----------------------------------------------------


def test_upload_endpoint_answers_json_for_a_good_photo(admin_client):
    """A good photo gives 200 and its id, WebP thumbnail URL and original name."""
    meeting = MeetingFactory()
    response = admin_client.post(
        upload_url(meeting),
        {
            "file": upload(jpeg_bytes(900, 600), name="IMG_1234.JPG"),
            "caption_prefix": "Quang cảnh",
            "credit": "",
        },
    )
    assert response.status_code == 200
    body = response.json()
    photo = MeetingPhoto.objects.get()
    assert body["ok"] is True
    assert body["id"] == photo.pk
    assert body["name"] == "IMG_1234.JPG"
    assert body["thumb"].endswith(".webp")
    assert body["is_cover"] is True
    assert photo.caption == "Quang cảnh"


def test_upload_endpoint_reports_a_broken_file_by_name(admin_client):
    """A broken file gives 400 with its name and a Vietnamese reason; nothing is stored."""
    meeting = MeetingFactory()
    response = admin_client.post(upload_url(meeting), {"file": upload(b"\xff\xd8\xff hong", name="hong.jpg")})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "name": "hong.jpg",
        "error": "Tệp này không phải là ảnh hợp lệ. Hãy tải lên ảnh JPEG, PNG, WebP hoặc GIF.",
    }
    assert MeetingPhoto.objects.count() == 0


def test_upload_endpoint_without_a_file_says_so(admin_client):
    """A request without a file gets a Vietnamese reason."""
    response = admin_client.post(upload_url(MeetingFactory()), {})
    assert response.status_code == 400
    assert response.json()["error"] == "Không nhận được tệp ảnh."


def test_upload_endpoint_accepts_only_post(admin_client):
    """GET on the upload endpoint is not allowed."""
    assert admin_client.get(upload_url(MeetingFactory())).status_code == 405


def test_upload_endpoint_requires_a_csrf_token(admin_user):
    """A cross-site request cannot add photos on a staff member's behalf."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    meeting = MeetingFactory()
    response = client.post(upload_url(meeting), {"file": upload(jpeg_bytes(64, 48))})
    assert response.status_code == 403
    assert MeetingPhoto.objects.count() == 0


def test_upload_endpoint_accepts_the_token_from_the_page(admin_user):
    """The token the page's form carries, sent as X-CSRFToken like the uploader does, is accepted."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    meeting = MeetingFactory()
    page = client.get(photos_url(meeting)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(upload_url(meeting), {"file": upload(jpeg_bytes(64, 48))}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


# --- Permissions --------------------------------------------------------------------------


@pytest.mark.parametrize("codenames", [(), ("change_meeting",), ("add_image",)])
def test_staff_without_both_permissions_are_refused(django_user_model, codenames):
    """Managing photos needs “change meeting” and “add image”: without both, 403 and nothing stored."""
    client = staff_client(django_user_model, *codenames)
    meeting = MeetingFactory()
    assert client.get(photos_url(meeting)).status_code == 403
    response = client.post(upload_url(meeting), {"file": upload(jpeg_bytes(64, 48))})
    assert response.status_code == 403
    assert MeetingPhoto.objects.count() == 0


def test_staff_with_both_permissions_manage_photos(django_user_model):
    """Staff with “change meeting” and “add image” open the page and upload."""
    client = staff_client(django_user_model, "change_meeting", "add_image")
    meeting = MeetingFactory()
    assert client.get(photos_url(meeting)).status_code == 200
    assert client.post(upload_url(meeting), {"file": upload(jpeg_bytes(64, 48))}).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    """The admin's login protects the page and the endpoint."""
    meeting = MeetingFactory()
    assert "/admin/login/" in client.get(photos_url(meeting))["Location"]
    assert "/admin/login/" in client.post(upload_url(meeting), {})["Location"]


def test_unknown_meeting_is_not_found(admin_client):
    """A meeting id that does not exist gives 404."""
    assert admin_client.get(reverse("admin:meetings_meeting_photos", args=[987654])).status_code == 404


# --- The grid ------------------------------------------------------------------------------


def test_page_lists_the_photos_in_order_inside_the_admin(admin_client):
    """The page has one h1, the Vietnamese breadcrumbs and the photos in their order."""
    meeting = MeetingFactory(title="Hội nghị Ban Thường vụ lần thứ 12")
    MeetingPhotoFactory(meeting=meeting, order=2, caption="Ảnh thứ hai")
    MeetingPhotoFactory(meeting=meeting, order=1, caption="Ảnh thứ nhất", is_cover=True)
    html = admin_client.get(photos_url(meeting)).content.decode()
    assert html.count("<h1") == 1
    crumbs = html.split('class="breadcrumbs">')[1].split("</div>")[0]
    breadcrumbs = " ".join(unescape(re.sub(r"<[^>]+>", "", crumbs)).split())
    assert breadcrumbs == "Trang chủ › Hội nghị › Hội nghị Ban Thường vụ lần thứ 12 › Ảnh"
    assert html.index("Ảnh thứ nhất") < html.index("Ảnh thứ hai")
    assert 'type="file" name="files" id="id_files" multiple' in html
    assert "js/photo-manager.js" in html


def test_grid_saves_captions_order_officials_and_one_cover(admin_client):
    """One “Lưu” saves every photo's caption and order, its officials, and moves the cover."""
    meeting = MeetingFactory()
    first = MeetingPhotoFactory(meeting=meeting, order=0, is_cover=True)
    second = MeetingPhotoFactory(meeting=meeting, order=1)
    official = OfficialFactory()
    data = formset_data(
        [first, second],
        {
            first.pk: {"order": 1, "caption": "Đồng chí Bí thư phát biểu"},
            second.pk: {
                "order": 0,
                "cover": True,
                "alt_text": "Toàn cảnh hội trường",
                "officials": [official.pk],
            },
        },
    )
    response = admin_client.post(photos_url(meeting), data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.caption == "Đồng chí Bí thư phát biểu"
    assert (second.order, first.order) == (0, 1)
    assert list(meeting.photos.all()) == [second, first]
    assert second.is_cover and not first.is_cover
    assert meeting.photos.filter(is_cover=True).count() == 1
    assert second.alt_text == "Toàn cảnh hội trường"
    assert list(second.officials.all()) == [official]


def test_grid_delete_removes_the_photo_and_its_image(admin_client, django_capture_on_commit_callbacks):
    """A photo ticked “Xóa” goes, with its Image row; the next photo becomes the cover."""
    meeting = MeetingFactory()
    cover = MeetingPhotoFactory(meeting=meeting, order=0, is_cover=True)
    other = MeetingPhotoFactory(meeting=meeting, order=1)
    data = formset_data([cover, other], {cover.pk: {"DELETE": "on"}})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(photos_url(meeting), data)
    assert response.status_code == 302
    assert list(meeting.photos.all()) == [other]
    assert not Image.objects.filter(pk=cover.image_id).exists()
    other.refresh_from_db()
    assert other.is_cover


def test_grid_with_errors_is_shown_again_and_saves_nothing(admin_client):
    """An invalid order keeps the page open with the error and changes nothing."""
    meeting = MeetingFactory()
    photo = MeetingPhotoFactory(meeting=meeting, order=0, is_cover=True)
    data = formset_data([photo], {photo.pk: {"order": "-3", "caption": "Mới"}})
    response = admin_client.post(photos_url(meeting), data)
    assert response.status_code == 200
    assert "Vui lòng sửa các lỗi dưới đây." in response.content.decode()
    photo.refresh_from_db()
    assert photo.caption != "Mới"


def test_grid_accepts_photos_uploaded_after_the_page_was_opened(admin_client):
    """Forms the uploader added (counted as initial forms) save their photos too."""
    meeting = MeetingFactory()
    old = MeetingPhotoFactory(meeting=meeting, order=0, is_cover=True)
    new = add_photo(meeting, upload(jpeg_bytes(64, 48)), caption="Tiền tố")
    data = formset_data([old, new], {new.pk: {"caption": "Tiền tố: đại biểu dự hội nghị"}})
    assert admin_client.post(photos_url(meeting), data).status_code == 302
    new.refresh_from_db()
    assert new.caption == "Tiền tố: đại biểu dự hội nghị"


@pytest.mark.parametrize("count", [2, 12])
def test_manager_page_query_count_does_not_grow_with_photos(admin_client, django_assert_num_queries, count):
    """The page costs the same number of queries with 2 photos as with 12."""
    meeting = MeetingFactory()
    officials = OfficialFactory.create_batch(3)
    for order in range(count):
        photo = MeetingPhotoFactory(meeting=meeting, order=order, is_cover=order == 0)
        photo.officials.set(officials[: order % 3 + 1])
    # session, user, whether the user has a second factor to ask for, meeting (admin
    # queryset), officials' choices, photos + images, their officials, and the site settings'
    # existence check of the admin's context
    with django_assert_num_queries(8):
        response = admin_client.get(photos_url(meeting))
    assert response.status_code == 200
    assert response.content.decode().count('<li class="photo-card') == count + 1  # + the uploader's template


def test_upload_endpoint_reports_a_failing_storage_by_name(admin_client, full_disk):
    """A full disk gives 503 with the file's name and a Vietnamese reason; nothing is kept."""
    photo = upload(jpeg_bytes(), name="IMG_1.JPG")
    response = admin_client.post(upload_url(MeetingFactory()), {"file": photo})
    assert response.status_code == 503
    assert response.json()["name"] == "IMG_1.JPG"
    assert "ổ đĩa đầy" in response.json()["error"]
    assert MeetingPhoto.objects.count() == 0
