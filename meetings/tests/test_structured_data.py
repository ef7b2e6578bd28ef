"""What search engines and shared links see of a meeting: JSON-LD (Event, BreadcrumbList)."""

import pytest
from django.utils import timezone

from meetings.models import Meeting
from portal.tests.structured import ld

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_has_event_json_ld(client):
    meeting = MeetingFactory(
        title="Hội nghị Ban Thường vụ tháng 11", place="Hội trường Thành ủy", status=Meeting.Status.POSTPONED
    )
    event, crumbs = ld(client.get(meeting.get_absolute_url()).content.decode())
    assert event["@type"] == "Event" and event["name"] == meeting.title
    assert event["startDate"] == timezone.localtime(meeting.starts_at).isoformat()
    assert event["location"]["name"] == "Hội trường Thành ủy"
    assert event["eventStatus"] == "https://schema.org/EventPostponed"
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Trang chủ", "Hội nghị", meeting.title]
