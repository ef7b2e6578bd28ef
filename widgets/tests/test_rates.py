"""The Vietcombank provider: the feed's quirks, implausible rows, hostile XML and a loopback fetch."""

import json
from pathlib import Path

import pytest

from widgets.providers import rates
from widgets.providers.base import ProviderError

from .test_http import send, serving

FIXTURE = Path(__file__).parent / "fixtures" / "vietcombank.xml"
SOURCE = "Joint Stock Commercial Bank for Foreign Trade of Vietnam - Vietcombank"
USD = (
    '<Exrate CurrencyCode="USD" CurrencyName="US DOLLAR                " '
    'Buy="25,850.00" Transfer="25,880.00" Sell="26,210.00" />'
)


def feed(*rows: str, when: str = "9/2/2026 5:38:54 PM") -> bytes:
    """A feed in Vietcombank's shape with the given rows."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!--Tỷ giá Vietcombank. Vui lòng không gửi quá 1 request trong 5 phút -->\n"
        f"<ExrateList>\n  <DateTime>{when}</DateTime>\n  "
        + "\n  ".join(rows)
        + f"\n  <Source>{SOURCE}</Source>\n</ExrateList>\n"
    ).encode()


def row(code: str, buy: str, transfer: str, sell: str, name: str = "SOME CURRENCY") -> str:
    return (
        f'<Exrate CurrencyCode="{code}" CurrencyName="{name:<25}" '
        f'Buy="{buy}" Transfer="{transfer}" Sell="{sell}" />'
    )


def by_code(snapshot: dict) -> dict:
    return {rate["code"]: rate for rate in snapshot["rates"]}


def test_the_recorded_feed_parses_whole():
    """All twenty currencies come through, names stripped and amounts read, nothing rejected."""
    snapshot = rates.parse(FIXTURE.read_bytes())
    assert snapshot["time"] == "2026-09-02T17:38:54+07:00"
    assert snapshot["source"] == SOURCE
    assert snapshot["rejected"] == []
    assert [rate["code"] for rate in snapshot["rates"]] == [
        "AUD", "CAD", "CHF", "CNY", "DKK", "EUR", "GBP", "HKD", "INR", "JPY",
        "KRW", "KWD", "MYR", "NOK", "RUB", "SAR", "SEK", "SGD", "THB", "USD",
    ]  # fmt: skip
    table = by_code(snapshot)
    assert table["USD"] == {
        "code": "USD",
        "name": "US DOLLAR",
        "buy": 25850.0,
        "transfer": 25880.0,
        "sell": 26210.0,
    }
    assert table["JPY"] == {"code": "JPY", "name": "YEN", "buy": 168.42, "transfer": 170.12, "sell": 178.95}
    assert table["KWD"]["transfer"] == 85012.3
    assert json.loads(json.dumps(snapshot)) == snapshot  # storable as it is


@pytest.mark.parametrize(("code", "written"), [("KWD", "-"), ("RUB", ""), ("SAR", "0.00")])
def test_the_feeds_ways_of_saying_no_rate_are_none(code, written):
    """Vietcombank writes a missing rate as "-", "" or "0.00"; all three are None."""
    assert f'CurrencyCode="{code}"' in FIXTURE.read_text()
    assert by_code(rates.parse(FIXTURE.read_bytes()))[code]["buy"] is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("9/2/2026 5:38:54 PM", "2026-09-02T17:38:54+07:00"),  # month first: 2 September
        ("12/31/2026 11:59:59 PM", "2026-12-31T23:59:59+07:00"),
        ("1/5/2027 12:00:01 AM", "2027-01-05T00:00:01+07:00"),  # 12 AM is just after midnight
        ("1/5/2027 12:30:00 PM", "2027-01-05T12:30:00+07:00"),  # 12 PM is noon
        (" 10/09/2026 08:05:00 AM ", "2026-10-09T08:05:00+07:00"),
    ],
)
def test_the_feed_time_is_month_first_with_am_pm_in_vietnam_time(written, expected):
    """The DateTime is read as month/day/year on a 12-hour clock, in Việt Nam's time zone."""
    assert rates.parse(feed(USD, when=written))["time"] == expected


IMPLAUSIBLE = {
    "lower-case code": row("usd", "25,850.00", "25,880.00", "26,210.00"),
    "code too long": row("USDX", "25,850.00", "25,880.00", "26,210.00"),
    "no sell rate": row("XAU", "25,850.00", "25,880.00", "-"),
    "negative value": row("NZD", "-15,100.00", "15,200.00", "15,700.00"),
    "over a million": row("XAG", "1,500,000.00", "1,510,000.00", "1,550,000.00"),
    "buy above sell": row("CAD", "19,900.00", "18,699.29", "19,297.62"),
    "transfer above sell": row("CHF", "31,560.12", "33,878.91", "32,898.95"),
    "spread over 25 %": row("HKD", "2,500.00", "3,301.42", "3,407.06"),
    "not a number": row("NOK", "-", "2,541.18", "2.649,11"),
    "nan": row("SEK", "-", "nan", "2,836.24"),
    "dollar missing a digit": row("USD", "2,585.00", "2,588.00", "2,621.00"),
    "euro a thousand times too dear": row("EUR", "29,654,770.00", "29,954,310.00", "31,234,400.00"),
    "yen written in hundreds": row("JPY", "16,842.00", "17,012.00", "17,895.00"),
    "won a hundred times too dear": row("KRW", "1,698.00", "1,887.00", "2,047.00"),
    "baht below its band": row("THB", "71.78", "79.75", "82.79"),
}


@pytest.mark.parametrize("bad", IMPLAUSIBLE.values(), ids=IMPLAUSIBLE.keys())
def test_implausible_rows_are_set_aside(bad):
    """A row that cannot be right goes into "rejected"; the good rows are still shown."""
    good = USD if 'CurrencyCode="USD"' not in bad else row("GBP", "34,120.55", "34,465.20", "35,568.03")
    snapshot = rates.parse(feed(good, bad))
    code = bad.split('CurrencyCode="')[1].split('"')[0]
    assert snapshot["rejected"] == [code]
    assert [rate["code"] for rate in snapshot["rates"]] == [good.split('CurrencyCode="')[1][:3]]


def test_a_currency_listed_twice_keeps_its_first_row():
    """A repeated code is suspicious: the first row is shown, the repeat rejected."""
    snapshot = rates.parse(feed(USD, row("USD", "25,900.00", "25,930.00", "26,260.00")))
    assert [rate["sell"] for rate in snapshot["rates"]] == [26210.0]
    assert snapshot["rejected"] == ["USD"]


def test_a_row_without_a_code_is_rejected_as_a_question_mark():
    """A row with no currency code still shows up in "rejected", as "?"."""
    snapshot = rates.parse(
        feed(USD, '<Exrate CurrencyName="NOTHING" Buy="1.00" Transfer="1.00" Sell="1.10" />')
    )
    assert snapshot["rejected"] == ["?"]


def test_a_rate_that_jumped_since_the_previous_snapshot_is_rejected():
    """A sell rate more than 20 % away from the previous snapshot's is a typo until proven otherwise."""
    previous = rates.parse(FIXTURE.read_bytes())
    jumped = FIXTURE.read_bytes().replace(b'Sell="26,210.00"', b'Sell="31,600.00"')  # +20.6 %
    jumped = jumped.replace(
        b'Buy="168.42" Transfer="170.12" Sell="178.95"', b'Buy="134.10" Transfer="135.50" Sell="140.00"'
    )  # -21.8 %
    snapshot = rates.parse(jumped, previous=previous)
    assert snapshot["rejected"] == ["JPY", "USD"]
    assert "USD" not in by_code(snapshot)
    assert rates.parse(jumped)["rejected"] == []  # without a previous snapshot, both are plausible


def test_a_rate_that_moved_less_than_20_percent_is_kept():
    """Ordinary moves, even large ones, are shown."""
    previous = rates.parse(FIXTURE.read_bytes())
    moved = FIXTURE.read_bytes().replace(b'Sell="26,210.00"', b'Sell="31,400.00"')  # +19.8 %
    assert by_code(rates.parse(moved, previous=previous))["USD"]["sell"] == 31400.0


@pytest.mark.parametrize(
    "previous", [{}, {"rates": "none"}, {"rates": [None, {"code": "USD", "sell": "x"}]}, "junk"]
)
def test_a_malformed_previous_snapshot_is_ignored(previous):
    """An old or damaged cached snapshot disables the move check instead of breaking the parse."""
    assert rates.parse(FIXTURE.read_bytes(), previous=previous)["rejected"] == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE ExrateList [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ExrateList><DateTime>9/2/2026 5:38:54 PM</DateTime>
<Exrate CurrencyCode="USD" CurrencyName="&lol9;" Buy="25,850.00" Transfer="25,880.00" Sell="26,210.00" />
</ExrateList>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE ExrateList [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ExrateList><DateTime>9/2/2026 5:38:54 PM</DateTime>
<Exrate CurrencyCode="USD" CurrencyName="&secret;" Buy="25,850.00" Transfer="25,880.00" Sell="26,210.00" />
</ExrateList>
"""

REFUSED = {
    "billion laughs": (BILLION_LAUGHS, "XML is not allowed to declare a DTD"),
    "external entity": (EXTERNAL_ENTITY, "XML is not allowed to declare a DTD"),
    "external DTD": (
        b'<?xml version="1.0"?><!DOCTYPE ExrateList SYSTEM "http://example.com/x.dtd"><ExrateList/>',
        "XML is not allowed to declare a DTD",
    ),
    "truncated": (FIXTURE.read_bytes()[:700], "not well-formed XML"),
    "empty body": (b"", "not well-formed XML"),
    "an HTML error page": (
        b"<html><body><h1>Service Unavailable</h1></body></html>",
        "root element is <html>",
    ),
    "wrong root": (
        feed(USD).replace(b"ExrateList", b"RateList"),
        "root element is <RateList>, not <ExrateList>",
    ),
    "no DateTime": (feed(USD).replace(b"<DateTime>9/2/2026 5:38:54 PM</DateTime>", b""), "missing DateTime"),
    "empty DateTime": (feed(USD, when="  "), "missing DateTime"),
    "day-first DateTime": (feed(USD, when="02/09/2026 17:38:54"), "cannot read DateTime"),
    "ISO DateTime": (feed(USD, when="2026-09-02T17:38:54"), "cannot read DateTime"),
    "impossible date": (feed(USD, when="2/30/2026 5:38:54 PM"), "cannot read DateTime"),
    "hour 13 PM": (feed(USD, when="9/2/2026 13:38:54 PM"), "cannot read DateTime"),
    "no rows": (feed(), "no Exrate rows"),
    "no plausible row": (
        feed(row("usd", "1", "1", "1"), row("EUR", "-", "-", "-")),
        "no plausible rate among 2 rows",
    ),
    "oversized": (
        feed(USD) + b"<!--" + b"x" * (256 * 1024) + b"-->",
        r"response of \d+ bytes is over the 262144-byte cap",
    ),
}


@pytest.mark.parametrize(("payload", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_hostile_or_broken_feeds_are_refused(payload, message):
    """Entity bombs, external entities, broken or foreign XML: a ProviderError with a clear message."""
    with pytest.raises(ProviderError, match=f"^rates: {message}"):
        rates.parse(payload)


def test_the_default_currencies_have_vietnamese_names_and_bands():
    """Every currency the portal shows by default has a Vietnamese name and a plausibility band."""
    assert rates.DEFAULT_CURRENCIES == ("USD", "EUR", "JPY", "CNY", "GBP", "AUD", "SGD", "KRW", "THB")
    assert set(rates.CURRENCY_NAMES) == set(rates.DEFAULT_CURRENCIES) == set(rates.PLAUSIBLE_BANDS)
    assert rates.CURRENCY_NAMES["USD"] == "Đô la Mỹ"
    assert rates.CURRENCY_NAMES["THB"] == "Bạt Thái Lan"


def test_the_feed_is_asked_at_most_every_five_minutes():
    """Five minutes is the feed's own rule; a page asks for a refresh after thirty."""
    assert rates.NAME == "rates"
    assert rates.MIN_INTERVAL.total_seconds() == 5 * 60
    assert rates.STALE_AFTER.total_seconds() == 30 * 60


def test_fetch_downloads_and_parses_the_feed(monkeypatch):
    """fetch reads the feed from SOURCE_URL and returns the parsed table."""

    def answer(handler, stop):
        send(handler, FIXTURE.read_bytes(), content_type="text/xml; charset=utf-8")

    with serving(answer) as url:
        monkeypatch.setattr(rates, "SOURCE_URL", f"{url}/Usercontrols/TVPortal.TyGia/pXML.aspx")
        snapshot = rates.fetch(site=None)
    assert snapshot == rates.parse(FIXTURE.read_bytes())


def test_fetch_errors_name_the_provider(monkeypatch):
    """A failed download is a ProviderError whose log line starts with the provider's name."""
    with serving(lambda handler, stop: send(handler, b"busy", status=500)) as url:
        monkeypatch.setattr(rates, "SOURCE_URL", f"{url}/feed")
        with pytest.raises(ProviderError, match=r"^rates: HTTP 500 from 127\.0\.0\.1"):
            rates.fetch(site=None)
