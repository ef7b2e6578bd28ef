import datetime
import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import linking
from meetings.models import Meeting, Publication
from news.tests.factories import ArticleFactory
from portal import freshness
from portal.models import SiteSettings
from portal.tests.clock import local as aware

from .factories import (
    DocumentFactory,
    MeetingFactory,
    MeetingPhotoFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


# --- /hoi-nghi/ ---------------------------------------------------------------------------


def test_meeting_list_shows_upcoming_meetings_first_then_past_ones(client):
    """Upcoming meetings come first, soonest first; then held ones, newest first."""
    MeetingFactory(title="Hội nghị đã qua", starts_at=timezone.now() - timedelta(days=3))
    MeetingFactory(title="Hội nghị tuần sau", starts_at=timezone.now() + timedelta(days=7))
    MeetingFactory(title="Hội nghị ngày mai", starts_at=timezone.now() + timedelta(days=1))
    html = client.get(reverse("meetings:meetings")).content.decode()
    assert html.index("Sắp diễn ra") < html.index("Hội nghị ngày mai") < html.index("Hội nghị tuần sau")
    assert html.index("Hội nghị tuần sau") < html.index("Đã diễn ra") < html.index("Hội nghị đã qua")


def test_meeting_list_hides_drafts_and_scheduled_meetings(client):
    """A draft or a meeting scheduled for later publication is not listed."""
    MeetingFactory(title="Bản nháp hội nghị", publication=Publication.DRAFT, published_at=None)
    MeetingFactory(title="Công bố sau", published_at=timezone.now() + timedelta(hours=3))
    html = client.get(reverse("meetings:meetings")).content.decode()
    assert "Bản nháp hội nghị" not in html
    assert "Công bố sau" not in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"co-quan": "hdnd-thanh-pho"}, "Kỳ họp HĐND"),
        ({"loai": "giao-ban"}, "Giao ban quý II"),
        ({"nam": "2021"}, "Hội nghị năm 2021"),
    ],
)
def test_meeting_list_filters_by_organization_kind_and_year(client, params, expected):
    """Each filter keeps only the matching meetings."""
    council = OrganizationFactory(name="HĐND thành phố", short_name="HĐND thành phố", code="HĐND")
    MeetingFactory(title="Kỳ họp HĐND", organization=council, kind=Meeting.Kind.OTHER)
    MeetingFactory(title="Giao ban quý II", kind=Meeting.Kind.BRIEFING)
    MeetingFactory(title="Hội nghị năm 2021", starts_at=aware(2021, 10, 11, 8))
    html = client.get(reverse("meetings:meetings"), params).content.decode()
    titles = {"Kỳ họp HĐND", "Giao ban quý II", "Hội nghị năm 2021"}
    assert expected in html
    assert not any(other in html for other in titles - {expected})


def test_meeting_list_filters_by_term(client):
    """The term filter keeps the meetings of that term (derived from the meeting date)."""
    old = TermFactory(
        label="khóa XXIV", starts_on=datetime.date(2015, 10, 1), ends_on=datetime.date(2020, 10, 14)
    )
    TermFactory(organization=old.organization)
    MeetingFactory(title="Hội nghị khóa cũ", starts_at=aware(2019, 5, 5, 8))
    MeetingFactory(title="Hội nghị khóa mới", starts_at=aware(2021, 5, 5, 8))
    html = client.get(reverse("meetings:meetings"), {"nhiem-ky": old.pk}).content.decode()
    assert "Hội nghị khóa cũ" in html
    assert "Hội nghị khóa mới" not in html


@pytest.mark.parametrize(
    "params", [{"nhiem-ky": "abc"}, {"nam": "99999"}, {"loai": "<script>"}, {"trang": "x"}]
)
def test_meeting_list_ignores_bad_filter_values(client, params):
    """A malformed filter value gives the normal page, never an error."""
    MeetingFactory(title="Hội nghị bình thường")
    response = client.get(reverse("meetings:meetings"), params)
    assert response.status_code == 200
    assert "Hội nghị bình thường" in response.content.decode()


def test_meeting_list_pages_by_key_and_shows_the_last_page_past_the_end(client, no_page_cache):
    """Held meetings, newest first, 20 a page; a page past the end shows the last (lenient)."""
    day = timezone.now() - timedelta(days=3)
    held = [MeetingFactory(starts_at=day - timedelta(days=n // 4)) for n in range(27)]
    expected = sorted(held, key=lambda m: (m.starts_at, m.pk), reverse=True)
    url = reverse("meetings:meetings")
    first, second = client.get(url), client.get(url, {"trang": 2})
    assert [m.pk for m in first.context["meetings"]] == [m.pk for m in expected[:20]]
    assert [m.pk for m in second.context["meetings"]] == [m.pk for m in expected[20:]]
    assert client.get(url, {"trang": 99}).context["page_obj"].number == 2


@pytest.mark.parametrize("count", [2, 12])
def test_meeting_list_query_count_does_not_grow_with_meetings(
    client, django_assert_num_queries, count, full_render
):
    """The list costs the same number of queries for 2 or 12 meetings with cover photos."""
    for n in range(count):
        photo = MeetingPhotoFactory(meeting__starts_at=timezone.now() - timedelta(days=n + 1), is_cover=True)
        MeetingFactory(
            starts_at=timezone.now() + timedelta(days=n + 1), organization=photo.meeting.organization
        )
    SiteSettings.load()  # made by the first page otherwise, which would be a change of the content
    client.get(reverse("meetings:meetings"))  # warm the site settings cache and the list's paging
    with django_assert_num_queries(7):
        client.get(reverse("meetings:meetings"))


# --- /hoi-nghi/<slug>/ ------------------------------------------------------------------


def test_meeting_page_shows_chairs_with_their_titles_on_the_meeting_day(client):
    """A chair's titles are those held on the meeting's date, not today's."""
    city = OrganizationFactory()
    council = OrganizationFactory(name="HĐND thành phố", short_name="HĐND thành phố", code="HĐND", order=30)
    official = OfficialFactory(full_name="Vũ Văn Diện")
    PositionFactory(
        official=official,
        organization=city,
        title="Bí thư",
        starts_on=datetime.date(2020, 10, 15),
        ends_on=datetime.date(2023, 6, 30),
    )
    PositionFactory(
        official=official,
        organization=council,
        title="Chủ tịch",
        starts_on=datetime.date(2021, 6, 1),
        ends_on=datetime.date(2023, 6, 30),
    )
    PositionFactory(
        official=official, organization=city, title="Nguyên Bí thư", starts_on=datetime.date(2023, 7, 1)
    )
    meeting = MeetingFactory(starts_at=aware(2022, 6, 20, 14), chairs=[official])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Vũ Văn Diện</a>, Bí thư Thành ủy, Chủ tịch HĐND thành phố" in html
    assert "Nguyên Bí thư" not in html


def test_meeting_page_shows_agenda_in_order_and_photos_in_gallery_order(client):
    """Agenda items and photos follow their order fields, not their creation order."""
    meeting = MeetingFactory(agenda=["Khai mạc", "Thảo luận", "Bế mạc"])
    MeetingPhotoFactory(meeting=meeting, caption="Ảnh thứ hai", order=2)
    MeetingPhotoFactory(meeting=meeting, caption="Ảnh thứ nhất", order=1)
    MeetingPhotoFactory(meeting=meeting, caption="Ảnh thứ ba", order=3)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.index("Khai mạc") < html.index("Thảo luận") < html.index("Bế mạc")
    assert html.index("Ảnh thứ nhất") < html.index("Ảnh thứ hai") < html.index("Ảnh thứ ba")
    assert "data-gallery" in html and "gallery.js" in html


def test_meeting_page_lists_public_documents_and_related_articles(client):
    """Documents adopted or discussed and related articles appear when they are public."""
    meeting = MeetingFactory()
    DocumentFactory(number=56, abstract="Về phương hướng, nhiệm vụ năm 2022", adopted_at=meeting)
    discussed = DocumentFactory(number=21, abstract="Về đầu tư hạ tầng khu dân cư")
    hidden = DocumentFactory(number=99, abstract="Văn bản chưa công bố", publication=Publication.DRAFT)
    meeting.documents.add(discussed, hidden)
    meeting.related_articles.add(ArticleFactory(title="Bài viết về hội nghị"))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Nghị quyết số 56-NQ/TU" in html and "Thông qua tại hội nghị" in html
    assert "Nghị quyết số 21-NQ/TU" in html
    assert "Văn bản chưa công bố" not in html
    assert "Bài viết về hội nghị" in html


def test_draft_meeting_is_hidden_from_readers_and_previewed_for_staff(client, admin_client):
    """A draft meeting is a 404 for readers; staff see it with a preview banner and noindex."""
    meeting = MeetingFactory(publication=Publication.DRAFT, published_at=None)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    response = admin_client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Bản xem trước — chưa công bố" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_scheduled_meeting_appears_at_its_publication_time(client):
    """A meeting scheduled for publication is invisible until then, with no cron job."""
    meeting = MeetingFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(meeting.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_meeting_page_query_count_does_not_grow(client, django_assert_num_queries, count, full_render):
    """The meeting page's queries do not grow with chairs, positions, photos or documents."""
    meeting = MeetingFactory(agenda=[f"Nội dung {n}" for n in range(count)])
    meeting.summary = "".join(f"<p>Thực hiện Nghị quyết số {n + 1}-NQ/TU.</p>" for n in range(count))
    for n in range(count):
        official = OfficialFactory()
        PositionFactory(official=official, organization=meeting.organization, title=f"Ủy viên {n}")
        PositionFactory(official=official, organization=meeting.organization, title=f"Trưởng ban {n}")
        meeting.chair_links.create(official=official, order=n)
        MeetingPhotoFactory(meeting=meeting)
        DocumentFactory(number=n + 1, adopted_at=meeting)
        meeting.related_articles.add(ArticleFactory())
    meeting.save()
    linking.sync_links(meeting)
    assert meeting.document_references.exclude(document=None).count() == count
    client.get(meeting.get_absolute_url())
    # 11 in full: the meeting is read alone first, then with its relations for the text
    # (its cross-links are one query).
    with django_assert_num_queries(11):
        client.get(meeting.get_absolute_url())


# --- /lich-cong-tac/ and iCalendar ---------------------------------------------------------


@time_machine.travel(aware(2026, 11, 18, 9), tick=False)  # a Wednesday
def test_schedule_shows_this_week_from_monday_to_sunday_with_today_marked(client):
    """The schedule covers Monday to Sunday of this week and marks today."""
    MeetingFactory(title="Họp Thường trực thứ Hai", starts_at=aware(2026, 11, 16, 8))
    MeetingFactory(title="Giao ban Chủ nhật", starts_at=aware(2026, 11, 22, 8))
    MeetingFactory(title="Hội nghị tuần sau", starts_at=aware(2026, 11, 23, 8))
    html = client.get(reverse("meetings:schedule")).content.decode()
    assert "Tuần từ 16/11/2026 đến 22/11/2026" in html
    assert "Họp Thường trực thứ Hai" in html and "Giao ban Chủ nhật" in html
    assert "Hội nghị tuần sau" not in html
    assert html.count('aria-current="date"') == 1
    assert re.search(
        r'<h2 class="schedule-day-title" id="ngay-2026-11-18" aria-current="date">Thứ Tư, '
        r'<time datetime="2026-11-18">18/11/2026</time> <span class="today-mark">Hôm nay</span></h2>',
        html,
    )


@time_machine.travel(aware(2026, 11, 18, 9), tick=False)
def test_schedule_is_a_list_of_days_each_meeting_one_block(client):
    """Each day is a heading (weekday and dd/mm/yyyy) over a list of its meetings; a meeting is
    one list item with its time, title, chairs, participants, place and online sites; a day
    without meetings says so. No table: the same list reads on a phone and on a desktop."""
    chair = OfficialFactory(full_name="Vũ Văn Diện")
    MeetingFactory(
        title="Hội nghị Ban Chấp hành lần thứ 14",
        starts_at=aware(2026, 11, 17, 8),
        ends_at=aware(2026, 11, 17, 11, 30),
        place="Hội trường Thành ủy",
        is_online=True,
        sites="Điểm cầu Thành ủy\nĐiểm cầu phường Bãi Cháy",
        participants="Các đồng chí Ủy viên Ban Chấp hành",
        chairs=[chair],
    )
    MeetingFactory(
        title="Giao ban bị hoãn", starts_at=aware(2026, 11, 17, 14), status=Meeting.Status.POSTPONED
    )
    html = client.get(reverse("meetings:schedule")).content.decode()
    assert "<table" not in html
    headings = re.findall(r'<h2 class="schedule-day-title"[^>]*>(.*?)</h2>', html)
    assert [re.sub(r"<[^>]+>", "", h) for h in headings] == [
        "Thứ Hai, 16/11/2026",
        "Thứ Ba, 17/11/2026",
        "Thứ Tư, 18/11/2026 Hôm nay",
        "Thứ Năm, 19/11/2026",
        "Thứ Sáu, 20/11/2026",
        "Thứ Bảy, 21/11/2026",
        "Chủ nhật, 22/11/2026",
    ]
    assert html.count('<p class="schedule-empty">Không có lịch</p>') == 6
    items = re.findall(r'<li class="schedule-item[^"]*">(.*?)</li>', html, re.S)
    assert len(items) == 2
    text = " ".join(re.sub(r"<[^>]+>", " ", items[0]).split())
    assert text == (
        "08:00 – 11:30 Hội nghị Ban Chấp hành lần thứ 14 Chủ trì: Vũ Văn Diện "
        "Thành phần: Các đồng chí Ủy viên Ban Chấp hành Địa điểm: Hội trường Thành ủy; trực tuyến "
        "Điểm cầu: Điểm cầu Thành ủy; Điểm cầu phường Bãi Cháy"
    )
    assert '<time datetime="2026-11-17T08:00:00+07:00">08:00</time>' in items[0]
    assert 'class="schedule-item is-off"' in html and "Hoãn</span>" in items[1]


def test_schedule_queries_do_not_grow_with_its_meetings(client, no_page_cache):
    """A week of one meeting and a week of twelve (with chairs) cost the same queries."""
    SiteSettings.load()
    counts = []
    for week, size in (("2026-W47", 1), ("2026-W48", 12)):
        monday = datetime.date.fromisocalendar(2026, int(week[-2:]), 1)
        for n in range(size):
            MeetingFactory(
                starts_at=aware(monday.year, monday.month, monday.day, 7 + n),
                chairs=[OfficialFactory(), OfficialFactory()],
            )
        client.get(reverse("meetings:schedule"), {"tuan": week})
        freshness.content_changed()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("meetings:schedule"), {"tuan": week}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@time_machine.travel(aware(2026, 11, 18, 9), tick=False)
def test_schedule_moves_to_the_previous_and_next_week(client):
    """The week links lead to the previous and next ISO weeks."""
    MeetingFactory(title="Hội nghị tuần sau", starts_at=aware(2026, 11, 23, 8))
    html = client.get(reverse("meetings:schedule")).content.decode()
    assert "?tuan=2026-W46" in html and "?tuan=2026-W48" in html
    html = client.get(reverse("meetings:schedule"), {"tuan": "2026-W48"}).content.decode()
    assert "Hội nghị tuần sau" in html and "Tuần này" in html


@pytest.mark.parametrize("value", ["abc", "2026-W99", "2026-W", "-W1"])
def test_schedule_falls_back_to_this_week_on_a_bad_week(client, value):
    """A malformed week shows this week instead of an error."""
    assert client.get(reverse("meetings:schedule"), {"tuan": value}).status_code == 200


def test_calendar_feed_parses_back_with_each_public_meeting(client):
    """The iCal feed is valid iCalendar with one event per public meeting, with times and status."""
    chair = OfficialFactory(full_name="Vũ Văn Diện")
    meeting = MeetingFactory(
        title="Hội nghị Ban Chấp hành lần thứ 14",
        starts_at=aware(2026, 11, 25, 8),
        ends_at=aware(2026, 11, 25, 11, 30),
        place="Hội trường Thành ủy",
        chairs=[chair],
    )
    MeetingFactory(title="Hội nghị bị hủy", status=Meeting.Status.CANCELLED, starts_at=aware(2026, 11, 26, 8))
    MeetingFactory(title="Bản nháp", publication=Publication.DRAFT, published_at=None)
    response = client.get(reverse("meetings:calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Hội nghị Ban Chấp hành lần thứ 14", "Hội nghị bị hủy"}
    event = events["Hội nghị Ban Chấp hành lần thứ 14"]
    assert event.decoded("dtstart") == aware(2026, 11, 25, 8)
    assert event.decoded("dtend") == aware(2026, 11, 25, 11, 30)
    assert str(event["location"]) == "Hội trường Thành ủy"
    assert "Chủ trì: Vũ Văn Diện" in str(event["description"])
    assert str(event["uid"]) == f"hoi-nghi-{meeting.pk}@testserver"
    assert str(event["url"]).endswith(meeting.get_absolute_url())
    assert str(events["Hội nghị bị hủy"]["status"]) == "CANCELLED"


def test_organization_calendar_has_only_that_organizations_meetings(client):
    """A body's feed lists its meetings only; an unknown body is a 404."""
    council = OrganizationFactory(name="HĐND thành phố", short_name="HĐND thành phố", code="HĐND")
    MeetingFactory(title="Kỳ họp HĐND", organization=council)
    MeetingFactory(title="Hội nghị Thành ủy")
    response = client.get(reverse("meetings:organization-calendar", args=[council.slug]))
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Kỳ họp HĐND"]
    assert client.get(reverse("meetings:organization-calendar", args=["khong-co"])).status_code == 404


# --- /thu-vien-anh/ ----------------------------------------------------------------------------


def test_photo_library_has_one_album_per_public_meeting_with_photos(client):
    """Albums are the public meetings that have photos, with their photo counts."""
    photo = MeetingPhotoFactory(meeting__title="Hội nghị có ảnh", is_cover=True)
    MeetingPhotoFactory(meeting=photo.meeting)
    MeetingFactory(title="Hội nghị không ảnh")
    MeetingPhotoFactory(meeting__title="Hội nghị nháp", meeting__publication=Publication.DRAFT)
    html = client.get(reverse("meetings:gallery")).content.decode()
    assert "Hội nghị có ảnh" in html and "2 ảnh" in html
    assert "Hội nghị không ảnh" not in html and "Hội nghị nháp" not in html


@pytest.mark.parametrize("count", [2, 10])
def test_photo_library_query_count_does_not_grow(client, django_assert_num_queries, count, full_render):
    """The photo library costs the same queries for 2 or 10 albums."""
    for _ in range(count):
        MeetingPhotoFactory(is_cover=True)
    client.get(reverse("meetings:gallery"))
    with django_assert_num_queries(4):
        client.get(reverse("meetings:gallery"))


def test_meeting_page_breadcrumbs_lead_back_to_the_meeting_list(client):
    """The trail links to /hoi-nghi/ and marks only the meeting itself as the current page."""
    meeting = MeetingFactory(title="Hội nghị có đường dẫn")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert '<a href="/hoi-nghi/">Hội nghị</a>' in html
    assert html.count('aria-current="page"') == 1


def test_an_organization_cannot_be_placed_under_its_own_subordinate():
    """Choosing a subordinate body as parent is a form error, not a loop."""
    from django.core.exceptions import ValidationError

    from meetings.models import Organization

    city = OrganizationFactory()
    btv = Organization.objects.create(
        name="Ban Thường vụ Thành ủy", kind=Organization.Kind.STANDING_COMMITTEE, parent=city
    )
    city.parent = btv
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "Một cơ quan không thể trực thuộc chính nó" in str(error.value)
