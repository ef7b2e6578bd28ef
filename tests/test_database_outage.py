"""An unavailable database: readers get the Vietnamese 503 page with Retry-After, the log
gets one traceback a minute, and a silent server or a runaway statement costs seconds."""

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from portal import logs

ROOT = Path(settings.BASE_DIR)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's timeouts")


@pytest.fixture
def database_down(monkeypatch):
    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
def test_readers_get_the_503_page_with_retry_after_while_the_database_is_down(database_down):
    response = Client(raise_request_exception=False).get("/tin-tuc/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Cổng thông tin tạm thời gián đoạn" in html and 'lang="vi"' in html
    assert "Traceback" not in html and "5432" not in html


def _record(error: BaseException) -> logging.LogRecord:
    return logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Service Unavailable: %s",
        ("/",),
        (type(error), error, None),
    )


def test_an_outage_is_logged_once_a_minute_and_the_rest_counted(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(logs.time, "monotonic", lambda: clock[0])
    outage = logs.DatabaseOutageFilter()
    down = OperationalError("Connection refused")
    assert [outage.filter(_record(down)) for _ in range(4)] == [True, False, False, False]
    assert outage.filter(_record(ValueError("another fault"))) is True  # not an outage: always
    clock[0] += logs.QUIET_SECONDS
    later = _record(down)
    assert outage.filter(later) is True
    assert later.getMessage() == "Service Unavailable: / (and 3 more since the last one logged)"


@on_postgresql
def test_a_server_that_never_answers_fails_the_connection_within_its_timeout():
    with socket.socket() as silent:  # accepts (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        params = connection.get_connection_params()
        assert params["connect_timeout"] == 5  # the settings' default (DJANGO_DB_CONNECT_TIMEOUT)
        params.update(host="127.0.0.1", port=silent.getsockname()[1], connect_timeout=1)
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError):
            connection.get_new_connection(params)
        assert time.monotonic() - started < 10  # without the timeout: as long as the kernel waits


@on_postgresql
def test_web_processes_cancel_a_statement_before_gunicorn_would_kill_the_worker():
    """gunicorn.conf.py sets DJANGO_DB_STATEMENT_TIMEOUT 5 s under the worker's timeout."""
    url = settings.DATABASES["default"]
    server = f"{url['HOST'] or '127.0.0.1'}:{url['PORT'] or 5432}"
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{url['USER']}@{server}/postgres",
        "GUNICORN_TIMEOUT": "12",
    }
    # Another test in this process may have run gunicorn.conf.py, which sets it.
    environment.pop("DJANGO_DB_STATEMENT_TIMEOUT", None)
    script = (
        "import runpy; runpy.run_path('halong_portal/gunicorn.conf.py'); import django; django.setup(); "
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shown.stdout.split()[-1] == "7s"
