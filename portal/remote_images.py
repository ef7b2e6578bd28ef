"""Photos fetched from other sites, for rich text pasted from another page (portal.pasted_images).

An editor's browser keeps a pasted photo's outside address; the Content-Security-Policy would
block it for readers. The server fetches it instead, guarded against being turned on the
portal's own network (server-side request forgery):

- only ``http`` and ``https``; the host name is resolved once, and every address it resolves
  to must be globally routable (not private, loopback, link-local, CGNAT, multicast, reserved,
  nor such an address wrapped in IPv6), unless it lies in
  ``settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS`` (an intranet deployment, the tests);
- the connection goes to a vetted address itself, so a name that resolves differently a
  moment later (DNS rebinding) cannot redirect it; HTTPS still sends the host name (SNI) and
  verifies the certificate against it;
- redirects are followed by hand, at most MAX_REDIRECTS, each target checked the same way;
- at most TIMEOUT_SECONDS in all (a watchdog cuts a server that trickles its answer), at most
  ``settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES`` read, and an answer that says it is no image is
  refused before its body is read. The image pipeline's decoding has the last word.

Every refusal is a RemoteImageError whose text is a short Vietnamese reason for editors.
"""

import base64
import binascii
import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import quote, unquote_to_bytes, urljoin, urlsplit

from django.conf import settings

from .images import CleanUpload, ImageRejected, encode

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0  # one photo, redirects included
CONNECT_SECONDS = 5.0  # each address tried: an unreachable IPv6 one leaves time for IPv4
BUDGET_SECONDS = 20.0  # all photos of one save: well inside gunicorn's 30 s
WORKERS = 4  # photos fetched at once
MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
USER_AGENT = "Mozilla/5.0 (compatible; CongThongTinThanhUyHaLong/1.0; +photos pasted by editors)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Types that may be a photo: image/*, and what servers say when they do not know.
UNTYPED = {"", "application/octet-stream", "binary/octet-stream", "application/binary"}
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# One photo decoded at a time per process: a 50-megapixel photo takes 150 MB while it is.
_DECODING = threading.Lock()


class RemoteImageError(ImageRejected):
    """A photo that could not be fetched or is not acceptable; ``str(err)`` is the reason, in
    Vietnamese, for the editor ("địa chỉ nội bộ, không được phép")."""


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) host name or address literal, without brackets
    port: int
    path: str  # path and query, percent-encoded


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _target(url: str) -> _Target:
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname or ""
        host = host.encode("idna").decode("ascii") if host and not _is_literal(host) else host
    except (ValueError, UnicodeError):
        raise RemoteImageError("địa chỉ ảnh không hợp lệ") from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        raise RemoteImageError("ảnh nằm trên máy của người soạn (file:), máy chủ không đọc được")
    if scheme not in ("http", "https"):
        raise RemoteImageError(f"địa chỉ không phải http hoặc https ({scheme or 'không rõ'}:)")
    if not host:
        raise RemoteImageError("địa chỉ ảnh thiếu tên máy chủ")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _allowed_networks() -> list:
    networks = getattr(settings, "PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS", None) or []
    return [ipaddress.ip_network(str(network), strict=False) for network in networks]


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is on the open internet: not private, loopback, link-local, CGNAT
    (100.64/10), multicast, reserved or unspecified, nor such an IPv4 address wrapped in IPv6
    (mapped ::ffff:…, 6to4 2002::/16, NAT64 64:ff9b::/96)."""
    if address.version == 6:
        inner = address.ipv4_mapped or address.sixtofour
        if inner is None and address in NAT64:
            inner = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if inner is not None:
            return is_public_address(inner)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _permitted(address, allowed: list) -> bool:
    if any(address.version == network.version and address in network for network in allowed):
        return True
    return is_public_address(address)


def vetted_addresses(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, if every one of them may be reached (one that may
    not refuses them all: an attacker's name may list a public address beside an internal one)."""
    try:  # (bounded by the system resolver's timeouts, and a save's by load_all's budget)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError):  # UnicodeError is a ValueError
        raise RemoteImageError(f"không tìm thấy máy chủ {host}") from None
    allowed = _allowed_networks()
    addresses = []
    for *_, sockaddr in found:
        text = sockaddr[0].split("%", 1)[0]  # an IPv6 zone index (fe80::1%eth0)
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise RemoteImageError("địa chỉ máy chủ không hợp lệ") from None
        if not _permitted(address, allowed):
            logger.warning("Refused to fetch from %s: it resolves to %s", host, address)
            raise RemoteImageError("địa chỉ nội bộ, không được phép")
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise RemoteImageError(f"không tìm thấy máy chủ {host}")
    return addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A connection to the first of ``addresses`` that answers; reads then wait ``timeout``."""
    error: OSError = OSError("no address")
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), min(timeout, CONNECT_SECONDS))
        except OSError as exc:
            error = exc
            continue
        sock.settimeout(timeout)
        return sock
    raise error


def tls_context() -> ssl.SSLContext:
    """The system's certificate authorities, host names checked (tests trust their own CA)."""
    return ssl.create_default_context()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to addresses vetted beforehand, never to what the name resolves to by now."""

    wire = None  # the socket, kept for the watchdog after http.client hands it to the response

    def __init__(self, target: _Target, addresses: list[str], timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        self.sock = self.wire = _connect(self.addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the host name, sent as SNI."""

    wire = None

    def __init__(self, target: _Target, addresses: list[str], timeout: float):
        self.tls = tls_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self):
        sock = _connect(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.wire = self.tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


class _Watchdog:
    """Cuts the connection at the deadline, whatever http.client waits for: a server that
    trickles its headers a byte at a time would outlast every socket timeout."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float):
        self.fired = False
        self.connection = connection
        self.timer = threading.Timer(max(seconds, 0.0), self.cut)
        self.timer.daemon = True

    def cut(self):
        self.fired = True
        sock = self.connection.wire
        if sock is not None:
            # The plain socket's shutdown, also under TLS: it wakes a blocked read.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc_info):
        self.timer.cancel()


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic()
    seconds: float  # what was allowed, for the message

    def left(self) -> float:
        return self.at - time.monotonic()

    def error(self) -> RemoteImageError:
        return RemoteImageError(f"quá {round(self.seconds, 1):g} giây mà máy chủ chưa gửi xong ảnh")


def _check_headers(response: http.client.HTTPResponse) -> None:
    if response.status != 200:
        raise RemoteImageError(f"máy chủ trả lời lỗi {response.status}")
    kind = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()
    if not (kind.startswith("image/") or kind in UNTYPED):
        raise RemoteImageError(f"không phải ảnh (máy chủ gửi {kind[:60]})")
    limit = settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES
    if response.length is not None and response.length > limit:
        raise RemoteImageError(f"ảnh quá {megabytes(limit)}")


def _read_body(response: http.client.HTTPResponse, deadline: _Deadline) -> bytes:
    limit = settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES
    chunks, size = [], 0
    while chunk := response.read1(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise RemoteImageError(f"ảnh quá {megabytes(limit)}")
        if deadline.left() < 0:
            raise deadline.error()
        chunks.append(chunk)
    if response.length:  # what Content-Length announced and never came
        raise RemoteImageError("máy chủ ngắt kết nối khi chưa gửi hết ảnh")
    return b"".join(chunks)


HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "image/webp,image/jpeg,image/png,image/gif;q=0.9,image/*;q=0.5",
    "Accept-Encoding": "identity",
}


def _answer(connection: http.client.HTTPConnection, url: str, path: str, deadline: _Deadline):
    """(the redirect's target, b"") or (None, the photo's bytes)."""
    connection.connect()
    if deadline.left() <= 0:  # connected just as the watchdog went off, with nothing to cut
        raise deadline.error()
    connection.request("GET", path, headers=HEADERS)
    with connection.getresponse() as response:
        if response.status in REDIRECT_STATUSES:
            location = (response.getheader("Location") or "").strip()
            if not location:
                raise RemoteImageError(f"máy chủ trả lời {response.status} mà không chỉ tới đâu")
            return urljoin(url, location), b""
        _check_headers(response)
        return None, _read_body(response, deadline)


def _exchange(url: str, deadline: _Deadline) -> tuple[str | None, bytes]:
    """One request to a vetted address, cut at ``deadline``."""
    target = _target(url)
    addresses = vetted_addresses(target.host, target.port)
    remaining = deadline.left()
    if remaining <= 0:
        raise deadline.error()
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, addresses, timeout=remaining)
    try:
        with _Watchdog(connection, remaining) as watchdog:
            try:
                answer = _answer(connection, url, target.path, deadline)
            except (OSError, http.client.HTTPException, RemoteImageError):
                if watchdog.fired:  # what the cut connection said instead is beside the point
                    raise deadline.error() from None
                raise
            if watchdog.fired:
                raise deadline.error()
            return answer
    finally:
        connection.close()


def fetch(url: str, *, deadline: float | None = None) -> bytes:
    """The bytes at ``url`` (http or https), fetched with the guards described above, by
    ``deadline`` (time.monotonic()) if it comes before TIMEOUT_SECONDS from now. Raises
    RemoteImageError."""
    now = time.monotonic()
    at = now + TIMEOUT_SECONDS if deadline is None else min(deadline, now + TIMEOUT_SECONDS)
    clock = _Deadline(at, at - now)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            url, body = _exchange(url, clock)
            if url is None:
                return body
    except RemoteImageError:
        raise
    except TimeoutError:
        raise clock.error() from None
    except ssl.SSLCertVerificationError:
        raise RemoteImageError("chứng chỉ HTTPS của máy chủ không hợp lệ") from None
    except ssl.SSLError:
        raise RemoteImageError("lỗi kết nối HTTPS với máy chủ") from None
    except http.client.HTTPException:
        raise RemoteImageError("máy chủ trả lời sai giao thức HTTP") from None
    except OSError:
        raise RemoteImageError("không kết nối được tới máy chủ") from None
    raise RemoteImageError(f"chuyển hướng quá {MAX_REDIRECTS} lần")


def data_uri_bytes(uri: str) -> bytes:
    """The photo written into a ``data:`` address (a paste from a word processor)."""
    header, comma, payload = uri.partition(",")
    kind = header[5:].split(";", 1)[0].strip().lower()
    if not comma or not kind.startswith("image/"):
        raise RemoteImageError("dữ liệu nhúng không phải ảnh")
    limit = settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES
    if len(payload) * 3 // 4 > limit:
        raise RemoteImageError(f"ảnh quá {megabytes(limit)}")
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode("".join(payload.split()))
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise RemoteImageError("dữ liệu ảnh nhúng bị hỏng") from None


def load(source: str, *, deadline: float | None = None) -> CleanUpload:
    """A photo from an outside or ``data:`` address, through the image pipeline's checks
    (nothing is written yet: portal.images.store does that). Raises RemoteImageError."""
    if source[:5].lower() == "data:":
        data, name = data_uri_bytes(source), "ảnh nhúng trong nội dung"
    else:
        data, name = fetch(source, deadline=deadline), source[:255]
    with _DECODING:
        try:
            encoded = encode(data)
        except ImageRejected as exc:
            reason = str(exc)
            raise RemoteImageError(reason[:1].lower() + reason[1:].rstrip(".")) from None
    return CleanUpload(name, encoded)


def _load_logged(source: str, deadline: float) -> CleanUpload | RemoteImageError:
    try:
        return load(source, deadline=deadline)
    except RemoteImageError as exc:
        logger.info("Pasted photo %.200s refused: %s", source, exc)
        return exc
    except Exception:  # an editor's form must not end in a 500 for one photo
        logger.exception("Fetching the pasted photo %.200s failed", source)
        return RemoteImageError("lỗi không lường trước khi lấy ảnh")


def load_all(sources: list[str]) -> dict[str, CleanUpload | RemoteImageError]:
    """Each of ``sources`` loaded (a few at once), within BUDGET_SECONDS for them all: a
    CleanUpload, or the RemoteImageError saying why not."""
    if not sources:
        return {}
    deadline = time.monotonic() + BUDGET_SECONDS
    pool = ThreadPoolExecutor(max_workers=min(WORKERS, len(sources)), thread_name_prefix="pasted-photo")
    try:
        futures = {pool.submit(_load_logged, source, deadline): source for source in sources}
        # A second's grace for a photo whose decoding began just before the deadline.
        done, _ = wait(futures, timeout=max(0.0, deadline - time.monotonic()) + 1)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    late = RemoteImageError(f"chưa lấy xong trong {BUDGET_SECONDS:g} giây dành cho mọi ảnh của một lần lưu")
    return {source: future.result() if future in done else late for future, source in futures.items()}
