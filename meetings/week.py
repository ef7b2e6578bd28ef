"""A week of the leadership's work schedule (lịch công tác), Monday to Sunday, by day: the
page /lich-cong-tac/ and the home page's "Lịch công tác tuần này" (website)."""

import datetime

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def by_day(meetings, monday: datetime.date, today: datetime.date) -> list[dict]:
    """The seven days from ``monday``: each with its name ("Thứ Tư"), whether it is today or
    gone by, and its ``meetings`` (of those given, in their order)."""
    days = []
    for offset, name in enumerate(WEEKDAYS):
        day = monday + datetime.timedelta(days=offset)
        days.append(
            {
                "date": day,
                "name": name,
                "is_today": day == today,
                "is_past": day < today,
                "meetings": [meeting for meeting in meetings if meeting.day == day],
            }
        )
    return days
