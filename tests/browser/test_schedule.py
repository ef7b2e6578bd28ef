"""The weekly schedule (/lich-cong-tac/) in Chromium: a day-by-day list that reads on a 390 px
phone, with the time in a column of its own on a desktop, and a week navigation a thumb can use."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory, OfficialFactory
from portal.models import SiteSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
TITLE = "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 14 (mở rộng) sơ kết công tác quý IV"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def week():
    """This week: a long meeting today, online with two sites, and a postponed one tomorrow
    (or yesterday on a Sunday); the other days are empty."""
    SiteSettings.load()
    today = timezone.localdate()
    other = today + datetime.timedelta(days=1 if today.weekday() < 6 else -1)
    MeetingFactory(
        title=TITLE,
        starts_at=_at(today, 8),
        ends_at=_at(today, 11, 30),
        place="Hội trường Thành ủy",
        is_online=True,
        sites="Điểm cầu trung tâm thành phố\nĐiểm cầu các xã, phường",
        participants="Các đồng chí Ủy viên Ban Chấp hành Đảng bộ thành phố; lãnh đạo các ban xây dựng Đảng.",
        chairs=[OfficialFactory(full_name="Vũ Văn Diện"), OfficialFactory(full_name="Trần Thị Minh Thu")],
    )
    MeetingFactory(title="Giao ban khối dân vận", starts_at=_at(other, 14), status=Meeting.Status.POSTPONED)
    return today


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def _borders(locator) -> list[str]:
    return locator.evaluate(
        "el => ['Top', 'Right', 'Bottom', 'Left'].map(s => getComputedStyle(el)['border' + s + 'Style'])"
    )


def test_on_a_phone_the_schedule_reads_as_a_day_by_day_list(live_server, open_page, screenshot_dir, week):
    """At 390 px: one heading per day (weekday, dd/mm/yyyy, today marked), each meeting one
    block whose parts stack in one column, no part boxed on its own, no sideways scrolling;
    the week buttons sit side by side, big enough for a thumb, and lead to the next week."""
    page = open_page(390, 844)
    page.goto(live_server.url + "/lich-cong-tac/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".schedule table, .schedule td").count() == 0

    headings = page.locator(".schedule h2")
    expect(headings).to_have_count(7)
    monday = week - datetime.timedelta(days=week.weekday())
    for offset, name in enumerate(WEEKDAYS):
        expect(headings.nth(offset)).to_contain_text(
            f"{name}, {monday + datetime.timedelta(days=offset):%d/%m/%Y}"
        )
    today = page.locator('.schedule h2[aria-current="date"]')
    expect(today).to_have_count(1)
    expect(today).to_contain_text(f"{week:%d/%m/%Y} Hôm nay")
    expect(page.locator(".schedule-empty")).to_have_count(5)

    item = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=TITLE))
    expect(item).to_have_count(1)
    expect(item).to_contain_text("08:00 – 11:30")
    expect(item).to_contain_text("Chủ trì: Vũ Văn Diện, Trần Thị Minh Thu")
    expect(item).to_contain_text("Địa điểm: Hội trường Thành ủy; trực tuyến")
    expect(item).to_contain_text("Điểm cầu: Điểm cầu trung tâm thành phố; Điểm cầu các xã, phường")
    block = _box(item)
    parts = [item.locator(selector) for selector in (".schedule-time", ".schedule-title", ".schedule-facts")]
    boxes = [_box(part) for part in parts]
    for part, box in zip(parts, boxes, strict=True):
        assert box["x"] >= block["x"] and box["x"] + box["width"] <= block["x"] + block["width"] + 0.5
        assert box["width"] >= block["width"] * 0.85, "each part spans the block: one column"
        assert _borders(part) == ["none"] * 4, "no part of a meeting is boxed on its own"
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1 <= boxes[2]["y"] + 1
    label, value = item.locator(".schedule-facts dt").first, item.locator(".schedule-facts dd").first
    assert abs(_box(label)["y"] - _box(value)["y"]) < 2, "a label and its value share a line"
    assert (
        float(
            page.evaluate("parseFloat(getComputedStyle(document.querySelector('.schedule-title')).fontSize)")
        )
        >= 16
    )

    links = page.locator(".week-nav-link")
    previous, following = _box(links.first), _box(links.last)
    assert abs(previous["y"] - following["y"]) < 1 and following["x"] > previous["x"]
    for n in range(links.count()):
        box = _box(links.nth(n))
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=screenshot_dir / "schedule-390.png", full_page=True)

    page.get_by_role("link", name="Tuần sau ›").click()
    next_monday = monday + datetime.timedelta(days=7)
    expect(page.locator(".week-nav-range")).to_have_text(
        f"Tuần từ {next_monday:%d/%m/%Y} đến {next_monday + datetime.timedelta(days=6):%d/%m/%Y}"
    )
    expect(page.get_by_role("link", name="Tuần này")).to_be_visible()
    assert page.console_errors == []


def test_on_a_desktop_the_time_has_a_column_of_its_own(live_server, open_page, screenshot_dir, week):
    """At 1366 px the list reads like a table: each meeting's time on the left, its title and
    details beside it at the same height, the times of every meeting in one column."""
    page = open_page(1366, 900)
    page.goto(live_server.url + "/lich-cong-tac/")
    times = page.locator(".schedule-time")
    titles = page.locator(".schedule-title")
    expect(times).to_have_count(2)
    for n in range(2):
        time, title = _box(times.nth(n)), _box(titles.nth(n))
        assert time["x"] + time["width"] <= title["x"], "the time stands left of the title"
        assert abs(time["y"] - title["y"]) < 6, "and on the same line"
    assert abs(_box(times.nth(0))["x"] - _box(times.nth(1))["x"]) < 1
    assert abs(_box(titles.nth(0))["x"] - _box(titles.nth(1))["x"]) < 1
    postponed = page.locator(".schedule-item.is-off")
    expect(postponed).to_contain_text("Hoãn")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=screenshot_dir / "schedule-1366.png", full_page=True)
    assert page.console_errors == []
