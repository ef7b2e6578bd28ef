"""Logs an operator can use: a request id on every line and response, JSON lines when asked,
and server errors mailed to ADMINS once, not once a request."""

import json
import logging
import re

import pytest
from django.core import mail
from django.urls import path

from portal.logs import REQUEST_ID, JsonFormatter, ThrottleFilter


def failing_view(request):
    raise RuntimeError("Hỏng ở lớp dưới")


urlpatterns = [path("hong/", failing_view)]
pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_filter():
    """The operators' mail filter is configured once per process: start each test afresh."""
    handler = next(h for h in logging.getLogger("django.request").handlers if h.get_name() == "mail_admins")
    throttle = next(f for f in handler.filters if isinstance(f, ThrottleFilter))
    throttle._last_sent.clear()
    return throttle


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/"), client.get("/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    assert client.get("/", HTTP_X_REQUEST_ID="5f2b7c0e9a1d4e3f8b6a2c1d0e9f8a7b")["X-Request-ID"] == (
        "5f2b7c0e9a1d4e3f8b6a2c1d0e9f8a7b"
    )
    forged = client.get("/", HTTP_X_REQUEST_ID='x" level=ERROR <script>')["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", forged)


def test_the_access_log_is_one_json_line_per_request(client, settings, caplog):
    settings.PORTAL_ACCESS_LOG = True
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get("/tim-kiem/?q=ngh%E1%BB%8B+quy%E1%BA%BFt", HTTP_USER_AGENT="Mozilla/5.0")
    (record,) = [r for r in caplog.records if r.name == "portal.requests"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == (
        "GET",
        "/tim-kiem/?q=ngh%E1%BB%8B+quy%E1%BA%BFt",
        200,
    )
    assert entry["bytes"] == len(response.content) and entry["duration_ms"] >= 0
    assert entry["user_agent"] == "Mozilla/5.0" and entry["level"] == "INFO"
    assert entry["time"].endswith("+00:00")


@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_with_its_request_id_and_mailed_once(client, settings, caplog, mail_filter):
    settings.ADMINS = [("Tổ CNTT", "cntt@thanhuyhalong.vn")]
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        first = client.get("/hong/")
        client.get("/hong/")
    assert first.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert len(errors) == 2
    entry = json.loads(JsonFormatter().format(errors[0]))
    assert entry["request_id"] == first["X-Request-ID"]
    assert entry["status"] == 500 and entry["path"] == "/hong/"
    assert "RuntimeError: Hỏng ở lớp dưới" in entry["exception"]
    # The operators get the first one; the repeat within 10 minutes is only in the log.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Cổng thông tin] ERROR")
    assert mail.outbox[0].to == ["cntt@thanhuyhalong.vn"]


def test_outside_a_request_lines_say_so():
    assert REQUEST_ID.get() == ""
    record = logging.getLogger("portal.jobs").makeRecord(
        "portal.jobs", logging.INFO, __file__, 1, "Job done", None, None
    )
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


def test_the_throttle_lets_other_errors_through():
    throttle = ThrottleFilter(seconds=600)
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/a",), None
    )
    other = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Service Unavailable: %s", ("/a",), None
    )
    assert throttle.filter(record) and not throttle.filter(record)
    assert throttle.filter(other)
