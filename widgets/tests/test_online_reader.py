"""“Đang online” counts the reader looking at it: never 0 on a page being read, however old
the numbers the page cache, the stats cache or the Redis buffer hand it."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from portal.models import SiteSettings
from widgets import counting

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
)


def shown(html: str) -> dict[str, str]:
    """The numbers of the "Thống kê truy cập" box, as the page writes them."""
    return dict(re.findall(r'<dd data-stat="(\w+)">([^<]*)</dd>', html))


def read(client, url, ip="203.113.1.10"):
    return client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ip)


def test_for_reader_counts_the_reader_only_when_the_count_cannot_hold_them():
    """A count of 0 was taken before the reader came: with them it is 1; more is kept as is."""
    nobody = counting.VisitorStats(online=0, today=0, total=7, at=100)
    assert nobody.for_reader() == counting.VisitorStats(online=1, today=0, total=7, at=100)
    some = counting.VisitorStats(online=4, today=9, total=20, at=100)
    assert some.for_reader() == some


def test_the_first_reader_of_a_quiet_site_sees_themselves_online(client):
    """The page is made before its view is counted: the first reader still reads "1", and the
    page the page cache keeps for the next reader says 1 too, never 0."""
    SiteSettings.load()
    first = read(client, "/")
    assert shown(first.content.decode())["online"] == "1"
    assert counting.stats().online == 0  # the numbers were taken before this reader counted
    second = read(client, "/", ip="203.113.1.11")
    assert second["X-Page-Cache"] == "hit"
    assert shown(second.content.decode())["online"] == "1"


def test_stale_numbers_kept_for_30_seconds_still_count_the_reader(client):
    """Stats cached as 0 (nobody online then) answer 1 to the reader who asks for them, on the
    page and from the live refresh."""
    counting.stats()  # cached: nobody online
    counting.record_in_database("reader")
    assert counting.stats().online == 0  # still the cached numbers
    assert read(client, "/thong-ke/truy-cap.json").json()["online"] == 1
    assert shown(read(client, "/").content.decode())["online"] == "1"


def test_a_real_count_above_one_is_shown_unchanged(client):
    for n in range(3):
        counting.record_in_database(f"reader-{n}")
    cache.delete(counting.STATS_CACHE_KEY)
    assert shown(read(client, "/").content.decode())["online"] == "3"
    assert read(client, "/thong-ke/truy-cap.json").json()["online"] == 3


def test_the_page_and_the_json_say_when_their_numbers_were_counted(client):
    """The box carries the numbers' time, so the page's script knows whether to fetch newer ones
    at once (a page from the page cache) and never replaces them with older ones."""
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        html = read(client, "/").content.decode()
        data = read(client, "/thong-ke/truy-cap.json").json()
    assert f'data-stats-at="{int(moment.timestamp())}"' in html
    assert data["at"] == int(moment.timestamp())


def test_numbers_cached_before_they_carried_a_time_still_render(client):
    """An entry of the stats cache written by the previous release (no "at") is read as very old."""
    cache.set(counting.STATS_CACHE_KEY, {"online": 0, "today": 5, "total": 9}, 30)
    html = read(client, "/").content.decode()
    assert 'data-stats-at="0"' in html
    assert shown(html) == {"online": "1", "today": "5", "total": "9"}
