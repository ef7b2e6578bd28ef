"""PostgreSQL stopped and started again under load: readers get the Vietnamese 503 page with
Retry-After (or a page the cache still holds), never an error page or a hung request; the
portal recovers by itself within seconds of the database's return; staff saves in flight
either commit whole or leave nothing."""

import http.cookiejar
import threading
import time
import urllib.parse
import urllib.request

import pytest

from .conftest import query, reader_paths, report
from .load import Readers, percentile
from .servers import http_status

pytestmark = pytest.mark.faults

PASSWORD = "mat-khau-kiem-thu-su-co-2026"
OUTAGE_SECONDS = 6


class Editor:
    """A signed-in superuser adding tags through the admin, one after another."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.outcomes: list[tuple[str, int]] = []  # (tag name, status)
        self.stop = threading.Event()

    def _csrf(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(self, path: str, fields: dict) -> int:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"User-Agent": "Mozilla/5.0"})
        return http_status(self.opener.open, request, timeout=15)

    def sign_in(self) -> None:
        self.opener.open(self.base + "/admin/login/", timeout=10).read()
        status = self.post("/admin/login/", {"username": "quantri", "password": PASSWORD, "next": "/admin/"})
        assert status == 302, f"sign-in answered {status}"

    def add_tags(self) -> None:
        for n in range(100_000):
            if self.stop.is_set():
                return
            name = f"Thẻ kiểm thử {n}"
            self.outcomes.append(
                (name, self.post("/admin/news/tag/add/", {"name": name, "slug": "", "_save": "1"}))
            )
            time.sleep(0.05)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_postgresql_outage_under_load(cluster, portal_factory, capsys):
    portal = portal_factory(cluster.url, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    paths, _ = reader_paths(cluster.url)
    editor = Editor(portal.url)
    editor.sign_in()
    writer = threading.Thread(target=editor.add_tags, daemon=True)

    with Readers(portal.port, paths, connections=8) as readers:
        writer.start()
        time.sleep(3)
        stopped_at = time.monotonic() - readers.started
        cluster.stop("fast")
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        back_at = time.monotonic() - readers.started
        time.sleep(8)
        editor.stop.set()
        writer.join(20)

    # Answered before the stop; asked for during the outage or while it ended; asked after.
    before = [answer for answer in readers.answers if answer.at + answer.seconds < stopped_at]
    during = readers.since(stopped_at, back_at)
    after = readers.since(back_at)
    assert before and {(a.path, a.status) for a in before if a.status != 200} == set()

    # During the outage: a page the cache holds, or the 503 page; never a 500 or no answer.
    statuses = {answer.status for answer in during}
    assert statuses <= {200, 503}, statuses
    unavailable = [answer for answer in during if answer.status == 503]
    assert unavailable, "the outage was not seen"
    for answer in unavailable:
        assert answer.retry_after == "30"
        page = answer.body.decode()
        assert "Cổng thông tin tạm thời gián đoạn" in page and "Traceback" not in page
    slowest = max(answer.seconds for answer in during)
    assert slowest < 5, f"a request waited {slowest:.1f} s for the database"

    # Back by itself: after the database's return, every answer is 200 within seconds.
    failed_after = [answer for answer in after if answer.status != 200]
    assert {answer.status for answer in failed_after} <= {503}
    recovered_in = max((answer.at - back_at for answer in failed_after), default=0.0)
    assert recovered_in < 5, f"still failing {recovered_in:.1f} s after the database returned"
    assert after[-1].status == 200

    # Staff saves: each tag the database has was added whole (with its admin log entry);
    # every save answered 302 is there; none is there twice.
    ours = "LIKE 'Thẻ kiểm thử %%'"
    saved = {name for (name,) in query(cluster.url, f"SELECT name FROM news_tag WHERE name {ours}")}
    logged = query(
        cluster.url, f"SELECT object_repr, count(*) FROM django_admin_log WHERE object_repr {ours} GROUP BY 1"
    )
    assert dict(logged) == dict.fromkeys(saved, 1)
    confirmed = {name for name, status in editor.outcomes if status == 302}
    assert confirmed <= saved
    failed_saves = [status for _, status in editor.outcomes if status != 302]
    assert set(failed_saves) <= {503}, failed_saves
    assert failed_saves, "no staff save met the outage"

    figures = {
        "requests": len(readers.answers),
        "during_outage": {
            "answers": len(during),
            "503": len(unavailable),
            "from_cache": len(during) - len(unavailable),
        },
        "slowest_during_outage_s": round(slowest, 2),
        "recovered_after_return_s": round(recovered_in, 2),
        "p99_after_return_ms": round(percentile([a.seconds for a in after], 0.99) * 1000, 1),
        "staff_saves": {"confirmed": len(confirmed), "refused": len(failed_saves), "in_database": len(saved)},
    }
    report("postgresql-outage", figures, capsys)
