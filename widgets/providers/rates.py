"""Vietcombank's exchange rates, from the XML feed its own site publishes.

The feed asks for at most one request every five minutes (``MIN_INTERVAL``). Its values are
typed by hand upstream, so ``parse`` refuses rows that cannot be right (a sell rate below the
buy rate, a dollar at 2,585 VND) instead of showing them, and keeps the rest: one bad row
must not blank the whole table.
"""

import logging
import re
from datetime import datetime, timedelta, timezone

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import ParseError, fromstring

from .base import ProviderError, get

logger = logging.getLogger(__name__)

NAME = "rates"
MIN_INTERVAL = timedelta(minutes=5)  # the feed's own rule, written in its leading comment
STALE_AFTER = timedelta(minutes=30)

SOURCE_URL = "https://portal.vietcombank.com.vn/Usercontrols/TVPortal.TyGia/pXML.aspx"
SOURCE_NAME = "Vietcombank"

TIMEOUT = 5  # seconds for the whole exchange
MAX_BYTES = 256 * 1024  # a real answer is about 3 KB
VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving time in Việt Nam

DEFAULT_CURRENCIES = ("USD", "EUR", "JPY", "CNY", "GBP", "AUD", "SGD", "KRW", "THB")
CURRENCY_NAMES = {
    "USD": "Đô la Mỹ",
    "EUR": "Euro",
    "JPY": "Yên Nhật",
    "CNY": "Nhân dân tệ",
    "GBP": "Bảng Anh",
    "AUD": "Đô la Úc",
    "SGD": "Đô la Singapore",
    "KRW": "Won Hàn Quốc",
    "THB": "Bạt Thái Lan",
}

# VND per unit. Generous bands around today's order of magnitude for the currencies the
# portal shows: they catch a slipped decimal point or a missing digit, not a market move.
PLAUSIBLE_BANDS = {
    "USD": (10_000, 60_000),
    "EUR": (12_000, 70_000),
    "JPY": (50, 500),
    "CNY": (1_000, 8_000),
    "GBP": (15_000, 80_000),
    "AUD": (8_000, 40_000),
    "SGD": (8_000, 45_000),
    "KRW": (5, 60),
    "THB": (200, 2_000),
}
MAX_VALUE = 1_000_000  # no currency is worth a million dong (KWD, the dearest, is about 85,000)
MAX_SPREAD = 0.25  # sell at most 25 % above the lowest of buy and transfer
MAX_MOVE = 0.20  # sell at most 20 % away from the previous snapshot's

_CODE = re.compile(r"[A-Z]{3}")
_AMOUNT = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
_MISSING = {"", "-"}
# "9/2/2026 5:38:54 PM": month first, 12-hour clock. Read by hand rather than with strptime's
# %p, which follows the process locale.
_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)")


class _Implausible(Exception):
    """A row that cannot be right; it goes into ``rejected``, not into the table."""


def fetch(site=None, *, previous: dict | None = None) -> dict:
    """Download and parse the feed (the same for every site); ProviderError on any failure."""
    try:
        payload = get(SOURCE_URL, timeout=TIMEOUT, max_bytes=MAX_BYTES, accept="application/xml, text/xml")
    except ProviderError as exc:
        raise ProviderError(f"{NAME}: {exc}") from None
    return parse(payload, previous=previous)


def parse(payload: bytes, previous: dict | None = None) -> dict:
    """The rates table from the feed, implausible rows set aside; ProviderError if none is usable.

    ``previous`` is an earlier result of ``parse``: a rate that moved more than ``MAX_MOVE``
    since then is more likely a typing error than news, so it is rejected too.
    """
    root = _load_xml(payload)
    published = _feed_time(root.findtext("DateTime"))
    rows = root.findall("Exrate")
    if not rows:
        raise ProviderError(f"{NAME}: no Exrate rows")
    table, rejected = _sift(rows, _previous_sells(previous))
    if not table:
        raise ProviderError(f"{NAME}: no plausible rate among {len(rows)} rows")
    return {
        "time": published,
        "source": " ".join((root.findtext("Source") or "").split())[:200] or SOURCE_NAME,
        "rates": table,
        "rejected": rejected,
    }


def _sift(rows, previous_sells: dict[str, float]) -> tuple[list[dict], list[str]]:
    """The plausible rows as dicts, and the codes of the others (logged with the reason)."""
    table, rejected, seen = [], [], set()
    for row in rows:
        code = row.get("CurrencyCode", "").strip()
        try:
            if code in seen:
                raise _Implausible("listed twice")
            rate = _rate(row, code)
            _check_move(rate, previous_sells.get(code))
        except _Implausible as reason:
            logger.info("%s: row %r rejected: %s", NAME, code[:10], reason)
            rejected.append(code[:10] or "?")
            continue
        seen.add(code)
        table.append(rate)
    return table, rejected


def _load_xml(payload: bytes):
    """The root element, parsed with defusedxml: no DTD, hence no entity bombs or external files."""
    if len(payload) > MAX_BYTES:
        raise ProviderError(f"{NAME}: response of {len(payload)} bytes is over the {MAX_BYTES}-byte cap")
    try:
        root = fromstring(payload, forbid_dtd=True)
    except DTDForbidden:
        raise ProviderError(f"{NAME}: XML is not allowed to declare a DTD") from None
    except EntitiesForbidden:
        raise ProviderError(f"{NAME}: XML is not allowed to declare entities") from None
    except DefusedXmlException as exc:
        raise ProviderError(f"{NAME}: XML refused ({type(exc).__name__})") from None
    except (ParseError, ValueError) as exc:
        raise ProviderError(f"{NAME}: not well-formed XML ({exc})") from None
    if root.tag != "ExrateList":
        raise ProviderError(f"{NAME}: root element is <{root.tag[:40]}>, not <ExrateList>")
    return root


def _feed_time(text: str | None) -> str:
    """The feed's DateTime as an aware ISO 8601 time in Việt Nam: "9/2/2026 5:38:54 PM" is 2 September."""
    text = (text or "").strip()
    if not text:
        raise ProviderError(f"{NAME}: missing DateTime")
    unreadable = ProviderError(f"{NAME}: cannot read DateTime {text[:40]!r}")
    match = _DATETIME.fullmatch(text)
    if not match:
        raise unreadable
    month, day, year, hour, minute, second = (int(part) for part in match.groups()[:6])
    if not 1 <= hour <= 12:
        raise unreadable
    hour = hour % 12 + (12 if match[7] == "PM" else 0)  # 12 AM is midnight, 12 PM is noon
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM)
    except ValueError:  # 2/30, minute 61…
        raise unreadable from None
    return moment.isoformat()


def _rate(row, code: str) -> dict:
    """One plausible row as a dict, or _Implausible."""
    if not _CODE.fullmatch(code):
        raise _Implausible("not a currency code")
    rate = {
        "code": code,
        "name": " ".join(row.get("CurrencyName", "").split())[:100],
        "buy": _amount(row.get("Buy")),
        "transfer": _amount(row.get("Transfer")),
        "sell": _amount(row.get("Sell")),
    }
    _check_values(rate)
    return rate


def _amount(text: str | None) -> float | None:
    """The amount as a number ("25,850.00" → 25850.0), or None where the feed has no rate."""
    text = (text or "").strip()
    if text in _MISSING:
        return None
    if not _AMOUNT.fullmatch(text):  # also keeps out float()'s "nan" and "inf"
        raise _Implausible("not an amount")
    value = float(text.replace(",", ""))
    return value or None  # besides "-" and "", the feed writes a missing rate as 0.00


def _check_values(rate: dict) -> None:
    sell = rate["sell"]
    if sell is None:
        raise _Implausible("no sell rate")
    values = [value for value in (rate["buy"], rate["transfer"], sell) if value is not None]
    if any(not 0 < value <= MAX_VALUE for value in values):
        raise _Implausible("negative or absurd value")
    if max(values) > sell:
        raise _Implausible("buys above its sell rate")
    if sell > min(values) * (1 + MAX_SPREAD):
        raise _Implausible("spread too wide")
    if rate["code"] in PLAUSIBLE_BANDS:
        low, high = PLAUSIBLE_BANDS[rate["code"]]
        if any(not low <= value <= high for value in values):
            raise _Implausible("outside its usual band")


def _check_move(rate: dict, previous_sell: float | None) -> None:
    if previous_sell and abs(rate["sell"] - previous_sell) > previous_sell * MAX_MOVE:
        raise _Implausible("moved too far since the previous snapshot")


def _previous_sells(previous: dict | None) -> dict[str, float]:
    """code → sell from an earlier snapshot, ignoring anything malformed in it."""
    rows = previous.get("rates") if isinstance(previous, dict) else None
    if not isinstance(rows, list):
        return {}
    sells = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        sell = row.get("sell")
        if isinstance(sell, int | float) and not isinstance(sell, bool) and 0 < sell <= MAX_VALUE:
            sells[row.get("code")] = float(sell)
    return sells
