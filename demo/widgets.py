"""Plausible widget data for ``seed_demo``, so that a machine without internet shows full boxes.

The snapshots are built by the providers' own parsers from answers written in the real
formats, marked as demo data ("dữ liệu mẫu") with the time they were made; the first
successful fetch replaces them.
"""

import datetime
import json
import random

from django.utils import timezone

from portal.models import SiteSettings
from widgets import counting, snapshots
from widgets.models import DailyVisits
from widgets.providers import rates, weather

# Vietcombank's list, with rates of late 2026 (buy cash, buy transfer, sell).
DEMO_RATES = [
    ("AUD", "AUSTRALIAN DOLLAR", 16880.51, 17051.02, 17597.45),
    ("CAD", "CANADIAN DOLLAR", 18412.30, 18598.28, 19194.31),
    ("CHF", "SWISS FRANC", 32061.77, 32385.63, 33423.49),
    ("CNY", "YUAN RENMINBI", 3598.41, 3634.76, 3751.24),
    ("EUR", "EURO", 29841.13, 30142.56, 31471.88),
    ("GBP", "POUND STERLING", 34208.90, 34554.44, 35661.84),
    ("HKD", "HONGKONG DOLLAR", 3312.07, 3345.52, 3452.73),
    ("JPY", "YEN", 165.88, 167.56, 175.47),
    ("KRW", "KOREAN WON", 16.24, 18.04, 19.57),
    ("SGD", "SINGAPORE DOLLAR", 19703.55, 19902.58, 20540.40),
    ("THB", "THAILAND BAHT", 717.43, 797.15, 827.71),
    ("USD", "US DOLLAR", 26095.00, 26125.00, 26455.00),
]


def seed_widgets(seed: int = 2026, now: datetime.datetime | None = None) -> None:
    """Store demo weather and rates snapshots and two months of visit counts."""
    now = now or timezone.now()
    rng = random.Random(seed)
    site = SiteSettings.load()
    data = weather.parse(json.dumps(_weather_answer(now, rng)).encode(), place=site.weather_location_name)
    data["location"] = snapshots.location_of(site)
    snapshots.store(weather.NAME, data, fetched_at=now, is_demo=True)
    snapshots.store(rates.NAME, rates.parse(_rates_answer(now).encode()), fetched_at=now, is_demo=True)

    today = timezone.localdate(now)
    if not DailyVisits.objects.exists():
        DailyVisits.objects.bulk_create(
            DailyVisits(day=today - datetime.timedelta(days=back), shard=0, visits=rng.randint(1200, 3400))
            for back in range(1, 61)
        )
        counting.add_visits(today, rng.randint(300, 900), shard=0)


def _weather_answer(now: datetime.datetime, rng: random.Random) -> dict:
    """An Open-Meteo answer for Hạ Long in the shape the API sends."""
    local = timezone.localtime(now)
    days = [local.date() + datetime.timedelta(days=n) for n in range(3)]
    return {
        "latitude": 20.95,
        "longitude": 107.07,
        "timezone": "Asia/Ho_Chi_Minh",
        "current": {
            "time": local.strftime("%Y-%m-%dT%H:00"),
            "interval": 900,
            "temperature_2m": round(rng.uniform(22, 27), 1),
            "relative_humidity_2m": rng.randint(70, 88),
            "apparent_temperature": round(rng.uniform(23, 29), 1),
            "is_day": 1 if 6 <= local.hour < 18 else 0,
            "precipitation": 0.0,
            "weather_code": 2,
            "wind_speed_10m": round(rng.uniform(6, 15), 1),
        },
        "daily": {
            "time": [day.isoformat() for day in days],
            "weather_code": [2, 61, 3],
            "temperature_2m_max": [26.4, 24.1, 25.3],
            "temperature_2m_min": [20.2, 19.6, 19.1],
            "precipitation_probability_max": [10, 65, 20],
        },
    }


def _rates_answer(now: datetime.datetime) -> str:
    """A Vietcombank XML answer, with its quirks (padded names, separators, month-first time)."""
    local = timezone.localtime(now)
    stamp = f"{local.month}/{local.day}/{local.year} {local:%I:%M:%S %p}".replace(" 0", " ", 1)
    rows = "\n".join(
        f'  <Exrate CurrencyCode="{code}" CurrencyName="{name:<25}" Buy="{buy:,.2f}" '
        f'Transfer="{transfer:,.2f}" Sell="{sell:,.2f}" />'
        for code, name, buy, transfer, sell in DEMO_RATES
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!--Tỷ giá mẫu cho bản chạy thử-->\n<ExrateList>\n'
        f"  <DateTime>{stamp}</DateTime>\n{rows}\n"
        "  <Source>Joint Stock Commercial Bank for Foreign Trade of Vietnam - Vietcombank</Source>\n"
        "</ExrateList>\n"
    )
