"""Meeting photos: add one through the image pipeline, with the time it was taken.

A meeting's photos arrive in batches of dozens of phone photos. Each one is added on its own
(one HTTP request per photo, see ``meetings/admin/photos.py``), so no request runs long.
The camera's EXIF is read here, before the pipeline strips it: only the time the photo was
taken is kept; the original file, GPS position included, is never stored.
"""

import datetime
import io
import logging
import warnings
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, ProtectedError
from PIL import ExifTags
from PIL import Image as PILImage

from portal.images import CleanUpload, encode, read_upload, store
from portal.models import Image

from .models import Meeting, MeetingPhoto

logger = logging.getLogger(__name__)

# A camera's clock shows local time and EXIF rarely says which zone: the committee's own.
CAMERA_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

TAG_DATETIME = 0x0132  # IFD0: when the file was last changed (by the camera, usually)
TAG_DATETIME_ORIGINAL = 0x9003  # Exif IFD: when the photo was taken
TAG_OFFSET_TIME = 0x9010  # Exif IFD: UTC offset of DateTime, "+07:00"
TAG_OFFSET_TIME_ORIGINAL = 0x9011  # Exif IFD: UTC offset of DateTimeOriginal


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip().strip("\x00").strip()


def _parse_exif_datetime(value, zone: datetime.tzinfo) -> datetime.datetime | None:
    """ "2024:05:17 08:30:12" (EXIF's format) → that moment in ``zone``; anything else → None."""
    text = _text(value)
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
        try:
            moment = datetime.datetime.strptime(text, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
        # Unset camera clocks write 0000:00:00 (rejected by strptime) or absurd years.
        return moment if moment.year >= 1900 else None
    return None


def _parse_offset(value) -> datetime.tzinfo | None:
    """ "+07:00" → a fixed offset; missing or malformed → None."""
    text = _text(value) if value is not None else ""
    if len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    delta = datetime.timedelta(hours=hours, minutes=minutes)
    return datetime.timezone(-delta if text[0] == "-" else delta)


def read_taken_at(data: bytes) -> datetime.datetime | None:
    """When the photo was taken, from its EXIF, as an aware datetime; None if unknown.

    DateTimeOriginal is preferred, DateTime is the fallback; each with its own offset tag
    when the camera wrote one, else read as local time in Hạ Long. Never raises.
    """
    try:
        with warnings.catch_warnings():
            # Only the header is read here; the pipeline enforces the size limits.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as image:
                exif = image.getexif()
                exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
        candidates = [
            (exif_ifd.get(TAG_DATETIME_ORIGINAL), exif_ifd.get(TAG_OFFSET_TIME_ORIGINAL)),
            (exif.get(TAG_DATETIME), exif_ifd.get(TAG_OFFSET_TIME)),
        ]
        for value, offset in candidates:
            if value is None:
                continue
            moment = _parse_exif_datetime(value, _parse_offset(offset) or CAMERA_TIME_ZONE)
            if moment is not None:
                return moment
    except Exception:  # a photo with a broken EXIF block is still a photo
        logger.debug("Unreadable EXIF date", exc_info=True)
    return None


def add_photo(meeting: Meeting, uploaded, *, user=None, caption: str = "", credit: str = "") -> MeetingPhoto:
    """Run one uploaded file through the image pipeline and add it to ``meeting``'s photos.

    The new photo comes after the meeting's last one, and becomes the cover if the meeting
    has none. Raises ``portal.images.ImageRejected`` (with a message for the staff) for a
    file that is not an acceptable image; nothing is stored then.
    """
    data = read_upload(uploaded)
    taken_at = read_taken_at(data)
    # Decoding and re-encoding takes about a second for a phone photo: done before the
    # transaction, so that the meeting's row is locked only while the rows are written.
    encoded = encode(data)
    del data
    upload = CleanUpload((getattr(uploaded, "name", "") or "")[:255], encoded)

    image = None
    try:
        with transaction.atomic():
            # Serialises concurrent uploads to one meeting (the uploader sends two at a time):
            # both would otherwise take the same order, or both become the cover.
            Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
            image = store(upload, user=user, caption=caption, credit=credit)
            photos = MeetingPhoto.objects.filter(meeting=meeting)
            last = photos.aggregate(last=Max("order"))["last"]
            photo = MeetingPhoto.objects.create(
                meeting=meeting,
                image=image,
                caption=caption,
                credit=credit,
                order=0 if last is None else last + 1,
                is_cover=not photos.filter(is_cover=True).exists(),
                taken_at=taken_at,
            )
    except BaseException:
        if image is not None:  # its row was rolled back; its files were already written
            image.delete_files()
        raise
    logger.info("Added photo %s (%r) to meeting %s", photo.pk, upload.name, meeting.pk)
    return photo


def delete_unused_image(photo: MeetingPhoto) -> None:
    """After a meeting photo is deleted: its Image was made for it alone, so it goes too (its
    files go on commit), unless something else still shows it."""
    if MeetingPhoto.objects.filter(image_id=photo.image_id).exists():
        return
    try:
        Image.objects.filter(pk=photo.image_id).delete()
    except ProtectedError:  # reused elsewhere (a portrait): keep it
        logger.info("Image %s of deleted meeting photo %s is still in use", photo.image_id, photo.pk)
