"""base.get against misbehaving loopback servers: every failure is a ProviderError, and on time."""

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from widgets.providers.base import ProviderError, get


class _Server(ThreadingHTTPServer):
    # Closing waits for the handler threads, so no test leaves one running behind it.
    daemon_threads = False

    def handle_error(self, request, client_address):
        """A client that gave up mid-answer is what these tests are about, not an error."""


@contextmanager
def serving(answer):
    """Serve every GET on 127.0.0.1 with ``answer(handler, stop)``; yield the server's base URL.

    ``stop`` is set when the block ends, so an answer that stalls on purpose waits on it
    rather than sleeping, and the server shuts down at once.
    """
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            answer(self, stop)

        def log_message(self, format, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join()


def send(handler, body: bytes, *, status: int = 200, length: int | None = None, content_type="text/plain"):
    """Answer with ``body``, declaring ``length`` bytes (the true length unless told otherwise)."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def server():
    """Start a loopback server with a given answer; all of them stop after the test."""
    with_servers = []

    def start(answer) -> str:
        context = serving(answer)
        with_servers.append(context)
        return context.__enter__()

    yield start
    for context in reversed(with_servers):
        context.__exit__(None, None, None)


def test_a_good_answer_is_returned_whole(server):
    """A normal answer comes back as bytes, asked for with the portal's User-Agent and Accept."""
    seen = {}

    def answer(handler, stop):
        seen.update(handler.headers)
        send(handler, b"xin ch\xc3\xa0o")

    url = server(answer)
    assert get(url, timeout=2, max_bytes=100, accept="application/json") == "xin chào".encode()
    assert seen["User-Agent"].startswith("halong-portal/")
    assert seen["Accept"] == "application/json"


def test_a_server_that_never_answers_fails_within_the_timeout(server):
    """A server that accepts the connection and then says nothing costs at most the timeout."""

    def answer(handler, stop):
        stop.wait(10)

    url = server(answer)
    started = time.monotonic()
    with pytest.raises(ProviderError):
        get(url, timeout=0.5, max_bytes=1000)
    assert time.monotonic() - started < 0.5 + 1


def test_a_refused_connection_is_a_provider_error():
    """Nothing listening on the port is a ProviderError, not an URLError."""
    with socket.socket() as probe:  # a port that was free a moment ago, and now nobody's
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ProviderError, match=r"cannot reach 127\.0\.0\.1"):
        get(f"http://127.0.0.1:{port}/", timeout=1, max_bytes=1000)


def test_a_server_error_is_a_provider_error_naming_the_status(server):
    """An HTTP 500 is refused, and the log line says 500."""
    url = server(lambda handler, stop: send(handler, b"Internal Server Error", status=500))
    with pytest.raises(ProviderError, match="500"):
        get(url, timeout=1, max_bytes=1000)


@pytest.mark.parametrize("declared", [True, False], ids=["declared length", "read until close"])
def test_a_body_over_the_cap_is_refused(server, declared):
    """A body larger than ``max_bytes`` is refused, whether its length is declared or not."""

    def answer(handler, stop):
        if declared:
            send(handler, b"x" * 5000)
        else:  # HTTP/1.0 with no Content-Length: the body ends when the connection does
            handler.send_response(200)
            handler.end_headers()
            handler.wfile.write(b"x" * 5000)

    url = server(answer)
    with pytest.raises(ProviderError, match="1000-byte cap"):
        get(url, timeout=1, max_bytes=1000)


def test_a_body_shorter_than_declared_is_refused(server):
    """A connection closed after 10 of 1000 announced bytes is a truncated answer, not an answer."""
    url = server(lambda handler, stop: send(handler, b"0123456789", length=1000))
    with pytest.raises(ProviderError):
        get(url, timeout=1, max_bytes=2000)


def test_a_trickling_server_cannot_hold_the_caller(server):
    """One byte every 0.2 s keeps each read alive, but the whole exchange still ends at the timeout."""

    def answer(handler, stop):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.flush()
        for _ in range(15):  # three seconds of trickle, well past the timeout
            if stop.wait(0.2):
                return
            handler.wfile.write(b"x")
            handler.wfile.flush()

    url = server(answer)
    started = time.monotonic()
    with pytest.raises(ProviderError):
        get(url, timeout=1, max_bytes=2000)
    assert time.monotonic() - started < 1 + 1
