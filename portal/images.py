"""The portal's image pipeline: every uploaded photo passes through here.

A file is accepted only if Pillow decodes it as a JPEG, PNG, WebP or GIF within the size
limits. It is then turned upright from its EXIF orientation, stripped of all metadata
(EXIF, GPS, XMP, ICC profiles other than sRGB are dropped), resized to a sane maximum,
re-encoded as a JPEG master under a random name, and WebP renditions are made once, now,
for the widths in ``settings.PORTAL_IMAGE_RENDITION_WIDTHS``. Nothing is written unless
every step succeeds.
"""

import io
import logging
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from .models import Image

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


# The masthead shows the logo at 72 CSS pixels: 512 covers the densest screens.
LOGO_MAX_SIDE = 512


class ImageRejected(ValueError):
    """The upload is not an image the portal accepts; ``str(err)`` is a message for editors."""


@dataclass
class _Encoded:
    master: bytes
    width: int
    height: int
    renditions: dict[int, bytes]


def _open(data: bytes) -> PILImage.Image:
    max_pixels = settings.PORTAL_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    "Định dạng ảnh không được hỗ trợ. Hãy tải lên ảnh JPEG, PNG, WebP hoặc GIF."
                )
            if image.width * image.height > max_pixels:
                raise ImageRejected(
                    f"Ảnh quá lớn ({image.width}×{image.height} điểm ảnh). "
                    f"Giới hạn là {max_pixels // 1_000_000} megapixel."
                )
            if image.format in ("JPEG", "MPO"):
                # Let the decoder scale big photos down by 1/2, 1/4 or 1/8 while still
                # covering the final size: less memory and time per upload.
                side = settings.PORTAL_IMAGE_MAX_SIDE
                image.draft("RGB", (side, side))
            image.load()
    except ImageRejected:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageRejected("Ảnh quá lớn hoặc bị lỗi cấu trúc, không thể xử lý.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(
            "Tệp này không phải là ảnh hợp lệ. Hãy tải lên ảnh JPEG, PNG, WebP hoặc GIF."
        ) from exc
    return image


def _upright(image: PILImage.Image) -> PILImage.Image:
    """Turned as the camera's EXIF orientation says; as it is if that block is corrupt (a
    broken EXIF must not lose the picture)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        return image


def _flatten(image: PILImage.Image) -> PILImage.Image:
    """RGB on a white background: photos for the web, without alpha or palettes."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = PILImage.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def encode(data: bytes) -> _Encoded:
    """Decode, clean and re-encode ``data``; raises ImageRejected for anything unacceptable."""
    if len(data) > settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ImageRejected(f"Tệp ảnh vượt quá {limit} MB.")
    if not data:
        raise ImageRejected("Tệp ảnh trống.")
    image = _flatten(_upright(_open(data)))
    image.thumbnail((settings.PORTAL_IMAGE_MAX_SIDE, settings.PORTAL_IMAGE_MAX_SIDE), PILImage.LANCZOS)

    # A fresh image carries no EXIF/GPS/XMP; saving without exif= writes none.
    master = io.BytesIO()
    image.save(master, "JPEG", quality=85, optimize=True, progressive=True)

    renditions: dict[int, bytes] = {}
    for width in sorted(set(settings.PORTAL_IMAGE_RENDITION_WIDTHS)):
        # Widths the photo does not reach collapse into one rendition at its own width.
        width = min(width, image.width)
        target = (
            image
            if width == image.width
            else image.resize((width, max(1, round(image.height * width / image.width))), PILImage.LANCZOS)
        )
        out = io.BytesIO()
        target.save(out, "WEBP", quality=80, method=4)
        renditions[width] = out.getvalue()
        if width == image.width:
            break
    return _Encoded(master.getvalue(), image.width, image.height, renditions)


def read_upload(uploaded) -> bytes:
    """Read at most the size limit (plus one byte, so that an oversized file is noticed)."""
    if getattr(uploaded, "size", None) and uploaded.size > settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES:
        limit = settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ImageRejected(f"Tệp ảnh vượt quá {limit} MB.")
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return uploaded.read(settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES + 1)


@dataclass
class CleanUpload:
    """An upload that passed the pipeline's checks, ready to be stored."""

    name: str
    encoded: _Encoded


def clean_upload(uploaded) -> CleanUpload:
    """Check and re-encode an upload without writing anything (for form validation)."""
    return CleanUpload((getattr(uploaded, "name", "") or "")[:255], encode(read_upload(uploaded)))


def store(
    upload: CleanUpload, *, user=None, alt_text: str = "", caption: str = "", credit: str = ""
) -> Image:
    """Write a cleaned upload's files under a random name and create its Image row.

    If anything fails, the files written so far are removed again.
    """
    encoded = upload.encoded
    storage = default_storage
    folder = timezone.localdate().strftime("images/%Y/%m")
    stem = secrets.token_hex(16)
    written: list[str] = []
    try:
        master_name = storage.save(f"{folder}/{stem}.jpg", ContentFile(encoded.master))
        written.append(master_name)
        renditions = {}
        for width, payload in encoded.renditions.items():
            name = storage.save(f"{folder}/{stem}-{width}.webp", ContentFile(payload))
            written.append(name)
            renditions[str(width)] = name
        with transaction.atomic():
            image = Image(
                width=encoded.width,
                height=encoded.height,
                renditions=renditions,
                original_name=upload.name,
                alt_text=alt_text,
                caption=caption,
                credit=credit,
                uploaded_by=user if getattr(user, "pk", None) else None,
            )
            image.file.name = master_name
            image.save()
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    logger.info(
        "Stored image %s (%dx%d) from %r", image.file.name, image.width, image.height, image.original_name
    )
    return image


def clean_logo(uploaded) -> ContentFile:
    """The site's logo through the same checks as any image (size, format, pixel count, a
    bomb), turned upright, at most LOGO_MAX_SIDE pixels a side, kept with its transparency
    (a logo sits on the coloured masthead) as a PNG without its metadata (EXIF, GPS, XMP),
    under a random name. Raises ImageRejected with a message for editors."""
    logo = _upright(_open(read_upload(uploaded))).convert("RGBA")  # fresh: no metadata travels
    logo.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), PILImage.LANCZOS)
    out = io.BytesIO()
    logo.save(out, "PNG", optimize=True)
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(16)}.png")


def save_image(uploaded, *, user=None, **meta) -> Image:
    """Check, clean and store an uploaded file in one step."""
    return store(clean_upload(uploaded), user=user, **meta)
