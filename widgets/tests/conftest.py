"""A loopback HTTP server standing in for Open-Meteo and Vietcombank, and Redis for tests."""

import contextlib
import http.server
import os
import threading
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class Script:
    """What the fake provider answers next: status, body, delay, and what it was asked."""

    def __init__(self):
        self.status = 200
        self.body = b""
        self.delay = 0.0
        self.content_length = None
        self.requests = []


@pytest.fixture
def provider_server(monkeypatch):
    """A local server; weather and rates are pointed at it. Yields its Script."""
    from widgets.providers import rates, weather

    script = Script()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            script.requests.append(self.path)
            time.sleep(script.delay)
            self.send_response(script.status)
            self.send_header("Content-Length", str(script.content_length or len(script.body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up (a timeout test)
                self.wfile.write(script.body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(weather, "API_URL", f"{base}/v1/forecast")
    monkeypatch.setattr(rates, "SOURCE_URL", f"{base}/pXML.aspx")
    script.base = base
    yield script
    server.shutdown()
    server.server_close()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def redis_url(settings):
    """A scratch Redis database for counting tests; skipped where no Redis server runs."""
    import redis

    # One Redis database per xdist worker (10-15), so that parallel tests do not share counts.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    url = f"redis://127.0.0.1:6379/{10 + int(worker or 0) % 6}"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.RedisError:
        pytest.skip("No Redis server on 127.0.0.1:6379 (CI and the development machines have one)")
    client.flushdb()
    settings.PORTAL_COUNTER_REDIS_URL = url
    settings.PORTAL_COUNTER_BUFFER_SECONDS = 0  # each view counted as it is served
    from widgets.counter_redis import reset_redis_client
    from widgets.counting import forget_pending

    reset_redis_client()
    forget_pending()
    yield client
    forget_pending()
    client.flushdb()
    reset_redis_client()
