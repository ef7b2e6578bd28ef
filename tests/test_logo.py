"""Every image an editor uploads goes through the image pipeline (portal/images.py), the
site's logo included: a size and pixel limit, turned upright, no metadata (GPS, camera)."""

import io

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from editorial.tests.helpers import page_form
from portal.models import SiteSettings
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def _post_logo(admin_client, data: bytes, name: str):
    """The site settings' form as the admin shows it, sent back with ``data`` as the logo."""
    change = reverse("admin:portal_sitesettings_change", args=[SiteSettings.load().pk])
    form = {key: values[0] for key, values in page_form(admin_client.get(change).content.decode()).items()}
    form["logo"] = upload(data, name, "image/png" if name.endswith(".png") else "image/jpeg")
    return admin_client.post(change, form)


def _png_with_transparency(width: int, height: int) -> bytes:
    image = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((218, 37, 29, 255), (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_new_logo_goes_through_the_image_pipeline(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert _post_logo(admin_client, jpeg_bytes(2400, 1200, gps=True), "logo-moi.jpg").status_code == 302
    logo = SiteSettings.objects.get().logo
    assert logo.name.startswith("site/") and logo.name.endswith(".png")
    with PILImage.open(logo.path) as stored:
        assert stored.size == (512, 256)  # at most LOGO_MAX_SIDE a side
        assert not stored.getexif() and "exif" not in stored.info  # no GPS, no camera
    assert _post_logo(admin_client, _png_with_transparency(300, 300), "logo.png").status_code == 302
    with PILImage.open(SiteSettings.objects.get().logo.path) as stored:
        assert stored.mode == "RGBA" and stored.getpixel((0, 0))[3] == 0  # still transparent


def test_a_logo_the_pipeline_refuses_is_a_form_error_and_the_old_one_stays(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_IMAGE_MAX_PIXELS = 40_000
    response = _post_logo(admin_client, _png_with_transparency(400, 400), "qua-lon.png")
    assert response.status_code == 200
    assert "Ảnh quá lớn (400×400 điểm ảnh)" in response.content.decode()
    assert not SiteSettings.objects.get().logo
