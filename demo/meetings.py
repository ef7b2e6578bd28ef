"""Demo meetings of the committee's bodies, with agendas, chairs, a cited document each and
albums of drawn photos for the newest held ones. Called by ``demo.records.seed_records``
with the organizations, officials and documents it has just created."""

import datetime
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import AgendaItem, Document, Meeting, MeetingChair, MeetingPhoto, Official, Publication
from portal.images import save_image

from .drawing import draw_photo
from .news import PLACES

# (kind, organization key, title, agenda)
MEETING_KINDS = [
    (
        Meeting.Kind.EXECUTIVE,
        "thanh-uy",
        "Hội nghị Ban Chấp hành Đảng bộ thành phố",
        [
            "Khai mạc hội nghị",
            "Báo cáo kết quả thực hiện nhiệm vụ",
            "Thảo luận",
            "Biểu quyết thông qua nghị quyết",
        ],
    ),
    (
        Meeting.Kind.STANDING_COMMITTEE,
        "btv",
        "Hội nghị Ban Thường vụ Thành ủy",
        ["Cho ý kiến vào các đề án, kế hoạch", "Công tác cán bộ", "Kết luận"],
    ),
    (Meeting.Kind.STANDING_BOARD, "thuong-truc", "Họp Thường trực Thành ủy", ["Nghe báo cáo", "Kết luận"]),
    (
        Meeting.Kind.BRIEFING,
        "thuong-truc",
        "Giao ban với bí thư chi bộ, trưởng thôn, khu",
        ["Báo cáo tình hình cơ sở", "Ý kiến của bí thư chi bộ, trưởng thôn", "Kết luận"],
    ),
    (
        Meeting.Kind.WORKING,
        "btv",
        "Ban Thường vụ Thành ủy làm việc với Đảng ủy",
        ["Nghe báo cáo của Đảng ủy", "Ý kiến của các ban", "Kết luận"],
    ),
    (
        Meeting.Kind.STUDY,
        "btg",
        "Hội nghị học tập, quán triệt nghị quyết",
        ["Quán triệt nghị quyết", "Thảo luận"],
    ),
]

ALBUM_CAPTIONS = [
    "Quang cảnh hội nghị",
    "Các đại biểu dự hội nghị",
    "Đại biểu phát biểu tham luận",
    "Các đại biểu biểu quyết thông qua nghị quyết",
]
# What each photo shows, for readers who do not see it (the workflow requires one).
ALBUM_ALTS = [
    "Hội trường với các dãy bàn đại biểu, phía trên là khẩu hiệu của hội nghị",
    "Các đại biểu ngồi theo dãy bàn, theo dõi báo cáo trên màn hình",
    "Một đại biểu đứng phát biểu tại bục, phía sau là cờ Đảng và cờ Tổ quốc",
    "Các đại biểu giơ tay biểu quyết trong hội trường",
]


def published(when: datetime.datetime) -> dict:
    """Publication fields of a record made public at ``when`` (never later than now)."""
    return {"publication": Publication.PUBLISHED, "published_at": min(when, timezone.now())}


def seed_meetings(
    rng: random.Random, count: int, orgs: dict, officials: list[Official], documents: dict
) -> list[Meeting]:
    """``count`` meetings: the first six this week and the next, the others a month or so apart
    going back. Each cites one of the documents issued before it, if any."""
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    created = []
    for index in range(count):
        starts_at = _starts_at(rng, index, now)
        place = rng.choice(PLACES)
        issued = [d for d in documents.values() if d.issued_on <= starts_at.date()]
        cited = rng.choice(issued) if issued else None
        created.append(_meeting(index, starts_at, place, cited, orgs, officials))
    return created


def _starts_at(rng: random.Random, index: int, now: datetime.datetime) -> datetime.datetime:
    if index < 6:  # this week and the next: the work schedule has something to show
        day = now.date() - timedelta(days=now.weekday()) + timedelta(days=index * 2)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 if index % 2 else 14)))
    # Earlier ones on a working day, at office hours (7:30 to 14:30), as the committee meets.
    day = now.date() - timedelta(days=index * 27 + rng.randint(0, 9))
    day -= timedelta(days=max(0, day.weekday() - 4))  # a Saturday or Sunday moves to Friday
    at = datetime.time(rng.choice([7, 8, 9, 13, 14]), rng.choice([0, 30]))
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _meeting(
    index: int,
    starts_at: datetime.datetime,
    place: str,
    cited: Document | None,
    orgs: dict,
    officials: list[Official],
) -> Meeting:
    """The meeting, its chairs, agenda and cited document."""
    kind, org_key, title, agenda = MEETING_KINDS[index % len(MEETING_KINDS)]
    status = Meeting.Status.HELD if starts_at < timezone.now() else Meeting.Status.PLANNED
    if index == 4:
        status = Meeting.Status.POSTPONED
    meeting = Meeting.objects.create(
        title=f"{title} {'tháng ' + str(starts_at.month) + '/' + str(starts_at.year)}",
        kind=kind,
        organization=orgs[org_key],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        place="Hội trường Thành ủy" if index % 3 else f"Trụ sở Đảng ủy {place}",
        status=status,
        ordinal=index + 1 if kind == Meeting.Kind.EXECUTIVE else None,
        is_online=index % 4 == 0,
        sites="Điểm cầu trung tâm thành phố\nĐiểm cầu các xã, phường" if index % 4 == 0 else "",
        participants="Các đồng chí Ủy viên Ban Thường vụ Thành ủy; lãnh đạo các ban xây dựng Đảng.",
        summary=_summary(place, cited, officials[index % 3]),
        **published(starts_at - timedelta(days=3)),
    )
    chairs = [officials[index % 3]] + ([officials[1]] if index % 5 == 0 and index % 3 != 1 else [])
    for order, official in enumerate(chairs):
        MeetingChair.objects.create(meeting=meeting, official=official, order=order)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=item) for n, item in enumerate(agenda)
    )
    if cited:
        meeting.documents.add(cited)
    return meeting


def _summary(place: str, cited: Document | None, concluding: Official) -> str:
    return (
        f"<p>Hội nghị đã thảo luận, thống nhất các nội dung trình tại {place}.</p>"
        + (
            f"<p>Hội nghị yêu cầu tiếp tục thực hiện {cited.get_kind_display()} số {cited.symbol} "
            f"ngày {cited.issued_on:%d/%m/%Y} của {cited.issuer.short_name or cited.issuer.name}.</p>"
            if cited
            else ""
        )
        + f"<p>Đồng chí {concluding.full_name} kết luận hội nghị.</p>"
    )


def seed_albums(rng: random.Random, meetings: list[Meeting], albums: int, photos_per_album: int) -> int:
    """Drawn photos for the first ``albums`` held meetings; returns how many were drawn."""
    held = [m for m in meetings if m.status == Meeting.Status.HELD][:albums]
    photo_index = 0
    for meeting in held:
        for n in range(photos_per_album):
            _album_photo(rng, meeting, n, photo_index)
            photo_index += 1
    return photo_index


def _album_photo(rng: random.Random, meeting: Meeting, n: int, photo_index: int) -> MeetingPhoto:
    """The meeting's ``n``-th photo (the first is its cover; every other one tags the chair)."""
    data = draw_photo(rng, photo_index, size=(1200, 800))
    image = save_image(SimpleUploadedFile(f"hoi-nghi-{meeting.pk}-{n + 1}.jpg", data, "image/jpeg"))
    photo = MeetingPhoto.objects.create(
        meeting=meeting,
        image=image,
        order=n,
        is_cover=n == 0,
        credit="Trung tâm Truyền thông thành phố",
        caption=ALBUM_CAPTIONS[n % 4],
        alt_text=ALBUM_ALTS[n % 4],
        taken_at=meeting.starts_at + timedelta(minutes=10 * n),
    )
    if n % 2 == 0:
        photo.officials.add(meeting.chair_links.first().official)
    return photo
