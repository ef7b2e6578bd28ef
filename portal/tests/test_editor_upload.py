import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from portal.models import Image

from .imagefiles import PDF_BYTES, jpeg_bytes, upload

pytestmark = pytest.mark.django_db
URL = reverse("portal:editor-image-upload")


def test_staff_upload_returns_webp_urls_for_the_editor(admin_client, settings):
    """CKEditor 5 receives WebP URLs (default + one per width) of a clean image."""
    response = admin_client.post(URL, {"upload": upload(jpeg_bytes(1200, 800, gps=True))})
    assert response.status_code == 200
    urls = response.json()["urls"]
    assert urls["default"].endswith(".webp")
    assert {"480", "960", "1200"} <= set(urls)
    image = Image.objects.get()
    assert image.uploaded_by.is_superuser
    path = settings.MEDIA_ROOT / image.renditions["960"]
    with PILImage.open(path) as stored:
        assert stored.format == "WEBP"
        assert not stored.getexif()


def test_non_image_is_refused_with_a_vietnamese_message(admin_client, settings):
    """A renamed PDF gets CKEditor's error format and nothing is stored."""
    response = admin_client.post(URL, {"upload": upload(PDF_BYTES, name="bao-cao.jpg")})
    assert response.status_code == 400
    assert "không phải là ảnh hợp lệ" in response.json()["error"]["message"]
    assert Image.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "images").exists()


def test_missing_file_is_refused(admin_client):
    """A request without a file says so."""
    response = admin_client.post(URL, {})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Không nhận được tệp ảnh."


def test_readers_cannot_upload(client):
    """Anonymous visitors are sent to the login page and nothing is stored."""
    response = client.post(URL, {"upload": upload(jpeg_bytes())})
    assert response.status_code == 302
    assert Image.objects.count() == 0


def test_staff_without_the_permission_cannot_upload(django_user_model):
    """Staff need the “add image” permission."""
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-123", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.post(URL, {"upload": upload(jpeg_bytes())}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_image"))
    assert client.post(URL, {"upload": upload(jpeg_bytes())}).status_code == 200


def test_upload_requires_a_csrf_token(admin_user):
    """A cross-site form cannot upload on an editor's behalf."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(URL, {"upload": upload(jpeg_bytes())}).status_code == 403
    assert Image.objects.count() == 0


def test_get_is_not_allowed(admin_client):
    """Only POST uploads."""
    assert admin_client.get(URL).status_code == 405


def test_photo_library_upload_goes_through_the_pipeline(admin_client, settings):
    """Photos added in the admin's library are cleaned like editor uploads."""
    response = admin_client.post(
        reverse("admin:portal_image_add"),
        {
            "upload": upload(jpeg_bytes(1000, 700, gps=True)),
            "alt_text": "Quang cảnh",
            "caption": "Hội nghị",
            "credit": "Thu Hằng",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.alt_text, image.caption, image.credit) == ("Quang cảnh", "Hội nghị", "Thu Hằng")
    with PILImage.open(settings.MEDIA_ROOT / image.file.name) as master:
        assert not master.getexif()
    assert admin_client.get(reverse("admin:portal_image_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:portal_image_change", args=[image.pk])).status_code == 200


def test_photo_library_refuses_a_fake_image(admin_client):
    """A PDF renamed .jpg is refused in the library form too, with nothing stored."""
    response = admin_client.post(
        reverse("admin:portal_image_add"), {"upload": upload(PDF_BYTES, name="anh.jpg")}
    )
    assert response.status_code == 200
    assert "không phải là ảnh hợp lệ" in response.content.decode()
    assert Image.objects.count() == 0


def test_a_failing_storage_gets_a_message_not_an_error_page(admin_client, full_disk):
    response = admin_client.post(reverse("portal:editor-image-upload"), {"upload": upload(jpeg_bytes())})
    assert response.status_code == 503
    assert "ổ đĩa đầy hoặc kho lưu trữ không phản hồi" in response.json()["error"]["message"]
    assert Image.objects.count() == 0
