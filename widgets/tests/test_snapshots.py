"""Snapshots: fetched off the page, spaced as each provider asks, and never lost to a fault."""

import datetime
import json
import logging
import re
import time
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache, caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.models import SiteSettings
from portal.tests.clock import local
from widgets import snapshots
from widgets.models import Snapshot
from widgets.providers import rates, weather

from .conftest import fixture_bytes

pytestmark = pytest.mark.django_db

WEATHER = "open_meteo_ha_long.json"
RATES = "vietcombank.xml"


def good_snapshots(provider_server):
    """Fetch both providers once from the fake server, as the scheduled command would."""
    provider_server.body = fixture_bytes(WEATHER)
    assert snapshots.refresh("weather") == "updated"
    provider_server.body = fixture_bytes(RATES)
    assert snapshots.refresh("rates") == "updated"


def sidebar(client) -> str:
    return client.get("/").content.decode()


def test_fetched_snapshots_fill_the_sidebar(client, provider_server):
    """Weather and rates fetched by refresh appear in the sidebar, formatted the Vietnamese way."""
    good_snapshots(provider_server)
    html = sidebar(client)
    data = Snapshot.objects.get(provider="weather").data
    assert f"{data['current']['description']}" in html
    assert "Hạ Long" in html
    assert "Cập nhật lúc " in html
    assert 'href="https://open-meteo.com/"' in html
    usd = next(r for r in Snapshot.objects.get(provider="rates").data["rates"] if r["code"] == "USD")
    assert f"{round(usd['sell']):,}".replace(",", ".") in html
    assert re.search(r"Nguồn: <abbr title=\"Joint Stock Commercial Bank[^\"]*\">Vietcombank</abbr>", html)
    assert "dữ liệu mẫu" not in html
    # The feed was asked with the documented URL.
    assert provider_server.requests[0].startswith("/v1/forecast?latitude=20.95&longitude=107.07&current=")


def test_no_data_yet_shows_a_quiet_placeholder(client, full_render):
    """Before the first fetch, each data box says "Đang cập nhật", never an error."""
    html = sidebar(client)
    assert html.count("Đang cập nhật") == 2
    assert "Thống kê truy cập" in html


def _with_current(**values) -> bytes:
    answer = json.loads(fixture_bytes(WEATHER))
    answer["current"].update(values)
    return json.dumps(answer).encode()


FAULTS = {
    "timeout": ("weather", {"delay": 1.5}, "timed out"),
    "http-500": ("rates", {"status": 500, "body": b"Server Error"}, "HTTP 500"),
    "truncated-xml": ("rates", {"body": fixture_bytes(RATES)[:700]}, "rates:"),
    "xml-bomb": (
        "rates",
        {
            "body": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<ExrateList><DateTime>&lol2;</DateTime></ExrateList>"
        },
        "rates:",
    ),
    "json-missing-keys": ("weather", {"body": b'{"current": {"time": "2026-11-22T14:00"}}'}, "weather:"),
    "absurd-values": (
        "weather",
        {"body": _with_current(temperature_2m=99.0)},
        "weather:",
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_keeps_the_last_good_snapshot_and_logs_one_line(
    fault, client, provider_server, caplog, monkeypatch
):
    """Timeout, HTTP 500, truncated XML, an XML bomb, JSON missing keys, absurd values: the
    page keeps showing the last good data, and the log gets one clear line."""
    name, answer, expected = FAULTS[fault]
    good_snapshots(provider_server)
    before = Snapshot.objects.get(provider=name)
    html_before = sidebar(client)
    monkeypatch.setattr(weather, "TIMEOUT", 0.5)

    for key, value in answer.items():
        setattr(provider_server, key, value)
    caplog.clear()
    with (
        caplog.at_level(logging.WARNING),
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)),
    ):
        assert snapshots.refresh(name) == "failed"

    records = [r for r in caplog.records if r.name == "widgets.snapshots"]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    message = records[0].getMessage()
    assert "\n" not in message and expected in message and "keeping the snapshot of" in message
    after = Snapshot.objects.get(provider=name)
    assert (after.data, after.fetched_at) == (before.data, before.fetched_at)
    assert after.failures == 1 and after.last_error
    html_after = sidebar(client)
    box = "widget-weather" if name == "weather" else "widget-rates"
    assert _box(html_after, box) == _box(html_before, box)


def test_connection_refused_keeps_the_last_good_snapshot(client, provider_server, caplog, monkeypatch):
    """Nothing listening at the provider's address: the same, with one log line."""
    good_snapshots(provider_server)
    monkeypatch.setattr(rates, "SOURCE_URL", "http://127.0.0.1:9/pXML.aspx")
    with (
        caplog.at_level(logging.WARNING),
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)),
    ):
        assert snapshots.refresh("rates") == "failed"
    assert [r.getMessage().split(";")[0] for r in caplog.records if r.name == "widgets.snapshots"] == [
        "rates: cannot reach 127.0.0.1:9: [Errno 111] Connection refused"
    ]
    assert ">Vietcombank</abbr>" in sidebar(client)


def _box(html: str, css_class: str) -> str:
    start = html.index(css_class)
    return html[start : html.index("</section>", start)]


def test_vietcombank_is_asked_at_most_once_every_five_minutes(provider_server):
    """However often refresh runs (cron, pages, several servers sharing the database), the
    feed sees one request per 5 minutes."""
    provider_server.body = fixture_bytes(RATES)
    start = timezone.now()
    outcomes = []
    for minutes in (0, 1, 2, 4.9, 5.1, 6, 10.2):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            outcomes.append(snapshots.refresh("rates"))
    assert outcomes == ["updated", "skipped", "skipped", "skipped", "updated", "skipped", "updated"]
    assert len(provider_server.requests) == 3


def test_a_failed_attempt_also_waits_its_interval(provider_server):
    """A provider that is down is not hammered: a failure counts as the attempt."""
    provider_server.status = 503
    assert snapshots.refresh("rates") == "failed"
    assert snapshots.refresh("rates") == "skipped"
    assert len(provider_server.requests) == 1


def test_changing_the_weather_place_makes_the_snapshot_stale(provider_server):
    """A new location in the settings asks for new weather at once."""
    provider_server.body = fixture_bytes(WEATHER)
    snapshots.refresh("weather")
    site = SiteSettings.load()
    entry = cache.get(snapshots.CACHE_KEY.format(name="weather"))
    assert not snapshots.is_stale("weather", entry, site)
    site.weather_latitude = "21.00000"
    assert snapshots.is_stale("weather", entry, site)


@pytest.mark.django_db(transaction=True)
def test_a_stale_snapshot_is_refreshed_in_the_background_without_slowing_the_page(
    client, provider_server, settings
):
    """The page answers at once with the old data; a background thread fetches the new one."""
    good_snapshots(provider_server)  # rates fresh: only the weather goes to the background
    provider_server.body = fixture_bytes(WEATHER)
    old = timezone.now() - datetime.timedelta(hours=2)
    Snapshot.objects.filter(provider="weather").update(fetched_at=old, attempted_at=old)
    cache.clear()
    settings.WIDGETS_BACKGROUND_REFRESH = True
    snapshots._requested.clear()
    provider_server.delay = 1.0

    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert time.monotonic() - started < 0.9  # did not wait for the slow provider
    for _ in range(50):
        if Snapshot.objects.get(provider="weather").fetched_at > old:
            break
        time.sleep(0.1)
    assert Snapshot.objects.get(provider="weather").fetched_at > old

    def weather_requests():
        return [path for path in provider_server.requests if path.startswith("/v1/forecast")]

    assert len(weather_requests()) == 2
    # Another page moments later does not start a second fetch.
    client.get("/")
    time.sleep(0.2)
    assert len(weather_requests()) == 2


def test_each_box_costs_one_cache_read_and_no_query_when_warm(client, provider_server, monkeypatch):
    """On a warm cache the three boxes run no query, and read the cache once each."""
    from django.template import Context, Template

    good_snapshots(provider_server)
    template = Template("{% load widgets %}{% weather_box %}{% rates_box %}{% visitors_box %}")
    context = Context({"site": SiteSettings.load()})
    template.render(context)  # warm
    reads = []
    backend = caches["default"]
    real_get = backend.get
    monkeypatch.setattr(backend, "get", lambda key, *a, **kw: reads.append(key) or real_get(key, *a, **kw))
    with CaptureQueriesContext(connection) as queries:
        html = template.render(context)
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert len(reads) == 3, reads
    assert "Tỷ giá ngoại tệ" in html


def test_the_currency_list_follows_the_settings(client, provider_server):
    """Only the configured currencies, in the configured order, with Vietnamese names."""
    good_snapshots(provider_server)
    site = SiteSettings.load()
    site.exchange_currencies = "JPY, usd, XXX"
    site.save()
    box = _box(sidebar(client), "widget-rates")
    assert box.index(">JPY<") < box.index(">USD<")
    assert 'title="Yên Nhật"' in box
    assert "EUR" not in box and "XXX" not in box


def test_refresh_widgets_command_reports_each_part(provider_server):
    """The scheduled command fetches both providers and flushes the counters."""
    provider_server.body = fixture_bytes(WEATHER)
    out = StringIO()
    call_command("refresh_widgets", "--only", "weather", "--only", "visitors", stdout=out)
    assert out.getvalue().splitlines() == ["weather: updated", "visitors: flushed 0 visits, 0 article views"]


def test_refresh_widgets_fails_when_a_provider_fails_after_moving_the_counts(provider_server):
    """A scheduler sees the failure (exit status 1); the visitors were counted all the same."""
    provider_server.body = b"<html>not the weather</html>"
    out = StringIO()
    with pytest.raises(CommandError, match="Some providers failed"):
        call_command("refresh_widgets", "--only", "weather", "--only", "visitors", stdout=out)
    assert out.getvalue().splitlines() == ["weather: failed", "visitors: flushed 0 visits, 0 article views"]


def test_an_old_snapshot_shows_its_date(client, provider_server, full_render):
    """Weather fetched on another day says so: "Cập nhật lúc 14:05 20/11/2026"."""
    provider_server.body = fixture_bytes(WEATHER)
    snapshots.refresh("weather")
    box = _box(sidebar(client), "widget-weather")
    assert re.search(r"Cập nhật lúc \d\d:\d\d ·", box)  # today: the time alone
    old = local(2026, 11, 20, 14, 5)
    Snapshot.objects.filter(provider="weather").update(fetched_at=old)
    cache.clear()
    assert "Cập nhật lúc 14:05 20/11/2026" in _box(sidebar(client), "widget-weather")


def test_a_background_refresh_retries_when_the_database_is_busy(monkeypatch):
    """SQLite answers "database is locked" while another writer works: try again shortly."""
    from django.db import OperationalError

    calls = []

    def busy_once(name):
        calls.append(name)
        if len(calls) == 1:
            raise OperationalError("database table is locked")
        return "updated"

    monkeypatch.setattr(snapshots, "refresh", busy_once)
    snapshots._refresh_in_background("weather")
    assert calls == ["weather", "weather"]
