"""What every provider shares: its errors and one careful HTTP GET.

A provider module (``weather``, ``rates``) has a pure ``parse(payload: bytes) -> dict`` that
turns a response body into a JSON-serialisable snapshot or raises ProviderError, and a
``fetch(site) -> dict`` that downloads with ``get`` and parses. Nothing here touches the
database or the cache: ``widgets.snapshots`` decides when to fetch and keeps the last good
snapshot.
"""

import time
import urllib.error
import urllib.parse
import urllib.request

from portal.text import whole_number

USER_AGENT = "halong-portal/1.0 (+https://thanhuyhalong.vn; sidebar widgets)"


class ProviderError(Exception):
    """A fetch or a response that cannot be used; ``str()`` is one clear line for the log."""


def get(url: str, *, timeout: float, max_bytes: int, accept: str = "*/*") -> bytes:
    """The body of ``url``, or ProviderError: at most ``max_bytes``, within ``timeout`` seconds.

    ``timeout`` bounds the whole exchange (connect, headers and body) to about twice its
    value (the last socket read may wait one ``timeout``), not only each read, so a server
    that trickles bytes cannot hold the caller. HTTP errors, refused
    connections, timeouts, redirects to other schemes and oversized bodies all end as
    ProviderError.
    """
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = whole_number(response.headers.get("Content-Length") or "")
            if declared is not None and declared > max_bytes:
                raise ProviderError(f"response of {declared} bytes is over the {max_bytes}-byte cap")
            chunks, size = [], 0
            # read1 returns whatever has arrived; read(n) would wait for all n bytes and let a
            # server trickling one byte at a time hold the caller past the deadline.
            while chunk := response.read1(min(65536, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise ProviderError(f"response is over the {max_bytes}-byte cap")
                if time.monotonic() > deadline:
                    raise ProviderError(f"no complete response within {timeout:g}s")
            if declared is not None and size != declared:
                raise ProviderError(f"response ended after {size} of {declared} bytes")
            return b"".join(chunks)
    except ProviderError:
        raise
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"HTTP {exc.code} from {_host(url)}") from None
    except urllib.error.URLError as exc:
        raise ProviderError(f"cannot reach {_host(url)}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise ProviderError(f"cannot read from {_host(url)}: {exc or type(exc).__name__}") from None
    except ValueError as exc:  # http.client's IncompleteRead and malformed responses
        raise ProviderError(f"bad response from {_host(url)}: {exc}") from None


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url
