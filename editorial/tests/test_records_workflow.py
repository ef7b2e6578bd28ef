"""Meetings and documents go through the same review as articles, with Văn phòng writing
and submitting and Duyệt bài approving: every step, every refusal, scheduling on time."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.models import AuditEntry, WorkflowEvent
from meetings.models import Document, Meeting, Publication
from meetings.tests.factories import DocumentFactory, MeetingFactory

from .helpers import page_form

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:meetings_{obj._meta.model_name}_change", args=[obj.pk])


def press(client, obj, transition=None, **changes):
    """Open the record's admin page, change some fields, and press a button (or save)."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    data = page_form(page.content.decode())
    data.update({key: [value] for key, value in changes.items()})
    if transition:
        data["_transition"] = [transition]
    return client.post(change_url(obj), data)


def state(obj):
    obj.refresh_from_db()
    return obj.publication


@pytest.fixture
def draft_meeting(people):
    return MeetingFactory(
        title="Hội nghị Ban Thường vụ Thành ủy tháng 11",
        publication=Publication.DRAFT,
        published_at=None,
        created_by=people["office"].user,
    )


def test_a_meeting_from_draft_to_publication(people, draft_meeting, client):
    office, approver = people["office"], people["approver"]
    page = office.get(change_url(draft_meeting)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' not in page and 'value="schedule"' not in page

    assert press(office, draft_meeting, "submit").status_code == 302
    assert state(draft_meeting) == Publication.SUBMITTED
    # Submitted: the office can no longer change it; the approver sends it back with a note.
    assert office.post(change_url(draft_meeting), {}).status_code == 403
    response = press(approver, draft_meeting, "send_back", review_comment="Bổ sung thành phần dự họp.")
    assert response.status_code == 302
    assert state(draft_meeting) == Publication.DRAFT
    page = office.get(change_url(draft_meeting)).content.decode()
    assert "Bị trả lại." in page and "Bổ sung thành phần dự họp." in page

    press(office, draft_meeting, "submit", participants="Các đồng chí Ủy viên Ban Thường vụ.")
    assert client.get(draft_meeting.get_absolute_url()).status_code == 404
    assert press(approver, draft_meeting, "publish").status_code == 302
    assert state(draft_meeting) == Publication.PUBLISHED
    assert draft_meeting.participants == "Các đồng chí Ủy viên Ban Thường vụ."
    assert client.get(draft_meeting.get_absolute_url()).status_code == 200

    steps = list(
        WorkflowEvent.objects.filter(meeting=draft_meeting)
        .order_by("at", "id")
        .values_list("action", "user__username")
    )
    assert steps == [
        ("submit", "office"),
        ("send_back", "approver"),
        ("submit", "office"),
        ("publish", "approver"),
    ]
    entry = AuditEntry.objects.get(action="publish", target_type="hội nghị")
    assert entry.actor == approver.user and entry.detail == "Chờ duyệt → Đã công bố"


def test_the_office_cannot_publish_or_touch_what_is_published(people, draft_meeting):
    office = people["office"]
    # A forged button is refused by the server, and nothing moves.
    assert press(office, draft_meeting, "publish").status_code == 403
    assert (
        press(
            office, draft_meeting, "schedule", schedule_at_0="01/12/2030", schedule_at_1="08:00"
        ).status_code
        == 403
    )
    assert state(draft_meeting) == Publication.DRAFT
    published = MeetingFactory(title="Hội nghị đã công bố")
    assert office.post(change_url(published), {"title": "Đổi tên"}).status_code == 403
    assert (
        office.post(
            reverse("admin:meetings_meeting_delete", args=[published.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    published.refresh_from_db()
    assert published.title == "Hội nghị đã công bố"
    # The office still records the meeting's photos after it has been published.
    assert office.get(reverse("admin:meetings_meeting_photos", args=[published.pk])).status_code == 200
    # A draft of their own they may delete.
    office.post(reverse("admin:meetings_meeting_delete", args=[draft_meeting.pk]), {"post": "yes"})
    assert not Meeting.objects.filter(pk=draft_meeting.pk).exists()


def test_writers_of_news_cannot_touch_meetings_or_documents(people, draft_meeting):
    document = DocumentFactory(publication=Publication.DRAFT, published_at=None)
    for role in ("reporter", "editor"):
        assert people[role].get(change_url(draft_meeting)).status_code == 403
        assert people[role].post(change_url(document), {"_transition": "submit"}).status_code == 403
    assert state(document) == Publication.DRAFT


def test_a_document_scheduled_by_an_approver_goes_live_on_time(people, client):
    document = DocumentFactory(
        number=35,
        abstract="Về công tác cán bộ",
        publication=Publication.DRAFT,
        published_at=None,
        created_by=people["office"].user,
    )
    press(people["office"], document, "submit")
    when = timezone.localtime() + datetime.timedelta(days=1)
    response = press(
        people["approver"],
        document,
        "schedule",
        schedule_at_0=f"{when:%d/%m/%Y}",
        schedule_at_1=f"{when:%H:%M}",
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_scheduled
    listing = people["approver"].get(
        reverse("admin:meetings_document_changelist"), {"trang-thai": "scheduled"}
    )
    assert f"Hẹn giờ {when:%d/%m/%Y %H:%M}" in listing.content.decode()
    assert client.get(document.get_absolute_url()).status_code == 404
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        assert client.get(document.get_absolute_url()).status_code == 200


def test_nobody_publishes_a_record_they_made_themselves(people):
    approver = people["approver"]
    document = DocumentFactory(publication=Publication.SUBMITTED, published_at=None, created_by=approver.user)
    page = approver.get(change_url(document)).content.decode()
    assert 'value="publish"' not in page
    response = press(approver, document, "publish")
    assert response.status_code == 200
    assert "do chính bạn soạn phải được một người khác duyệt" in response.content.decode()
    assert state(document) == Publication.SUBMITTED


def test_the_office_adds_a_meeting_and_submits_it_at_once(people):
    office = people["office"]
    page = office.get(reverse("admin:meetings_meeting_add")).content.decode()
    data = page_form(page)
    organization = MeetingFactory().organization
    data.update(
        title=["Hội nghị giao ban khối Dân vận"],
        organization=[str(organization.pk)],
        kind=[Meeting.Kind.STANDING_COMMITTEE],
        status=[Meeting.Status.PLANNED],
        starts_at_0=["25/11/2026"],
        starts_at_1=["08:00"],
        place=["Hội trường Thành ủy"],
        _transition=["submit"],
    )
    response = office.post(reverse("admin:meetings_meeting_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Hội nghị giao ban khối Dân vận")
    assert (meeting.publication, meeting.created_by) == (Publication.SUBMITTED, office.user)
    assert Client().get(meeting.get_absolute_url()).status_code == 404
    assert Document.objects.count() == 0
