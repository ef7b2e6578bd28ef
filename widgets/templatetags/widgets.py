"""The sidebar boxes: weather, exchange rates, visitor statistics.

Each box costs one cache read when the cache is warm (the site settings come from the
page's context), never a network call; a box without data says "Đang cập nhật".
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

from portal.models import SiteSettings, currency_codes

from .. import counting, snapshots
from ..providers import rates, weather

register = template.Library()


def _site(context) -> SiteSettings:
    site = context.get("site")
    return site if isinstance(site, SiteSettings) else SiteSettings.load()


@register.inclusion_tag("widgets/weather.html", takes_context=True)
def weather_box(context):
    site = _site(context)
    snapshot = snapshots.current(weather.NAME, site)
    data = snapshot["data"] if snapshot else {}
    current = data.get("current") if isinstance(data.get("current"), dict) else None
    today = timezone.localdate().isoformat()
    days = [
        day for day in data.get("daily") or [] if isinstance(day, dict) and str(day.get("date", "")) >= today
    ]
    usable = bool(current and current.get("icon") and current.get("temperature") is not None)
    return {
        "snapshot": snapshot if usable else None,
        "now": current,
        "days": days,
        "today": today,
        "place": data.get("place") or site.weather_location_name,
        "attribution_url": weather.ATTRIBUTION_URL,
        "attribution_text": weather.ATTRIBUTION_TEXT,
    }


@register.inclusion_tag("widgets/rates.html", takes_context=True)
def rates_box(context):
    site = _site(context)
    snapshot = snapshots.current(rates.NAME, site)
    data = snapshot["data"] if snapshot else {}
    by_code = {row.get("code"): row for row in data.get("rates") or [] if isinstance(row, dict)}
    rows = [
        {**by_code[code], "label": rates.CURRENCY_NAMES.get(code) or by_code[code].get("name") or code}
        for code in currency_codes(site.exchange_currencies)
        if code in by_code and by_code[code].get("sell") is not None
    ]
    return {
        "snapshot": snapshot,
        "rows": rows,
        "feed_time": _parse_time(data.get("time")),
        "source_name": rates.SOURCE_NAME,
        "source_title": data.get("source") or rates.SOURCE_NAME,
    }


@register.inclusion_tag("widgets/visitors.html")
def visitors_box():
    """Whoever reads the box is online: "Đang online" is never 0 on it (``for_reader``). The
    box carries its numbers' time: the page's script fetches newer ones at once when these are
    older than STATS_CACHE_SECONDS (a page from the page cache)."""
    return {"stats": counting.stats().for_reader()}


def _parse_time(value):
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


@register.filter
def vn_number(value, decimals=0):
    """A number the Vietnamese way: 5.886.939; 25.850; 18,52 (with ``decimals``); "–" if none."""
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            return "–"
        number = number.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    except (ArithmeticError, ValueError, TypeError):
        return "–"
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + ("," + fraction if fraction else "")


@register.filter
def vn_rate(value):
    """An exchange rate: whole đồng from 1.000 up (25.850), two decimals below (18,52)."""
    try:
        small = abs(Decimal(str(value))) < 1000
    except (ArithmeticError, ValueError, TypeError):
        return "–"
    return vn_number(value, 2 if small else 0)


@register.filter
def local_time(value):
    """An aware datetime (or ISO string) in Vietnam time."""
    if isinstance(value, str):
        value = _parse_time(value)
    if not isinstance(value, datetime.datetime):
        return None
    return timezone.localtime(value) if timezone.is_aware(value) else value


WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


@register.filter
def day_label(value):
    """ "2026-11-23" → "T2 23/11" (thứ Hai); Sunday is "CN"."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m}"


@register.filter
def moment(value):
    """ "05:27" today, "05:27 21/11/2026" on another day: an old snapshot must not look fresh."""
    value = local_time(value)
    if value is None:
        return ""
    if value.date() == timezone.localdate():
        return f"{value:%H:%M}"
    return f"{value:%H:%M %d/%m/%Y}"
