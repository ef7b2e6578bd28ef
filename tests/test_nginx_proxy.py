"""nginx's configuration at work (deploy/nginx/portal.conf.template): Debian's nginx runs it on
loopback, its ports moved, in front of a small server that answers with the headers it got.
The app sees the address nginx saw, not one a client claims; HTTP goes to HTTPS; hashed
static files are cached for good; /media/ hands out images only, under a CSP of their own;
a body over the limit never reaches the app."""

import http.client
import http.server
import json
import os
import signal
import ssl
import subprocess
import threading
from pathlib import Path

import pytest

from .faults.servers import free_port, wait_for
from .test_deploy import NGINX, render_nginx, self_signed_certificate

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"),
    reason="nginx not found: install Debian's nginx-light (as .ci/run does) to run it in front of the app",
)


class _Echo(http.server.BaseHTTPRequestHandler):
    """The app's stand-in: answers every request with the headers it received."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    (folder / "static" / "css").mkdir(parents=True)
    (folder / "static" / "css" / "site.0123456789ab.css").write_text("body{}")
    (folder / "static" / "robots-note.txt").write_text("ok")
    (folder / "media" / "images").mkdir(parents=True)
    (folder / "media" / "images" / "anh.webp").write_bytes(b"RIFF0000WEBP")
    (folder / "media" / "images" / "trang.html").write_text("<script>alert(1)</script>")
    self_signed_certificate(folder / "tls")
    site = render_nginx(
        folder,
        PORTAL_SERVER_NAME="localhost",
        PORTAL_UPSTREAM=f"127.0.0.1:{upstream.server_address[1]}",
        PORTAL_MAX_REQUEST_MB="1",
        PORTAL_STATIC_ROOT=str(folder / "static"),
        PORTAL_MEDIA_ROOT=str(folder / "media"),
        PORTAL_TLS_DIR=str(folder / "tls"),
        PORTAL_ACME_ROOT=str(folder / "acme"),
    )
    ports = {"http": free_port(), "https": free_port()}
    text = site.read_text()
    text = text.replace("listen [::]:80 default_server;", "").replace(
        "listen [::]:443 ssl default_server;", ""
    )
    text = text.replace("listen 80 default_server;", f"listen 127.0.0.1:{ports['http']} default_server;")
    text = text.replace(
        "listen 443 ssl default_server;", f"listen 127.0.0.1:{ports['https']} ssl default_server;"
    )
    site.write_text(text)
    (folder / "logs").mkdir()
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n  include {site};\n}}\n"
    )
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(main)], stderr=subprocess.PIPE)
    wait_for(lambda: _answers(ports["http"]) or process.poll() is not None, 10, "nginx starting")
    assert process.poll() is None, process.stderr.read().decode()
    yield ports
    process.send_signal(signal.SIGQUIT)
    process.wait(10)
    process.stderr.close()
    upstream.shutdown()
    upstream.server_close()


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/nginx-health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def get(ports, path, method="GET", body=None, headers=None, tls=True):
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", ports["https"], timeout=10, context=ssl._create_unverified_context()
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    connection.request(method, path, body=body, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def test_the_app_sees_the_address_nginx_saw_and_a_request_id(proxy):
    response, data = get(
        proxy, "/tin-tuc/", headers={"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "http"}
    )
    received = json.loads(data)["headers"]
    assert received["X-Forwarded-For"] == "127.0.0.1"  # the claimed 1.2.3.4 is dropped
    assert received["X-Forwarded-Proto"] == "https"
    assert (
        len(received["X-Request-ID"]) == 32 and response.getheader("X-Request-ID") == received["X-Request-ID"]
    )
    assert "nginx/" not in (response.getheader("Server") or "")  # server_tokens off


def test_plain_http_goes_to_https(proxy):
    response, _ = get(proxy, "/tin-tuc/?trang=2", tls=False)
    assert response.status == 301 and response.getheader("Location").startswith("https://localhost")


def test_hashed_static_files_are_cached_for_good_and_others_an_hour(proxy):
    response, data = get(proxy, "/static/css/site.0123456789ab.css")
    assert response.status == 200 and data == b"body{}"
    assert response.getheader("Cache-Control") == "public, max-age=315360000, immutable"
    response, _ = get(proxy, "/static/robots-note.txt")
    assert response.getheader("Cache-Control") == "public, max-age=3600"


def test_media_hands_out_images_only_under_a_csp_of_their_own(proxy):
    response, _ = get(proxy, "/media/images/anh.webp")
    assert response.status == 200 and response.getheader("Content-Type") == "image/webp"
    assert "sandbox" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert get(proxy, "/media/images/trang.html")[0].status == 404
    assert get(proxy, "/media/../../etc/passwd")[0].status in (400, 404)


def test_a_body_over_the_limit_never_reaches_the_app(proxy):
    response, _ = get(proxy, "/admin/login/", method="POST", body=b"x" * (2 * 1024 * 1024))
    assert response.status == 413
    response, data = get(proxy, "/admin/login/", method="POST", body=b"x" * 1024)
    assert response.status == 200 and json.loads(data)["path"] == "/admin/login/"
