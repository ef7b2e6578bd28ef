"""Current weather and a three-day forecast for the site's place, from Open-Meteo.

Open-Meteo needs no key and publishes its data under CC BY 4.0, so the widget must show
``ATTRIBUTION_TEXT`` linked to ``ATTRIBUTION_URL``. ``parse`` is pure: it checks every value
it keeps, because a snapshot that says 99 °C in Hạ Long is worse than the last good one.
"""

import json
import math
import urllib.parse
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .base import ProviderError, get

NAME = "weather"
MIN_INTERVAL = timedelta(minutes=10)  # the model updates every 15 minutes; no need to ask more often
STALE_AFTER = timedelta(minutes=30)

API_URL = "https://api.open-meteo.com/v1/forecast"
ATTRIBUTION_URL = "https://open-meteo.com/"
ATTRIBUTION_TEXT = "Dữ liệu thời tiết: Open-Meteo.com"

DEFAULT_PLACE = "Hạ Long"
TIMEZONE = "Asia/Ho_Chi_Minh"
FORECAST_DAYS = 3
TIMEOUT = 5  # seconds for the whole exchange: a slow API must not hold a page's worker
MAX_BYTES = 64 * 1024  # a real answer is about 1.5 KB

CURRENT_FIELDS = (
    "temperature_2m",
    "relative_humidity_2m",
    "apparent_temperature",
    "is_day",
    "precipitation",
    "weather_code",
    "wind_speed_10m",
)
DAILY_FIELDS = ("weather_code", "temperature_2m_max", "temperature_2m_min", "precipitation_probability_max")

# Every WMO code Open-Meteo documents: code → (description, icon by day, icon by night).
# Only clear and partly cloudy skies look different at night; rain is rain.
WMO_CODES = {
    0: ("Trời quang", "clear-day", "clear-night"),
    1: ("Ít mây", "partly-cloudy-day", "partly-cloudy-night"),
    2: ("Có mây", "partly-cloudy-day", "partly-cloudy-night"),
    3: ("Nhiều mây, u ám", "cloudy", "cloudy"),
    45: ("Sương mù", "fog", "fog"),
    48: ("Sương mù đóng băng", "fog", "fog"),
    51: ("Mưa phùn nhẹ", "drizzle", "drizzle"),
    53: ("Mưa phùn", "drizzle", "drizzle"),
    55: ("Mưa phùn dày", "drizzle", "drizzle"),
    56: ("Mưa phùn băng giá nhẹ", "freezing-rain", "freezing-rain"),
    57: ("Mưa phùn băng giá dày", "freezing-rain", "freezing-rain"),
    61: ("Mưa nhỏ", "rain", "rain"),
    63: ("Mưa vừa", "rain", "rain"),
    65: ("Mưa to", "heavy-rain", "heavy-rain"),
    66: ("Mưa băng giá nhẹ", "freezing-rain", "freezing-rain"),
    67: ("Mưa băng giá nặng hạt", "freezing-rain", "freezing-rain"),
    71: ("Tuyết rơi nhẹ", "snow", "snow"),
    73: ("Tuyết rơi vừa", "snow", "snow"),
    75: ("Tuyết rơi dày", "snow", "snow"),
    77: ("Tuyết hạt", "snow", "snow"),
    80: ("Mưa rào nhẹ", "showers", "showers"),
    81: ("Mưa rào", "showers", "showers"),
    82: ("Mưa rào rất to", "heavy-rain", "heavy-rain"),
    85: ("Tuyết rơi từng đợt nhẹ", "snow", "snow"),
    86: ("Tuyết rơi từng đợt dày", "snow", "snow"),
    95: ("Dông", "thunderstorm", "thunderstorm"),
    96: ("Dông kèm mưa đá nhỏ", "hail", "hail"),
    99: ("Dông kèm mưa đá lớn", "hail", "hail"),
}
# A clear sky reads differently at night: there is no sun to speak of.
NIGHT_DESCRIPTIONS = {0: "Trời quang, không mây"}

# The units the bounds below assume (Open-Meteo's defaults, which the URL keeps).
UNITS = {
    "temperature_2m": "°C",
    "apparent_temperature": "°C",
    "relative_humidity_2m": "%",
    "precipitation": "mm",
    "wind_speed_10m": "km/h",
    "temperature_2m_max": "°C",
    "temperature_2m_min": "°C",
    "precipitation_probability_max": "%",
}

# Plausible bounds (inclusive); anything outside means a broken answer, not weather.
TEMPERATURE_RANGE = (-40, 60)  # °C
HUMIDITY_RANGE = (0, 100)  # %
WIND_RANGE = (0, 400)  # km/h
PRECIPITATION_RANGE = (0, 500)  # mm
PROBABILITY_RANGE = (0, 100)  # %


def describe(code: int, is_day: bool) -> tuple[str, str]:
    """The Vietnamese description and the icon name of a WMO weather code, by day or night."""
    if code not in WMO_CODES:
        raise ProviderError(f"{NAME}: unknown weather code {code}")
    description, icon_day, icon_night = WMO_CODES[code]
    if is_day:
        return description, icon_day
    return NIGHT_DESCRIPTIONS.get(code, description), icon_night


def build_url(latitude, longitude) -> str:
    """The forecast URL for a point: current conditions and ``FORECAST_DAYS`` days, local time."""
    query = urllib.parse.urlencode(
        {
            "latitude": _coordinate(latitude, "latitude", 90),
            "longitude": _coordinate(longitude, "longitude", 180),
            "current": ",".join(CURRENT_FIELDS),
            "daily": ",".join(DAILY_FIELDS),
            "timezone": TIMEZONE,
            "forecast_days": FORECAST_DAYS,
        },
        safe=",",  # the documented form keeps the field lists readable
    )
    return f"{API_URL}?{query}"


def fetch(site, *, previous: dict | None = None) -> dict:
    """Download and parse the weather at the site's configured point; ProviderError on any failure.

    ``previous`` is accepted so that both providers are called alike; weather has no use for
    it (unlike exchange rates, a sudden change in the weather is news, not a typo).
    """
    url = build_url(site.weather_latitude, site.weather_longitude)
    try:
        payload = get(url, timeout=TIMEOUT, max_bytes=MAX_BYTES, accept="application/json")
    except ProviderError as exc:
        raise ProviderError(f"{NAME}: {exc}") from None
    return parse(payload, place=site.weather_location_name or DEFAULT_PLACE)


def parse(payload: bytes, *, place: str = DEFAULT_PLACE) -> dict:
    """The snapshot the widget shows, from an Open-Meteo answer; ProviderError if anything is off."""
    if len(payload) > MAX_BYTES:
        raise ProviderError(f"{NAME}: response of {len(payload)} bytes is over the {MAX_BYTES}-byte cap")
    data = _load_json(payload)
    _check_units(data)
    current = _object(data, "current")
    daily = _object(data, "daily")
    return {
        "place": place,
        "time": _local_time(_required(current, "time", "current"), "current.time"),
        "current": _current(current),
        "daily": _daily(daily),
    }


def _load_json(payload: bytes) -> dict:
    try:
        data = json.loads(payload, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, absurd nesting
        raise ProviderError(f"{NAME}: response is not JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ProviderError(f"{NAME}: response is not a JSON object")
    return data


def _refuse_constant(name: str):
    # json accepts NaN and Infinity, which are not JSON and not weather.
    raise ProviderError(f"{NAME}: response contains {name}")


def _check_units(data: dict) -> None:
    """Stated units must be the ones the bounds assume: 50 °F would otherwise pass for 50 °C."""
    for section in ("current_units", "daily_units"):
        units = data.get(section, {})  # optional: the values are what matters
        if not isinstance(units, dict):
            raise ProviderError(f"{NAME}: {section} is not an object")
        for key, unit in units.items():
            if key in UNITS and unit != UNITS[key]:
                raise ProviderError(f"{NAME}: {section}.{key} is {unit!r}, not {UNITS[key]!r}")


def _object(data: dict, key: str) -> dict:
    value = _required(data, key, where="")
    if not isinstance(value, dict):
        raise ProviderError(f"{NAME}: {key} is not an object")
    return value


def _current(current: dict) -> dict:
    is_day = _is_day(current)
    code = _code(_required(current, "weather_code", "current"), "current.weather_code")
    description, icon = describe(code, is_day)
    return {
        "temperature": _measure(current, "temperature_2m", "current", TEMPERATURE_RANGE),
        "apparent": _measure(current, "apparent_temperature", "current", TEMPERATURE_RANGE),
        "humidity": round(_measure(current, "relative_humidity_2m", "current", HUMIDITY_RANGE)),
        "wind": _measure(current, "wind_speed_10m", "current", WIND_RANGE),
        "precipitation": _measure(current, "precipitation", "current", PRECIPITATION_RANGE),
        "code": code,
        "is_day": is_day,
        "description": description,
        "icon": icon,
    }


def _daily(daily: dict) -> list[dict]:
    columns = {key: _column(daily, key) for key in ("time", *DAILY_FIELDS)}
    lengths = {len(values) for values in columns.values()}
    if len(lengths) != 1:
        raise ProviderError(f"{NAME}: daily arrays have different lengths")
    if lengths == {0}:
        raise ProviderError(f"{NAME}: daily arrays are empty")
    rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    return [_day(row, f"daily[{index}]") for index, row in enumerate(rows[:FORECAST_DAYS])]


def _column(daily: dict, key: str) -> list:
    values = _required(daily, key, "daily")
    if not isinstance(values, list):
        raise ProviderError(f"{NAME}: daily.{key} is not an array")
    return values


def _day(row: dict, where: str) -> dict:
    code = _code(row["weather_code"], f"{where}.weather_code")
    description, icon = describe(code, is_day=True)
    low = _measure(row, "temperature_2m_min", where, TEMPERATURE_RANGE)
    high = _measure(row, "temperature_2m_max", where, TEMPERATURE_RANGE)
    if low > high:
        raise ProviderError(f"{NAME}: {where} minimum {low} is above maximum {high}")
    probability = row["precipitation_probability_max"]
    if probability is not None:  # Open-Meteo sends null where its model has no probability
        probability = round(_measure(row, "precipitation_probability_max", where, PROBABILITY_RANGE))
    return {
        "date": _date(row["time"], f"{where}.time"),
        "code": code,
        "description": description,
        "icon": icon,
        "min": low,
        "max": high,
        "precipitation_probability": probability,
    }


def _required(data: dict, key: str, where: str):
    if key not in data:
        path = f"{where}.{key}" if where else key
        raise ProviderError(f"{NAME}: missing key {path}")
    return data[key]


def _number(value, path: str) -> float:
    # bool is an int to Python, but "true" is not a temperature.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProviderError(f"{NAME}: {path} is not a number")
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        number = math.inf
    if not math.isfinite(number):  # 1e999 parses as infinity
        raise ProviderError(f"{NAME}: {path} is not finite")
    return number


def _measure(data: dict, key: str, where: str, bounds: tuple[int, int]) -> float:
    path = f"{where}.{key}"
    value = _number(_required(data, key, where), path)
    low, high = bounds
    if not low <= value <= high:
        raise ProviderError(f"{NAME}: {path} = {value:g} is outside {low}..{high}")
    return value


def _code(value, path: str) -> int:
    number = _number(value, path)
    if not number.is_integer():
        raise ProviderError(f"{NAME}: {path} is not a whole number")
    return int(number)


def _is_day(current: dict) -> bool:
    value = _required(current, "is_day", "current")
    if isinstance(value, bool) or value not in (0, 1):
        raise ProviderError(f"{NAME}: current.is_day is not 0 or 1")
    return value == 1


def _local_time(value, path: str) -> str:
    if not isinstance(value, str):
        raise ProviderError(f"{NAME}: {path} is not a string")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ProviderError(f"{NAME}: {path} is not an ISO 8601 time") from None
    return value


def _date(value, path: str) -> str:
    if not isinstance(value, str):
        raise ProviderError(f"{NAME}: {path} is not a string")
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ProviderError(f"{NAME}: {path} is not an ISO 8601 date") from None


def _coordinate(value, name: str, limit: int) -> str:
    """``value`` with at most five decimals (about a metre), no trailing zeros: 20.95, 107.07."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ProviderError(f"{NAME}: {name} {value!r} is not a number") from None
    if not number.is_finite():
        raise ProviderError(f"{NAME}: {name} {value!r} is not a number")
    if not -limit <= number <= limit:
        raise ProviderError(f"{NAME}: {name} {value} is outside -{limit}..{limit}")
    text = f"{number:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
