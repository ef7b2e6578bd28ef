"""Bad files at every door the staff upload through: the editor's photo upload, the meeting
photo manager, the photo library, the cover of an article, and document attachments. A PDF
renamed .jpg, an SVG carrying a script, a decompression-bomb PNG, a 60 MB file, HTML posing
as a document, a name climbing out with ../: each refused with a Vietnamese message naming
the problem, and nothing stored; or, for a good photo under a hostile name, stored under a
name of the portal's own, as an image."""

import pytest
from django.urls import reverse

from meetings.attachments import AttachmentRejected, check_upload
from meetings.models import MeetingPhoto
from meetings.tests.factories import MeetingFactory, pdf_bytes
from news.tests.factories import CategoryFactory
from portal.models import Image
from portal.tests.imagefiles import PDF_BYTES, jpeg_bytes, png_bomb_bytes, upload

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("xss")</script></svg>'
SIXTY_MB = jpeg_bytes(20, 20) + bytes(60 * 1024 * 1024)
BAD_PHOTOS = {
    "pdf-renamed-jpg": ("bao-cao.jpg", PDF_BYTES, "không phải là ảnh hợp lệ"),
    "svg-with-script": ("logo.svg", SVG, "không phải là ảnh hợp lệ"),
    "decompression-bomb": ("bom.png", png_bomb_bytes(), "quá lớn"),
    "sixty-megabytes": ("anh-60mb.jpg", SIXTY_MB, "MB"),
}


def post_to_editor(client, name, data):
    response = client.post(reverse("portal:editor-image-upload"), {"upload": upload(data, name=name)})
    return response.status_code, response.json()["error"]["message"] if response.status_code != 200 else ""


def post_to_photo_manager(client, name, data):
    meeting = MeetingFactory()
    url = reverse("admin:meetings_meeting_photo_upload", args=[meeting.pk])
    response = client.post(url, {"file": upload(data, name=name), "caption_prefix": "", "credit": ""})
    return response.status_code, response.json().get("error", "")


def post_to_photo_library(client, name, data):
    response = client.post(
        reverse("admin:portal_image_add"),
        {"upload": upload(data, name=name), "alt_text": "Ảnh", "caption": ""},
    )
    errors = (
        response.context["adminform"].form.errors.get("upload", []) if response.status_code == 200 else []
    )
    return response.status_code, " ".join(errors)


def post_as_cover(client, name, data):
    category = CategoryFactory()
    fields = {
        "title": "Hội nghị giao ban quý II",
        "slug": "",
        "category": category.pk,
        "lead": "Sáng 28/3, Đảng ủy phường tổ chức hội nghị.",
        "body": "<p>Nội dung</p>",
        "cover_caption": "",
        "cover_alt": "Đại biểu dự hội nghị",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "",
        "source": "",
        "cover_upload": upload(data, name=name),
    }
    response = client.post(reverse("admin:news_article_add"), fields)
    errors = (
        response.context["adminform"].form.errors.get("cover_upload", [])
        if response.status_code == 200
        else []
    )
    return response.status_code, " ".join(errors)


DOORS = {
    "editor": post_to_editor,
    "photo-manager": post_to_photo_manager,
    "photo-library": post_to_photo_library,
    "article-cover": post_as_cover,
}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("case", BAD_PHOTOS)
def test_a_bad_photo_is_refused_at_every_door_and_nothing_is_stored(admin_client, settings, door, case):
    name, data, reason = BAD_PHOTOS[case]
    status, message = DOORS[door](admin_client, name, data)
    assert status in (200, 400), status  # 200: the admin's form shown again with its error
    assert reason in message, message
    assert Image.objects.count() == 0 and MeetingPhoto.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "images").exists()


@pytest.mark.parametrize("door", ["editor", "photo-manager", "photo-library"])
def test_a_hostile_name_is_not_the_stored_name(admin_client, settings, door):
    status, _ = DOORS[door](admin_client, "../../../etc/cron.d/anh.php.jpg", jpeg_bytes(640, 480))
    assert status in (200, 302)
    image = Image.objects.get()
    stored = settings.MEDIA_ROOT / image.file.name
    assert stored.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert ".." not in image.file.name and "php" not in image.file.name and "cron" not in image.file.name
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert all(name.endswith(".webp") for name in image.renditions.values())


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("trang.html", b"<html><script>alert(1)</script></html>", "không được nhận"),
        ("nghi-quyet.pdf", b"<html><script>alert(1)</script></html>", "không phải là tệp PDF"),
        ("van-ban.exe", b"MZ\x90\x00", "không được nhận"),
        ("bao-cao.svg", SVG, "không được nhận"),
        ("../../../etc/passwd.pdf", b"root:x:0:0", "không phải là tệp PDF"),
        ("nghi-quyet-lon.pdf", pdf_bytes() + bytes(60 * 1024 * 1024), "MB"),
    ],
)
def test_a_bad_attachment_is_refused_with_its_reason(name, data, reason):
    with pytest.raises(AttachmentRejected) as refused:
        check_upload(upload(data, name=name, content_type="application/octet-stream"))
    assert reason in str(refused.value)
