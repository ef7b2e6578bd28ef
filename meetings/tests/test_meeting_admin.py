"""The meeting's form in the admin: its three states told apart, the review panel last, and
terms named with their organization."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import MeetingFactory, OrganizationFactory, TermFactory

pytestmark = pytest.mark.django_db


def change_url(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def term_options(html: str) -> list[str]:
    select = re.search(r'<select name="term".*?</select>', html, re.S).group(0)
    return [unescape(label).strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)][1:]


def test_each_term_on_the_form_names_its_organization(admin_client):
    """Two organizations' “khóa XXV” are told apart by the organization after the years."""
    city = OrganizationFactory(name="Thành ủy Hạ Long")
    council = OrganizationFactory(name="Hội đồng nhân dân thành phố Hạ Long", short_name="HĐND", code="HĐND")
    TermFactory(organization=city)
    TermFactory(organization=council)
    meeting = MeetingFactory(organization=city)
    options = term_options(admin_client.get(change_url(meeting)).content.decode())
    assert sorted(options) == [
        "khóa XXV, nhiệm kỳ 2020–2025 — Hội đồng nhân dân thành phố Hạ Long",
        "khóa XXV, nhiệm kỳ 2020–2025 — Thành ủy Hạ Long",
    ]


def test_the_term_list_costs_the_same_queries_with_more_terms(admin_client):
    """Organizations come with the terms in one query, not one query per term."""
    meeting = MeetingFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(change_url(meeting)).status_code == 200
        return len(captured)

    TermFactory(organization=meeting.organization)
    few = queries()
    for number in range(5):
        organization = OrganizationFactory(name=f"Đảng ủy phường {number}", code=f"ĐU{number}")
        TermFactory(organization=organization, starts_on=datetime.date(2015 + number, 10, 1))
    assert queries() == few


def test_the_three_states_of_a_meeting_are_told_apart(admin_client):
    """“Tình trạng”, “Công bố” and “Quy trình duyệt” each say what they are about."""
    html = admin_client.get(change_url(MeetingFactory())).content.decode()
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "Hội nghị diễn ra thế nào: dự kiến, đã diễn ra, hoãn hay hủy." in text
    assert "Hội nghị đã hiện trên cổng cho bạn đọc hay chưa, và từ lúc nào." in text
    assert "Nó đổi mục “Công bố”, không đổi “Tình trạng” (diễn ra, hoãn, hủy)." in text


def test_the_review_panel_comes_after_the_chairs_and_the_agenda(admin_client):
    """“Quy trình duyệt” is the last thing of the form, after the sections still to fill in and
    just before the save buttons."""
    html = admin_client.get(change_url(MeetingFactory())).content.decode()
    form = html[html.index('id="meeting_form"') :]
    positions = [
        form.index(">Công bố</h2>"),
        form.index('name="chair_links-TOTAL_FORMS"'),
        form.index('name="agenda_items-TOTAL_FORMS"'),
        form.index('id="quy-trinh-duyet"'),
        form.rindex('name="_save"'),
    ]
    assert positions == sorted(positions)
    assert form.count('id="quy-trinh-duyet"') == 1


def test_the_lists_term_filter_names_each_organization_too(admin_client):
    city = OrganizationFactory(name="Thành ủy Hạ Long")
    council = OrganizationFactory(name="Hội đồng nhân dân thành phố Hạ Long", short_name="HĐND", code="HĐND")
    TermFactory(organization=city)
    TermFactory(organization=council)
    html = unescape(admin_client.get(reverse("admin:meetings_meeting_changelist")).content.decode())
    assert "khóa XXV, nhiệm kỳ 2020–2025 — Thành ủy Hạ Long" in html
    assert "khóa XXV, nhiệm kỳ 2020–2025 — Hội đồng nhân dân thành phố Hạ Long" in html
