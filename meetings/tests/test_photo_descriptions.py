"""Every photo of a published meeting has a description of its own (its alt text) or is
marked decorative; the approver is told which photos lack one, and the photo manager shows
them before anyone submits."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingPhoto, Publication
from meetings.photos import add_photo, photos_without_alt
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

from .factories import MeetingFactory, MeetingPhotoFactory

pytestmark = pytest.mark.django_db

TITLE = "Hội nghị Ban Thường vụ Thành ủy lần thứ 12"
PREFIX = "Hội nghị Ban Thường vụ Thành ủy tháng 11"


def draft_meeting(**fields):
    return MeetingFactory(title=TITLE, publication=Publication.DRAFT, published_at=None, **fields)


def photo(meeting, name="IMG_2041.jpg", **fields):
    image = save_image(upload(jpeg_bytes(64, 48, gps=False), name=name))
    return MeetingPhotoFactory(meeting=meeting, image=image, **fields)


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def photos_url(meeting):
    return reverse("admin:meetings_meeting_photos", args=[meeting.pk])


def press(client, meeting, transition, **extra):
    """Post the meeting's admin form unchanged, pressing a workflow button."""
    starts = timezone.localtime(meeting.starts_at)
    data = {
        "title": meeting.title,
        "slug": meeting.slug,
        "kind": meeting.kind,
        "organization": meeting.organization_id,
        "term": meeting.term_id or "",
        "status": meeting.status,
        "starts_at_0": f"{starts:%d/%m/%Y}",
        "starts_at_1": f"{starts:%H:%M:%S}",
        "place": meeting.place,
        "_transition": transition,
        **{f"{prefix}-{key}": value for prefix in ("chair_links", "agenda_items") for key, value in EMPTY},
        **extra,
    }
    return client.post(change_url(meeting), data)


EMPTY = [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000")]


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- The rule -------------------------------------------------------------------------------


def test_a_photo_with_alt_text_of_its_own_has_a_description():
    """Alt text that says what this photo shows describes it."""
    meeting = draft_meeting()
    described = photo(meeting, caption=PREFIX, caption_prefix=PREFIX, alt_text="Đồng chí Bí thư phát biểu")
    assert described.has_description
    assert photos_without_alt(meeting) == []


@pytest.mark.parametrize(
    "alt_text",
    [
        "",
        "   ",
        PREFIX,
        f"  {PREFIX.upper()}: ",  # case, spaces and punctuation around it make no other text
        TITLE,
        f"{TITLE}.",
    ],
)
def test_empty_alt_text_or_only_the_shared_caption_or_title_is_not_a_description(alt_text):
    """Alt text that is empty, the batch's shared caption or the meeting's title describes no photo."""
    meeting = draft_meeting()
    lacking = photo(meeting, caption=PREFIX, caption_prefix=PREFIX, alt_text=alt_text)
    assert not lacking.has_description
    assert photos_without_alt(meeting) == ["ảnh số 1 (IMG_2041.jpg)"]


def test_a_caption_completed_by_hand_may_be_the_alt_text_too():
    """The shared caption with the photo's own words after it is a description."""
    meeting = draft_meeting()
    own = f"{PREFIX}: đại biểu biểu quyết thông qua nghị quyết"
    assert photo(meeting, caption=own, caption_prefix=PREFIX, alt_text=own).has_description


def test_a_decorative_photo_needs_no_description_and_readers_get_an_empty_alt(client):
    """A photo marked decorative passes, and the public page gives it alt="" for screen readers."""
    meeting = MeetingFactory(title=TITLE)
    decorative = photo(meeting, caption="", decorative=True, order=0)
    assert decorative.has_description
    assert decorative.alt == ""
    assert photos_without_alt(meeting) == []
    html = client.get(meeting.get_absolute_url()).content.decode()
    gallery = html.split('class="gallery"')[1].split("</ul>")[0]
    assert re.search(r'<img [^>]*alt=""', gallery)


def test_photos_without_alt_names_each_photo_by_its_number_and_file():
    """Photos are named as the manager numbers them, with their file names, in their order."""
    meeting = draft_meeting()
    photo(meeting, name="IMG_2040.jpg", order=0, alt_text="Toàn cảnh hội trường")
    photo(meeting, name="IMG_2041.jpg", order=1)
    photo(meeting, name="IMG_2043.jpg", order=3, alt_text=PREFIX, caption_prefix=PREFIX)
    photo(meeting, name="IMG_2042.jpg", order=2, decorative=True)
    assert photos_without_alt(meeting) == ["ảnh số 2 (IMG_2041.jpg)", "ảnh số 4 (IMG_2043.jpg)"]


def test_photos_in_the_meetings_text_need_their_alt_text_too():
    """A photo in “Nội dung, kết luận” with an empty alt is named after the gallery's."""
    meeting = draft_meeting()
    photo(meeting, name="IMG_2041.jpg", order=0)
    meeting.summary = '<p>Kết luận</p><img src="/media/anh/ket-luan.webp" alt="">'
    expected = ["ảnh số 1 (IMG_2041.jpg)", "ảnh thứ 1 trong nội dung (ket-luan.webp)"]
    assert photos_without_alt(meeting) == expected


def test_the_upload_keeps_the_shared_caption_it_gave():
    """A photo remembers the shared caption of its batch, which its alt text must not merely repeat."""
    meeting = draft_meeting()
    added = add_photo(meeting, upload(jpeg_bytes(64, 48), name="IMG_1.jpg"), caption=PREFIX)
    assert (added.caption, added.caption_prefix, added.alt_text) == (PREFIX, PREFIX, "")
    MeetingPhoto.objects.filter(pk=added.pk).update(alt_text=PREFIX)
    assert photos_without_alt(meeting) == ["ảnh số 1 (IMG_1.jpg)"]


# --- Publishing -----------------------------------------------------------------------------


@pytest.mark.parametrize("transition", ["publish", "schedule"])
def test_publishing_a_meeting_is_refused_naming_the_photos_without_description(admin_client, transition):
    """“Duyệt và công bố ngay” and “Hẹn giờ công bố” are refused; the approver reads which photos
    lack a description and where to add it; the meeting stays a draft."""
    meeting = draft_meeting()
    photo(meeting, name="IMG_2040.jpg", order=0, alt_text="Toàn cảnh hội trường")
    photo(meeting, name="IMG_2041.jpg", order=1, caption_prefix=PREFIX, alt_text=PREFIX)
    photo(meeting, name="IMG_2042.jpg", order=2)
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    response = press(
        admin_client,
        meeting,
        transition,
        schedule_at_0=f"{later:%d/%m/%Y}",
        schedule_at_1=f"{later:%H:%M}",
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "Chưa thể công bố: 2 ảnh chưa có mô tả (alt) riêng cho người khiếm thị" in text
    assert "ảnh số 2 (IMG_2041.jpg); ảnh số 3 (IMG_2042.jpg)" in text
    assert "IMG_2040.jpg" not in text
    assert "“Quản lý ảnh”" in text and "“Ảnh trang trí”" in text
    meeting.refresh_from_db()
    assert meeting.publication == Publication.DRAFT


def test_a_long_list_of_photos_is_cut_short_in_the_message(admin_client):
    """Twelve photos without alt text: ten are named, the rest counted."""
    meeting = draft_meeting()
    for order in range(12):
        photo(meeting, name=f"IMG_{order:04d}.jpg", order=order)
    text = text_of(press(admin_client, meeting, "publish"))
    assert "ảnh số 10 (IMG_0009.jpg) và 2 ảnh khác." in text
    assert "IMG_0010.jpg" not in text


def test_a_meeting_whose_photos_are_described_or_decorative_is_published(admin_client):
    """Alt text of its own on one photo and “ảnh trang trí” on the other: the meeting goes out."""
    meeting = draft_meeting()
    photo(meeting, order=0, caption_prefix=PREFIX, alt_text="Đồng chí Bí thư Thành ủy phát biểu kết luận")
    photo(meeting, order=1, decorative=True)
    assert press(admin_client, meeting, "publish").status_code == 302
    meeting.refresh_from_db()
    assert meeting.publication == Publication.PUBLISHED


# --- The photo manager ----------------------------------------------------------------------


def test_the_photo_manager_counts_and_marks_the_photos_without_description(admin_client):
    """Staff see how many photos lack a description, which ones, and each is marked in the grid."""
    meeting = draft_meeting()
    photo(meeting, name="IMG_2040.jpg", order=0, alt_text="Toàn cảnh hội trường", is_cover=True)
    photo(meeting, name="IMG_2041.jpg", order=1)
    photo(meeting, name="IMG_2042.jpg", order=2, caption_prefix=PREFIX, alt_text=PREFIX)
    response = admin_client.get(photos_url(meeting))
    html = response.content.decode()
    summary = html.split('id="photo-alt-summary"')[1].split("</div>")[0]
    assert " hidden" not in summary.split(">")[0]
    assert "2</span> ảnh chưa có mô tả" in summary
    assert "ảnh số 2 (IMG_2041.jpg); ảnh số 3 (IMG_2042.jpg)" in summary
    assert html.count("photo-card is-missing-alt") == 2
    assert 'data-meeting-title="Hội nghị Ban Thường vụ Thành ủy lần thứ 12"' in html
    assert f'data-caption-prefix="{PREFIX}"' in html


def test_the_grid_saves_alt_text_and_the_decorative_choice(admin_client):
    """After “Lưu” with alt text on one photo and “ảnh trang trí” on the other, nothing is missing."""
    meeting = draft_meeting()
    first = photo(meeting, order=0, is_cover=True)
    second = photo(meeting, order=1)
    data = {
        "action": "save",
        "anh-TOTAL_FORMS": "2",
        "anh-INITIAL_FORMS": "2",
        "anh-MIN_NUM_FORMS": "0",
        "anh-MAX_NUM_FORMS": "1000",
        "anh-0-id": first.pk,
        "anh-0-order": 0,
        "anh-0-alt_text": "Các đại biểu biểu quyết",
        "anh-1-id": second.pk,
        "anh-1-order": 1,
        "anh-1-decorative": "on",
        "cover": first.pk,
    }
    assert admin_client.post(photos_url(meeting), data).status_code == 302
    second.refresh_from_db()
    assert second.decorative
    assert photos_without_alt(meeting) == []
    html = admin_client.get(photos_url(meeting)).content.decode()
    assert 'id="photo-alt-summary" role="status" hidden' in html
    assert "photo-card is-missing-alt" not in html
