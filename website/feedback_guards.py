"""The guards of readers' feedback (website/feedback.py), none of which needs a third party:
where the form was sent from, a signed form token with its age, a rate limit per reader's
address in the shared cache, and what a text may hold."""

import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from widgets.middleware import client_ip

logger = logging.getLogger(__name__)

TOKEN_SALT = "website.feedback.form"
# A person reads, then writes: a form sent sooner after the page was made is a script's. The
# page may come from the page cache, made up to PORTAL_PAGE_CACHE_SECONDS earlier, so this
# stops scripts that fetch a fresh page and post at once, not every script.
MIN_FILL_SECONDS = 3
# A page left open in a tab for a day still takes a comment; older tokens are refused with
# a new form (the text kept), so a token copied once cannot be replayed for ever.
MAX_AGE_SECONDS = 24 * 3600
MAX_LINKS = 2
_LINK = re.compile(r"https?://|www\.|\[url|<a\s", re.IGNORECASE)
# Bidirectional overrides and isolates: they make a text read differently from what it holds.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Unicode categories no reader's text needs: controls (tab and line breaks apart), surrogates,
# private use, unassigned; and the replacement character, which marks bytes that were not UTF-8.
_REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
_ALLOWED_CONTROLS = {"\n", "\t"}
NOT_TEXT = "Nội dung có ký tự không phải chữ viết (ký tự điều khiển hoặc lỗi mã hóa). Hãy gõ lại đoạn đó."


class TokenError(Exception):
    """The form's token is missing, forged, for another record, too fresh or too old."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "forged", "too_fast" or "expired"


def issue_token(kind: str, slug: str) -> str:
    """A token for the form of one record, stamped with the time the page was made."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(f"{kind}:{slug}")


def check_token(token: str, kind: str, slug: str) -> None:
    """Raise TokenError unless ``token`` was issued by the portal for this record between
    MAX_AGE_SECONDS and MIN_FILL_SECONDS ago."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign(token, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise TokenError("expired") from None
    except signing.BadSignature:
        raise TokenError("forged") from None
    if value != f"{kind}:{slug}":
        raise TokenError("forged")
    issued = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])  # the signed stamp, now trusted
    if time.time() - issued < MIN_FILL_SECONDS:
        raise TokenError("too_fast")


def same_origin(request) -> bool:
    """Whether the form was sent from a page of the portal. The endpoint takes no CSRF token
    (the pages carrying the form come from the shared page cache, which cannot hold a token
    per reader), so it checks what browsers say instead: ``Sec-Fetch-Site`` when sent, and
    ``Origin``, which every browser sends with a POST from a form, must be the portal's own
    (or one of CSRF_TRUSTED_ORIGINS). A client that sends neither is no browser acting for a
    reader on another site; it still meets the token, the rate limit and the other guards."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    # The host decides: a page served over HTTPS by a proxy that does not tell the server so
    # is still the portal's own page ("null", another site or a port differ).
    parts = urlsplit(origin)
    try:
        return parts.scheme in ("http", "https") and parts.netloc == request.get_host()
    except Exception:  # DisallowedHost: no origin of ours
        return False


def text_problem(text: str, *, links_allowed: int) -> str | None:
    """What is wrong with a reader's text, in Vietnamese, or None."""
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BIDI_CONTROLS or char == "\ufffd":
            return NOT_TEXT
    links = len(_LINK.findall(text))
    if links > links_allowed:
        if links_allowed == 0:
            return "Ô này không nhận đường liên kết."
        return f"Ý kiến có quá nhiều đường liên kết ({links}); mỗi ý kiến được tối đa {links_allowed}."
    return None


def clean_text(text: str) -> str:
    """A reader's text as stored: one form of each accented letter (NFC: “ủy” typed on any
    keyboard is the same letters), Unix line breaks, no spaces around."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@dataclass(frozen=True)
class Limited:
    """A reader over a limit, and when they may send again."""

    retry_after: int  # seconds
    per_day: bool


def reader_key(request) -> str:
    """The reader's address as the rate limit knows it: a keyed hash (never the address)."""
    return salted_hmac("website.feedback.rate", client_ip(request)).hexdigest()[:32]


def count_sending(request) -> Limited | None:
    """Count one sending by this reader in the shared cache (atomic in Redis, so every server
    counts together); a Limited when that is one more than PORTAL_FEEDBACK_PER_10_MINUTES in
    the current 10 minutes or PORTAL_FEEDBACK_PER_DAY in the local day. A cache that cannot
    count lets the sending through (logged): the other guards still stand."""
    key, now = reader_key(request), time.time()
    window = int(now // 600)
    day = timezone.localdate()
    try:
        recent = _increment(f"feedback:rate:{key}:{window}", 600)
        daily = _increment(f"feedback:rate:{key}:{day.isoformat()}", 86400 + 3600)
    except Exception:
        logger.warning("Reader feedback: the cache could not count a sending; letting it through")
        return None
    if daily > settings.PORTAL_FEEDBACK_PER_DAY:
        midnight = timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
        return Limited(retry_after=max(1, int(midnight.timestamp() - now)), per_day=True)
    if recent > settings.PORTAL_FEEDBACK_PER_10_MINUTES:
        return Limited(retry_after=max(1, int((window + 1) * 600 - now)), per_day=False)
    return None


def _increment(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # ended between the two calls
        cache.set(key, 1, seconds)
        return 1


def first_sending(request, kind: str, slug: str, helpful, comment: str) -> str | None:
    """A key marking this sending as received, or None when the same reader sent the same
    thing about the same record in the last 10 minutes (a thank-you page reloaded, a double
    click). ``forget_sending(key)`` if it is not stored after all."""
    digest = salted_hmac("website.feedback.same", f"{reader_key(request)}|{kind}|{slug}|{helpful}|{comment}")
    key = f"feedback:same:{digest.hexdigest()[:32]}"
    try:
        return key if cache.add(key, 1, 600) else None
    except Exception:
        return key


def forget_sending(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Reader feedback: could not forget a sending that was not stored")
