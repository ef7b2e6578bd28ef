"""Meeting photos: add one through the image pipeline, with the time it was taken.

A meeting's photos arrive in batches of dozens of phone photos. Each one is added on its own
(one HTTP request per photo, see ``meetings/admin/photos.py``), so no request runs long.
The camera's EXIF is read here, before the pipeline strips it: only the time the photo was
taken is kept; the original file, GPS position included, is never stored.

Order: uploads finish in any order (two run at once), so a new photo takes its place by the
time it was taken, then by its file name ("IMG_2041.jpg" before "IMG_2042.jpg"), photos
without a time last. Once staff have reordered the photos by hand, their order stays and new
photos go after the last one. The cover chosen automatically is the first photo in that order.

Descriptions: a meeting is published only when each photo has one of its own or is marked
decorative (``photos_without_alt``, called by editorial/workflow.py; the rule is
``MeetingPhoto.has_description``).
"""

import datetime
import io
import logging
import re
import warnings
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, ProtectedError
from PIL import ExifTags
from PIL import Image as PILImage

from portal import freshness
from portal.images import CleanUpload, encode, read_upload, store
from portal.models import Image
from portal.sanitize import body_images_without_alt

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

    ``caption`` is the batch's shared caption (kept as the photo's ``caption_prefix`` too). The
    new photo takes its place in the meeting's order (``arrange``), and becomes the cover if
    the meeting has none or its cover was the automatic one. Raises
    ``portal.images.ImageRejected`` (with a message for the staff) for a file that is not an
    acceptable image; nothing is stored then.
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
            last = MeetingPhoto.objects.filter(meeting=meeting).aggregate(last=Max("order"))["last"]
            photo = MeetingPhoto.objects.create(
                meeting=meeting,
                image=image,
                caption=caption,
                caption_prefix=caption,
                credit=credit,
                order=0 if last is None else last + 1,
                taken_at=taken_at,
            )
            arrange(meeting, photo)
    except BaseException:
        if image is not None:  # its row was rolled back; its files were already written
            image.delete_files()
        raise
    photo.refresh_from_db(fields=["order", "is_cover"])
    logger.info("Added photo %s (%r) to meeting %s", photo.pk, upload.name, meeting.pk)
    return photo


# --- Order and cover ----------------------------------------------------------------------


def _natural(name: str) -> tuple:
    """A file name as people sort it: "IMG_9.jpg" before "IMG_10.jpg", case ignored."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(name.casefold())
    )


_DIGITS = re.compile(r"(\d+)")
_NO_TIME = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def automatic_key(photo: MeetingPhoto) -> tuple:
    """Where a photo comes when nobody has reordered them: by the time it was taken (photos
    without one last), then by its original file name, then as added."""
    name = photo.image.original_name if photo.image_id else ""
    return (photo.taken_at is None, photo.taken_at or _NO_TIME, _natural(name), photo.pk)


def _in_order(meeting: Meeting) -> list[MeetingPhoto]:
    photos = (
        MeetingPhoto.objects.filter(meeting=meeting)
        .select_related("image")
        .only("pk", "meeting_id", "order", "is_cover", "taken_at", "image__original_name")
    )
    return list(photos.order_by("order", "id"))


def arrange(meeting: Meeting, new: MeetingPhoto) -> None:
    """Give ``new`` (just added, last) its place among ``meeting``'s photos, in a transaction
    holding the meeting's lock.

    If the others are in the automatic order (``automatic_key``), they stay so with ``new``
    among them, renumbered 0, 1, 2…; otherwise staff have reordered them and ``new`` stays
    last. The cover moves to the first photo when it was the first before (an automatic
    choice, or one that agreed with it); a cover chosen further down stays.
    """
    photos = _in_order(meeting)
    others = [p for p in photos if p.pk != new.pk]
    if others == sorted(others, key=automatic_key):
        photos = sorted(photos, key=automatic_key)
        renumbered = []
        for position, photo in enumerate(photos):
            if photo.order != position:
                photo.order = position
                renumbered.append(photo)
        MeetingPhoto.objects.bulk_update(renumbered, ["order"])
    cover = next((p for p in photos if p.is_cover), None)
    if cover is None or (others and cover == others[0] and photos[0] != cover):
        _set_cover(meeting, photos[0])


def _set_cover(meeting: Meeting, photo: MeetingPhoto) -> None:
    photos = MeetingPhoto.objects.filter(meeting=meeting)
    # Unset first: at most one cover per meeting, at every statement.
    photos.filter(is_cover=True).exclude(pk=photo.pk).update(is_cover=False)
    photos.filter(pk=photo.pk).update(is_cover=True)


def sort_by_time_taken(meeting: Meeting) -> None:
    """Put ``meeting``'s photos back in the automatic order (undoing a reordering by hand), so
    that the photos added next take their places among them again. The cover stays."""
    with transaction.atomic():
        Meeting.objects.select_for_update().only("pk").get(pk=meeting.pk)
        photos = sorted(_in_order(meeting), key=automatic_key)
        for position, photo in enumerate(photos):
            photo.order = position
        MeetingPhoto.objects.bulk_update(photos, ["order"])
        freshness.content_changed()  # a bulk update sends no signal: the gallery's order changed


# --- Descriptions -------------------------------------------------------------------------


def photos_without_alt(meeting: Meeting) -> list[str]:
    """The photos of ``meeting`` that readers would get without a description of their own
    (WCAG 1.1.1): those of its gallery (``MeetingPhoto.has_description``), named as the photo
    manager shows them, "ảnh số 3 (IMG_2041.jpg)"; then those in its text with an empty alt,
    "ảnh thứ 1 trong nội dung (…)"."""
    in_text = body_images_without_alt(meeting.summary)
    if meeting.pk is None:
        return in_text
    photos = meeting.photos.select_related("image").order_by("order", "id")
    gallery = [photo_label(n, photo) for n, photo in enumerate(photos, 1) if not photo.has_description]
    return gallery + in_text


def photo_label(number: int, photo: MeetingPhoto) -> str:
    name = photo.image.original_name if photo.image_id else ""
    return f"ảnh số {number} ({name})" if name else f"ảnh số {number}"


def delete_unused_image(photo: MeetingPhoto) -> None:
    """After a meeting photo is deleted: its Image was made for it alone, so it goes too (its
    files go on commit), unless something else still shows it."""
    if MeetingPhoto.objects.filter(image_id=photo.image_id).exists():
        return
    try:
        Image.objects.filter(pk=photo.image_id).delete()
    except ProtectedError:  # reused elsewhere (a portrait): keep it
        logger.info("Image %s of deleted meeting photo %s is still in use", photo.image_id, photo.pk)
