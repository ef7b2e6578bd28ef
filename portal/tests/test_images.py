import io

import pytest
from PIL import Image as PILImage

from portal.images import ImageRejected, save_image
from portal.models import Image

from .imagefiles import PDF_BYTES, jpeg_bytes, png_bomb_bytes, upload

pytestmark = pytest.mark.django_db


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_gps_and_all_exif_are_removed(settings):
    """A phone photo with GPS EXIF comes out of the pipeline without any EXIF at all."""
    image = save_image(upload(jpeg_bytes(gps=True)))
    files = _stored_files(settings)
    assert len(files) == 1 + len(image.renditions)
    for path in files:
        with PILImage.open(path) as stored:
            assert not stored.getexif(), path.name
            assert "exif" not in stored.info
            assert stored.getexif().get_ifd(0x8825) == {}


def test_orientation_is_applied_before_exif_is_dropped(settings):
    """A portrait shot stored sideways with Orientation=6 is saved upright."""
    image = save_image(upload(jpeg_bytes(800, 600, orientation=6)))
    assert (image.width, image.height) == (600, 800)


def test_renditions_are_webp_and_master_is_capped(settings):
    """WebP renditions exist for the card and body widths, and the master is size-capped."""
    settings.PORTAL_IMAGE_MAX_SIDE = 1200
    image = save_image(upload(jpeg_bytes(3000, 2000)))
    assert (image.width, image.height) == (1200, 800)
    assert set(image.renditions) == {"480", "960", "1200"}
    for width, name in image.renditions.items():
        with image.file.storage.open(name) as fh, PILImage.open(fh) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.width == int(width)
    with image.file.storage.open(image.file.name) as fh, PILImage.open(fh) as master:
        assert master.format == "JPEG"


def test_file_names_are_random_not_the_uploaders():
    """Stored names say nothing about the original file and cannot collide."""
    first = save_image(upload(jpeg_bytes(), name="Ảnh hội nghị của tôi.jpg"))
    second = save_image(upload(jpeg_bytes(), name="Ảnh hội nghị của tôi.jpg"))
    assert "hoi-nghi" not in first.file.name and "tôi" not in first.file.name
    assert first.file.name != second.file.name
    assert first.original_name == "Ảnh hội nghị của tôi.jpg"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PDF_BYTES, "không phải là ảnh hợp lệ"),
        (b"", "trống"),
        (b"GIF89a" + b"\x00" * 20, "không phải là ảnh hợp lệ"),
        (png_bomb_bytes(), "quá lớn"),
    ],
    ids=["pdf-renamed-jpg", "empty", "truncated-gif", "decompression-bomb"],
)
def test_bad_uploads_are_refused_and_nothing_is_saved(settings, data, message):
    """A renamed PDF, an empty or broken file and a decompression bomb are refused cleanly."""
    with pytest.raises(ImageRejected, match=message):
        save_image(upload(data, name="anh.jpg"))
    assert Image.objects.count() == 0
    assert _stored_files(settings) == []


def test_oversized_file_is_refused_before_decoding(settings):
    """A file over the byte limit is refused with the limit in the message."""
    settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES = 5 * 1024
    with pytest.raises(ImageRejected, match="vượt quá"):
        save_image(upload(jpeg_bytes(2000, 2000)))
    assert Image.objects.count() == 0
    assert _stored_files(settings) == []


def test_too_many_pixels_is_refused(settings):
    """A real image over the pixel limit is refused, not resized at great cost."""
    settings.PORTAL_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ImageRejected, match="megapixel"):
        save_image(upload(jpeg_bytes(1500, 1000)))


def test_files_are_removed_when_the_database_write_fails(settings, monkeypatch):
    """If the row cannot be saved, the files already written are deleted again."""

    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Image, "save", fail)
    with pytest.raises(RuntimeError):
        save_image(upload(jpeg_bytes()))
    assert _stored_files(settings) == []


def test_transparent_png_is_flattened_on_white():
    """A PNG logo with transparency becomes a clean photo on a white background."""
    source = PILImage.new("RGBA", (200, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    source.save(out, "PNG")
    image = save_image(upload(out.getvalue(), name="logo.png", content_type="image/png"))
    with image.file.storage.open(image.file.name) as fh, PILImage.open(fh) as master:
        assert master.mode == "RGB"
        assert master.getpixel((10, 10)) == (255, 255, 255)


def test_deleting_an_image_deletes_its_files_once_committed(settings, django_capture_on_commit_callbacks):
    """The files go with the row, but only when the deletion is committed."""
    image = save_image(upload(jpeg_bytes()))
    assert _stored_files(settings)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image.delete()
    assert _stored_files(settings), "files must survive until the transaction commits"
    for callback in callbacks:
        callback()
    assert _stored_files(settings) == []


def test_big_jpeg_is_decoded_at_reduced_size_but_still_covers_the_cap(settings):
    """A large JPEG is scaled down during decoding, never below the maximum side."""
    settings.PORTAL_IMAGE_MAX_SIDE = 500
    image = save_image(upload(jpeg_bytes(2400, 1600, gps=False)))
    assert (image.width, image.height) == (500, 333)
