"""The boxes' filters and their behaviour with odd or partial data: never an error page."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from portal.models import SiteSettings
from widgets import snapshots
from widgets.templatetags.widgets import day_label, moment, vn_number, vn_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (5886939, 0, "5.886.939"),
        (25850.0, 0, "25.850"),
        (999, 0, "999"),
        (0, 0, "0"),
        (-3.5, 0, "-4"),
        (18.515, 2, "18,52"),
        ("1234.5", 1, "1.234,5"),
        (None, 0, "–"),
        ("", 0, "–"),
        ("abc", 0, "–"),
        (float("nan"), 0, "–"),
        (float("inf"), 0, "–"),
    ],
)
def test_vn_number(value, decimals, text):
    assert vn_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (26455.0, "26.455"),
        (175.47, "175,47"),
        (18.04, "18,04"),
        (1000, "1.000"),
        (None, "–"),
        ("25,850.00", "–"),
    ],
)
def test_vn_rate(value, text):
    assert vn_rate(value) == text


def test_day_label_and_moment():
    assert day_label("2026-11-23") == "T2 23/11"
    assert day_label("2026-11-29") == "CN 29/11"
    assert day_label("not a date") == ""
    now = timezone.now()
    assert moment(now) == f"{timezone.localtime(now):%H:%M}"
    assert moment("2026-11-20T14:05:00+07:00") == "14:05 20/11/2026"
    assert moment(None) == ""


def render() -> str:
    template = Template("{% load widgets %}{% weather_box %}{% rates_box %}")
    return template.render(Context({"site": SiteSettings.load()}))


@pytest.mark.parametrize(
    "weather_data",
    [{}, {"place": "Hạ Long"}, {"current": None, "daily": None}, {"current": {"temperature": 20}}],
)
def test_weather_of_an_old_or_partial_format_waits_quietly(weather_data):
    snapshots.store("weather", weather_data, fetched_at=timezone.now())
    html = render()
    assert "Đang cập nhật" in html.split("widget-rates")[0]


@pytest.mark.parametrize(
    "rates_data",
    [
        {"rates": None, "time": 12},
        {"rates": [{"sell": 1}, "junk", {"code": "USD"}], "time": "not a time"},
        {"rates": [{"code": "USD", "sell": 26455.0, "buy": None}]},
    ],
)
def test_rates_of_an_odd_format_never_break_the_page(rates_data):
    snapshots.store("rates", rates_data, fetched_at=timezone.now())
    html = render()
    assert "Tỷ giá ngoại tệ" in html
    if (
        rates_data["rates"]
        and isinstance(rates_data["rates"][0], dict)
        and rates_data["rates"][0].get("code")
    ):
        assert "<td>–</td>" in html and "26.455" in html


def test_past_days_are_dropped_and_today_is_named():
    """A forecast fetched yesterday does not call yesterday "Hôm nay"."""
    today = timezone.localdate()
    days = [
        {"date": (today + datetime.timedelta(days=n)).isoformat(), "icon": "rain", "min": 20, "max": 25}
        for n in (-1, 0, 1)
    ]
    current = {"temperature": 22, "icon": "cloudy", "description": "Nhiều mây"}
    snapshots.store("weather", {"current": current, "daily": days}, fetched_at=timezone.now())
    html = render()
    assert html.count('class="weather-day-name"') == 2
    assert "Hôm nay" in html
    assert day_label((today - datetime.timedelta(days=1)).isoformat()) not in html
