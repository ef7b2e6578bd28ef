"""Photos pasted from other sites are fetched safely or refused (portal.remote_images), then
stored and put in place of the outside address (portal.pasted_images, the rich-text forms)."""

import base64
import ipaddress
import socket
import ssl
import subprocess
import time

import pytest

from portal import remote_images
from portal.remote_images import RemoteImageError, fetch, is_public_address, load, load_all

from .imagefiles import PDF_BYTES, jpeg_bytes
from .loopback import answer, png_bytes, redirect, serve, slow, streamed, trickle

PHOTO = jpeg_bytes(800, 600)


@pytest.fixture
def loopback_allowed(settings):
    """The loopback interface counts as an allowed network (as an intranet's might)."""
    settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = ["127.0.0.0/8"]


@pytest.fixture
def resolve(monkeypatch):
    """A hosts table for the test: names in it resolve to its addresses, others as usual."""
    table: dict[str, list[str]] = {}
    calls: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in table:
            return real(host, port, *args, **kwargs)
        calls.append(host)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in table[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table, calls


def refusal(url: str, **kwargs) -> str:
    with pytest.raises(RemoteImageError) as caught:
        fetch(url, **kwargs)
    return str(caught.value)


def test_a_photo_on_another_site_is_fetched_with_the_portals_user_agent(loopback_allowed):
    """The bytes come back as sent; the request names the portal."""
    with serve({"/anh.jpg": answer(PHOTO)}) as server:
        assert fetch(server.url("/anh.jpg")) == PHOTO
    ((_, headers),) = server.requests
    assert "CongThongTinThanhUyHaLong" in headers["User-Agent"]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/anh.jpg",
        "http://127.0.0.1/anh.jpg",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/anh.jpg",
        "http://100.64.0.1/anh.jpg",  # CGNAT
        "http://0.0.0.0/anh.jpg",
        "http://224.0.0.1/anh.jpg",
        "http://[::ffff:10.0.0.1]/anh.jpg",  # IPv4-mapped
        "http://[fd00::1]/anh.jpg",
        "https://192.168.1.1:8443/anh.jpg",
    ],
)
def test_internal_addresses_are_refused(url):
    """Without an allowance, no address off the open internet is ever connected to."""
    assert refusal(url) == "địa chỉ nội bộ, không được phép"


def test_a_name_resolving_to_an_internal_address_is_refused(resolve):
    table, _ = resolve
    table["anh.baoquangninh.example"] = ["10.1.2.3"]
    assert refusal("https://anh.baoquangninh.example/a.jpg") == "địa chỉ nội bộ, không được phép"


def test_one_internal_address_among_public_ones_refuses_the_name(resolve):
    """A name may list a public address beside an internal one: all must be public."""
    table, _ = resolve
    table["cdn.example"] = ["93.184.216.34", "2606:2800:220:1::1", "192.168.0.10"]
    assert "nội bộ" in refusal("http://cdn.example/a.jpg")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1", True),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("100.100.100.100", False),
        ("169.254.169.254", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("::ffff:93.184.216.34", True),
        ("::ffff:127.0.0.1", False),
        ("2002:a00:1::", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34
    ],
)
def test_what_counts_as_the_open_internet(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_the_address_checked_is_the_one_connected_to(resolve, loopback_allowed):
    """The name is resolved once per request and the vetted address is used: a second answer
    (DNS rebinding) is never asked for; the server still sees the name in Host."""
    table, calls = resolve
    table["anh.example"] = ["127.0.0.1"]
    with serve({"/a.jpg": answer(PHOTO)}) as server:
        assert fetch(server.url("/a.jpg", host="anh.example")) == PHOTO
    assert calls == ["anh.example"]
    assert server.requests[0][1]["Host"] == f"anh.example:{server.server_address[1]}"


def test_a_redirect_to_an_internal_address_is_refused(loopback_allowed):
    """Each redirect's target is checked as the first address was (only 127/8 is allowed)."""
    routes = {"/anh.jpg": redirect("http://169.254.169.254/latest/meta-data/iam/")}
    with serve(routes) as server:
        assert refusal(server.url("/anh.jpg")) == "địa chỉ nội bộ, không được phép"


def test_redirects_are_followed_a_few_times(loopback_allowed):
    with serve({"/cu.jpg": redirect("/moi.jpg", 301), "/moi.jpg": answer(PHOTO)}) as server:
        assert fetch(server.url("/cu.jpg")) == PHOTO


def test_too_many_redirects_are_refused(loopback_allowed):
    with serve({"/vong.jpg": redirect("/vong.jpg")}) as server:
        assert refusal(server.url("/vong.jpg")) == "chuyển hướng quá 3 lần"
    assert len(server.requests) == 4  # the first request and three redirects


def test_a_photo_announced_over_the_limit_is_not_read(loopback_allowed, settings):
    settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    with serve({"/lon.jpg": answer(b"\xff" * 1_500_000)}) as server:
        assert refusal(server.url("/lon.jpg")) == "ảnh quá 1 MB"


def test_a_photo_streamed_past_the_limit_is_cut_off(loopback_allowed, settings):
    """Without a Content-Length, reading stops once the limit is passed."""
    settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    with serve({"/lon.jpg": streamed(50 * 1024 * 1024)}) as server:
        started = time.monotonic()
        assert refusal(server.url("/lon.jpg")) == "ảnh quá 2 MB"
    assert time.monotonic() - started < 5


def test_a_web_page_is_not_a_photo(loopback_allowed):
    page = "<!DOCTYPE html><title>Báo Quảng Ninh</title>".encode()
    with serve({"/bai-viet.html": answer(page, "text/html; charset=utf-8")}) as server:
        assert refusal(server.url("/bai-viet.html")) == "không phải ảnh (máy chủ gửi text/html)"


def test_the_pipeline_has_the_last_word_on_what_is_a_photo(loopback_allowed):
    """A PDF sent as application/octet-stream passes the early check, not the decoding."""
    routes = {"/anh.jpg": answer(PDF_BYTES, "application/octet-stream")}
    with serve(routes) as server, pytest.raises(RemoteImageError, match="không phải là ảnh hợp lệ"):
        load(server.url("/anh.jpg"))


def test_an_error_status_is_named(loopback_allowed):
    with serve({}) as server:
        assert refusal(server.url("/da-xoa.jpg")) == "máy chủ trả lời lỗi 404"


def test_a_slow_server_is_given_up_on(loopback_allowed, monkeypatch):
    monkeypatch.setattr(remote_images, "TIMEOUT_SECONDS", 0.3)
    with serve({"/cham.jpg": slow(1.5, answer(PHOTO))}) as server:
        started = time.monotonic()
        assert refusal(server.url("/cham.jpg")) == "quá 0.3 giây mà máy chủ chưa gửi xong ảnh"
        assert time.monotonic() - started < 1


def test_a_server_trickling_its_answer_is_cut_at_the_deadline(loopback_allowed, monkeypatch):
    """A byte every 50 ms keeps every socket timeout happy; the overall deadline still holds."""
    monkeypatch.setattr(remote_images, "TIMEOUT_SECONDS", 0.4)
    with serve({"/nho-giot.jpg": trickle(0.05)}) as server:
        started = time.monotonic()
        assert "quá 0.4 giây" in refusal(server.url("/nho-giot.jpg"))
        assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "file:"),
        ("file:///C:/Users/phong-vien/anh.jpg", "file:"),
        ("ftp://ftp.example.vn/anh.jpg", "(ftp:)"),
        ("javascript:alert(1)", "(javascript:)"),
        ("gopher://example.vn:70/_anything", "(gopher:)"),
        ("anh.jpg", "(không rõ:)"),
    ],
)
def test_only_http_and_https_are_fetched(url, reason):
    assert reason in refusal(url)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for "localhost" (openssl, as tests/test_deploy.py uses)."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def https_server(certificate, monkeypatch, loopback_allowed):
    cert, key = certificate
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    monkeypatch.setattr(remote_images, "tls_context", lambda: ssl.create_default_context(cafile=str(cert)))
    with serve({"/anh.jpg": answer(PHOTO)}, tls=server_side) as server:
        yield server


def test_https_is_verified_against_the_host_name(https_server, resolve):
    """The connection goes to the vetted address, the certificate is checked for the name."""
    table, _ = resolve
    table["localhost"] = ["127.0.0.1"]
    assert fetch(https_server.url("/anh.jpg", host="localhost")) == PHOTO


def test_https_with_a_certificate_for_another_name_is_refused(https_server, resolve):
    table, _ = resolve
    table["anh.example"] = ["127.0.0.1"]
    url = https_server.url("/anh.jpg", host="anh.example")
    assert refusal(url) == "chứng chỉ HTTPS của máy chủ không hợp lệ"


def test_a_photo_written_into_the_text_goes_through_the_pipeline():
    """A data: photo (pasted from a word processor) is decoded and re-encoded like an upload."""
    upload = load("data:image/png;base64," + base64.b64encode(png_bytes(300, 200)).decode())
    assert (upload.encoded.width, upload.encoded.height) == (300, 200)
    with pytest.raises(RemoteImageError, match="không phải ảnh"):
        load("data:text/html;base64,PHNjcmlwdD4=")


def test_all_photos_of_a_save_share_one_time_budget(loopback_allowed, monkeypatch):
    """Photos are fetched a few at once; a slow one is given up on when the save's time is up."""
    monkeypatch.setattr(remote_images, "BUDGET_SECONDS", 1.0)
    routes = {"/nhanh.jpg": answer(jpeg_bytes(200, 150)), "/cham.jpg": slow(4, answer(PHOTO))}
    with serve(routes) as server:
        started = time.monotonic()
        results = load_all([server.url("/nhanh.jpg"), server.url("/cham.jpg")])
        assert time.monotonic() - started < 2.5
    fast, late = results.values()
    assert fast.encoded.width == 200
    assert isinstance(late, RemoteImageError) and "giây" in str(late)
