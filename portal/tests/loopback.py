"""A small web server on the loopback interface, standing in for another site in tests of
photos fetched from elsewhere (portal.remote_images). Tests never reach the internet."""

import contextlib
import io
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image as PILImage

Route = Callable[[BaseHTTPRequestHandler], None]


def png_bytes(width: int = 640, height: int = 480, colour=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def answer(body: bytes, content_type: str = "image/jpeg", status: int = 200, length: bool = True) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def slow(seconds: float, then: Route) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(handler)

    return route


def streamed(total: int, chunk: int = 16 * 1024) -> Route:
    """An image/jpeg answer of ``total`` bytes without a Content-Length (ended by closing)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "image/jpeg")
        handler.end_headers()
        sent = 0
        while sent < total:
            handler.wfile.write(b"\xff" * chunk)
            sent += chunk

    return route


def trickle(interval: float, count: int = 200) -> Route:
    """A status line and headers sent one byte every ``interval`` seconds."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        for byte in (b"HTTP/1.0 200 OK\r\nX-Padding: " + b"a" * count)[:count]:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(interval)

    return route


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers))
        route = self.server.routes.get(self.path)
        (route or answer(b"Not found", "text/plain", 404))(self)

    def log_message(self, format, *args):
        pass


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    requests: list

    def handle_error(self, request, client_address):
        pass  # a client that hung up early (too large, too slow): what the tests want

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://{host}:{self.server_address[1]}{path}"


@contextlib.contextmanager
def serve(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> Iterator[LoopbackServer]:
    """A server on 127.0.0.1 (a free port) answering ``routes`` by path, in a thread."""
    server = LoopbackServer(("127.0.0.1", 0), _Handler)
    server.routes, server.requests = routes, []
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
