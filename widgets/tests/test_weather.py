"""The Open-Meteo provider: a recorded-style answer, broken and absurd ones, and a loopback fetch."""

import json
import re
import urllib.parse
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from widgets.providers import weather
from widgets.providers.base import ProviderError

from .test_http import send, serving

FIXTURE = Path(__file__).parent / "fixtures" / "open_meteo_ha_long.json"
SPRITE = Path(__file__).resolve().parents[2] / "static" / "img" / "weather.svg"

EXPECTED = {
    "place": "Hạ Long",
    "time": "2026-11-22T14:00",
    "current": {
        "temperature": 24.3,
        "apparent": 25.1,
        "humidity": 78,
        "wind": 12.5,
        "precipitation": 0.0,
        "code": 2,
        "is_day": True,
        "description": "Có mây",
        "icon": "partly-cloudy-day",
    },
    "daily": [
        {
            "date": "2026-11-22",
            "code": 61,
            "description": "Mưa nhỏ",
            "icon": "rain",
            "min": 19.0,
            "max": 26.0,
            "precipitation_probability": 40,
        },
        {
            "date": "2026-11-23",
            "code": 3,
            "description": "Nhiều mây, u ám",
            "icon": "cloudy",
            "min": 18.4,
            "max": 24.9,
            "precipitation_probability": 15,
        },
        {
            "date": "2026-11-24",
            "code": 80,
            "description": "Mưa rào nhẹ",
            "icon": "showers",
            "min": 19.2,
            "max": 25.7,
            "precipitation_probability": 55,
        },
    ],
}

# The codes Open-Meteo's documentation lists under "WMO Weather interpretation codes".
DOCUMENTED_CODES = {
    0, 1, 2, 3, 45, 48, 51, 53, 55, 56, 57, 61, 63, 65,
    66, 67, 71, 73, 75, 77, 80, 81, 82, 85, 86, 95, 96, 99,
}  # fmt: skip
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)


def recorded() -> dict:
    return json.loads(FIXTURE.read_bytes())


def encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def test_the_recorded_answer_parses_to_the_snapshot():
    """A normal answer becomes exactly the snapshot the widget shows."""
    snapshot = weather.parse(FIXTURE.read_bytes())
    assert snapshot == EXPECTED
    assert json.loads(json.dumps(snapshot)) == snapshot  # storable as it is


def test_the_place_is_the_one_given():
    """The place name is the site's, not something from the answer."""
    assert weather.parse(FIXTURE.read_bytes(), place="Bãi Cháy")["place"] == "Bãi Cháy"


def test_every_documented_code_has_a_description_and_icons():
    """All WMO codes Open-Meteo documents are described in Vietnamese, with a day and a night icon."""
    assert set(weather.WMO_CODES) == DOCUMENTED_CODES
    for code, (description, icon_day, icon_night) in weather.WMO_CODES.items():
        assert description and description == description.strip(), code
        assert VIETNAMESE_LETTERS.search(description), code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", icon_day), code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", icon_night), code


def test_clear_and_partly_cloudy_skies_have_night_icons():
    """The sun is not drawn at night; the moon is."""
    assert weather.describe(0, is_day=True) == ("Trời quang", "clear-day")
    assert weather.describe(0, is_day=False) == ("Trời quang, không mây", "clear-night")
    assert weather.describe(2, is_day=False) == ("Có mây", "partly-cloudy-night")
    assert weather.describe(61, is_day=False) == ("Mưa nhỏ", "rain")


def test_a_night_answer_uses_night_icons_but_the_forecast_does_not():
    """``is_day`` 0 switches the current icon; the daily forecast always uses day icons."""
    data = recorded()
    data["current"].update(is_day=0, weather_code=0)
    data["daily"]["weather_code"] = [0, 1, 2]
    snapshot = weather.parse(encode(data))
    assert snapshot["current"]["is_day"] is False
    assert snapshot["current"]["icon"] == "clear-night"
    assert [day["icon"] for day in snapshot["daily"]] == [
        "clear-day",
        "partly-cloudy-day",
        "partly-cloudy-day",
    ]


def test_an_unknown_code_is_a_provider_error():
    """A code outside the documented table is refused, not a KeyError."""
    with pytest.raises(ProviderError, match="weather: unknown weather code 42"):
        weather.describe(42, is_day=True)


def test_every_icon_has_a_symbol_in_the_sprite():
    """Every icon name the table uses is drawn in static/img/weather.svg."""
    sprite = SPRITE.read_text()
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    icons = {icon for _, day, night in weather.WMO_CODES.values() for icon in (day, night)}
    assert icons <= symbols
    assert re.findall(r'<symbol id="[^"]+" viewBox="([^"]+)"', sprite) == ["0 0 64 64"] * len(symbols)
    assert "<script" not in sprite
    assert "href" not in sprite  # no external references, not even internal ones


def test_a_null_precipitation_probability_is_none():
    """Open-Meteo writes null where it has no probability; the snapshot says None."""
    data = recorded()
    data["daily"]["precipitation_probability_max"][2] = None
    assert weather.parse(encode(data))["daily"][2]["precipitation_probability"] is None


def test_units_may_be_left_out():
    """The units blocks are checked when present, not required: the values are what matters."""
    data = recorded()
    del data["current_units"], data["daily_units"]
    assert weather.parse(encode(data)) == EXPECTED


def test_integers_are_accepted_where_decimals_are_usual():
    """A whole-degree temperature written as 24 is still a temperature."""
    data = recorded()
    data["current"]["temperature_2m"] = 24
    assert weather.parse(encode(data))["current"]["temperature"] == 24.0


def _without(section: str, key: str):
    def change(data):
        del data[section][key]
        return data

    return change


def _setting(section: str, key: str, value, index: int | None = None):
    def change(data):
        if index is None:
            data[section][key] = value
        else:
            data[section][key][index] = value
        return data

    return change


def _replacing(new):
    return lambda data: new


def _dropping(key: str):
    return lambda data: {name: value for name, value in data.items() if name != key}


BROKEN = {
    "missing current": (_dropping("current"), "missing key current"),
    "missing daily": (_dropping("daily"), "missing key daily"),
    "current not an object": (lambda data: {**data, "current": []}, "current is not an object"),
    "daily not an object": (lambda data: {**data, "daily": "none"}, "daily is not an object"),
    "missing temperature": (_without("current", "temperature_2m"), "missing key current.temperature_2m"),
    "missing time": (_without("current", "time"), "missing key current.time"),
    "missing is_day": (_without("current", "is_day"), "missing key current.is_day"),
    "missing daily column": (_without("daily", "temperature_2m_min"), "missing key daily.temperature_2m_min"),
    "temperature as text": (
        _setting("current", "temperature_2m", "24.3"),
        "current.temperature_2m is not a number",
    ),
    "temperature as bool": (
        _setting("current", "temperature_2m", True),
        "current.temperature_2m is not a number",
    ),
    "humidity as null": (
        _setting("current", "relative_humidity_2m", None),
        "current.relative_humidity_2m is not a number",
    ),
    "time as number": (_setting("current", "time", 20261122), "current.time is not a string"),
    "time not ISO": (_setting("current", "time", "22/11/2026 14:00"), "current.time is not an ISO 8601 time"),
    "is_day as bool": (_setting("current", "is_day", True), "current.is_day is not 0 or 1"),
    "is_day out of range": (_setting("current", "is_day", 2), "current.is_day is not 0 or 1"),
    "code fractional": (
        _setting("current", "weather_code", 2.5),
        "current.weather_code is not a whole number",
    ),
    "code unknown": (_setting("current", "weather_code", 4), "unknown weather code 4$"),
    "daily code unknown": (_setting("daily", "weather_code", 100, 1), "unknown weather code 100"),
    "too hot": (
        _setting("current", "temperature_2m", 99.0),
        r"current.temperature_2m = 99 is outside -40..60",
    ),
    "too cold": (
        _setting("current", "apparent_temperature", -55),
        "current.apparent_temperature = -55 is outside",
    ),
    "humidity over 100": (
        _setting("current", "relative_humidity_2m", 140),
        "current.relative_humidity_2m = 140 is outside 0..100",
    ),
    "negative wind": (
        _setting("current", "wind_speed_10m", -3),
        "current.wind_speed_10m = -3 is outside 0..400",
    ),
    "hurricane beyond records": (
        _setting("current", "wind_speed_10m", 900),
        "current.wind_speed_10m = 900 is outside 0..400",
    ),
    "negative rain": (
        _setting("current", "precipitation", -0.1),
        "current.precipitation = -0.1 is outside 0..500",
    ),
    "a flood of rain": (
        _setting("current", "precipitation", 800),
        "current.precipitation = 800 is outside 0..500",
    ),
    "probability over 100": (
        _setting("daily", "precipitation_probability_max", 130, 0),
        r"daily\[0\].precipitation_probability_max = 130 is outside 0..100",
    ),
    "daily maximum absurd": (
        _setting("daily", "temperature_2m_max", 75.0, 2),
        r"daily\[2\].temperature_2m_max = 75",
    ),
    "min above max": (
        _setting("daily", "temperature_2m_min", 27.0, 0),
        r"daily\[0\] minimum 27.0 is above maximum 26.0",
    ),
    "daily date broken": (
        _setting("daily", "time", "2026-13-01", 1),
        r"daily\[1\].time is not an ISO 8601 date",
    ),
    "daily column not a list": (_setting("daily", "weather_code", 61), "daily.weather_code is not an array"),
    "daily lengths differ": (
        _setting("daily", "temperature_2m_max", [26.0, 24.9]),
        "daily arrays have different lengths",
    ),
    "daily empty": (
        lambda data: {**data, "daily": {key: [] for key in data["daily"]}},
        "daily arrays are empty",
    ),
    "Fahrenheit": (
        _setting("current_units", "temperature_2m", "°F"),
        "current_units.temperature_2m is '°F', not '°C'",
    ),
    "wind in m/s": (
        _setting("current_units", "wind_speed_10m", "m/s"),
        "current_units.wind_speed_10m is 'm/s', not 'km/h'",
    ),
    "daily units broken": (lambda data: {**data, "daily_units": "°C"}, "daily_units is not an object"),
    "top level is a list": (_replacing([1, 2, 3]), "response is not a JSON object"),
    "top level is null": (_replacing(None), "response is not a JSON object"),
}


@pytest.mark.parametrize(("change", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_or_absurd_answers_are_refused(change, message):
    """Each kind of broken or absurd answer is a ProviderError that says what is wrong."""
    data = change(recorded())
    with pytest.raises(ProviderError, match=f"^weather: {message}"):
        weather.parse(encode(data))


RAW = {
    "not JSON": (b"<html>Bad Gateway</html>", "response is not JSON"),
    "empty": (b"", "response is not JSON"),
    "not UTF-8": (b'{"current": "\xff\xfe"}', "response is not JSON"),
    "NaN": (
        FIXTURE.read_bytes().replace(b'"temperature_2m":24.3', b'"temperature_2m":NaN'),
        "response contains NaN",
    ),
    "Infinity": (
        FIXTURE.read_bytes().replace(b'"wind_speed_10m":12.5', b'"wind_speed_10m":-Infinity'),
        "-Infinity",
    ),
    "overflowing float": (
        FIXTURE.read_bytes().replace(b'"temperature_2m":24.3', b'"temperature_2m":1e999'),
        "not finite",
    ),
    "huge integer": (
        FIXTURE.read_bytes().replace(b'"weather_code":2', b'"weather_code":' + b"9" * 400),
        "not finite",
    ),
    "deep nesting": (b"[" * 30_000 + b"]" * 30_000, "response is not JSON"),
    "oversized": (b" " * (64 * 1024) + FIXTURE.read_bytes(), "over the 65536-byte cap"),
}


@pytest.mark.parametrize(("payload", "message"), RAW.values(), ids=RAW.keys())
def test_answers_that_are_not_usable_json_are_refused(payload, message):
    """Not JSON, NaN and infinities, or too much of it: a ProviderError, never a crash."""
    with pytest.raises(ProviderError, match=f"^weather: .*{re.escape(message)}"):
        weather.parse(payload)


def test_the_url_is_the_documented_one():
    """The request asks for exactly the fields the widget shows, in local time, for three days."""
    assert weather.build_url(Decimal("20.950000"), Decimal("107.070000")) == (
        "https://api.open-meteo.com/v1/forecast?latitude=20.95&longitude=107.07"
        "&current=temperature_2m,relative_humidity_2m,apparent_temperature,is_day,precipitation,"
        "weather_code,wind_speed_10m"
        "&daily=weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max"
        "&timezone=Asia%2FHo_Chi_Minh&forecast_days=3"
    )


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        (Decimal("20.9512345"), Decimal("107.07"), "latitude=20.95123&longitude=107.07"),
        (Decimal("21"), Decimal("-0.000001"), "latitude=21&longitude=0"),
        (20.95, 107, "latitude=20.95&longitude=107"),
    ],
)
def test_coordinates_are_written_with_at_most_five_decimals(latitude, longitude, expected):
    """Five decimals are about a metre: enough for weather, and the same URL every time."""
    assert f"?{expected}&" in weather.build_url(latitude, longitude)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(Decimal("91"), Decimal("107")), (Decimal("20"), Decimal("-181")), (None, Decimal("107")), ("NaN", 107)],
)
def test_a_site_with_impossible_coordinates_is_a_provider_error(latitude, longitude):
    """A mistyped or missing coordinate in the site settings fails before any request."""
    with pytest.raises(ProviderError, match=r"^weather: (latitude|longitude)"):
        weather.build_url(latitude, longitude)


def test_intervals_follow_the_brief():
    """Ten minutes between fetches at least; a page asks for a refresh after thirty."""
    assert weather.NAME == "weather"
    assert weather.MIN_INTERVAL.total_seconds() == 10 * 60
    assert weather.STALE_AFTER.total_seconds() == 30 * 60


@pytest.fixture
def open_meteo(monkeypatch):
    """A loopback stand-in for Open-Meteo answering with the recorded fixture; yields the paths asked for."""
    asked = []

    def answer(handler, stop):
        asked.append(handler.path)
        send(handler, FIXTURE.read_bytes(), content_type="application/json")

    with serving(answer) as url:
        monkeypatch.setattr(weather, "API_URL", f"{url}/v1/forecast")
        yield asked


def test_fetch_asks_for_the_site_point_and_returns_the_snapshot(open_meteo):
    """fetch downloads the site's point and returns the parsed snapshot under the site's place name."""
    site = SimpleNamespace(
        weather_location_name="Hạ Long",
        weather_latitude=Decimal("20.95"),
        weather_longitude=Decimal("107.07"),
    )
    assert weather.fetch(site) == EXPECTED
    [path] = open_meteo
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    assert query["latitude"] == ["20.95"] and query["longitude"] == ["107.07"]
    assert query["timezone"] == ["Asia/Ho_Chi_Minh"]


def test_fetch_errors_name_the_provider(monkeypatch):
    """A failed download is a ProviderError whose log line starts with the provider's name."""

    def answer(handler, stop):
        send(handler, b"oops", status=503)

    with serving(answer) as url:
        monkeypatch.setattr(weather, "API_URL", f"{url}/v1/forecast")
        site = SimpleNamespace(weather_location_name="", weather_latitude=20.95, weather_longitude=107.07)
        with pytest.raises(ProviderError, match=r"^weather: HTTP 503 from 127\.0\.0\.1"):
            weather.fetch(site)
