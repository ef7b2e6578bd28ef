"""A load of readers for the fault tests: threads with keep-alive connections, each request
from a new reader (its own address in X-Forwarded-For, which the portal believes from
loopback), so that every page answered 200 must add exactly one visit, and every article
answered 200 exactly one view."""

import http.client
import itertools
import threading
import time
from dataclasses import dataclass

BROWSER = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


@dataclass
class Answer:
    at: float  # seconds since the load began
    seconds: float
    path: str
    status: int  # 0: no answer (connection refused, reset, timed out)
    retry_after: str
    body: bytes


class Readers:
    """``connections`` threads reading ``paths`` in turn until ``stop`` is set."""

    def __init__(self, port: int, paths: list[str], connections: int = 8, timeout: float = 15):
        self.port, self.paths, self.connections, self.timeout = port, paths, connections, timeout
        self.answers: list[Answer] = []
        self.stop = threading.Event()
        self._readers = itertools.count(1)
        self._lock = threading.Lock()
        self._threads = []
        self.started = 0.0

    def reader_address(self) -> str:
        with self._lock:
            n = next(self._readers)
        return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"

    def __enter__(self) -> "Readers":
        self.started = time.monotonic()
        for index in range(self.connections):
            thread = threading.Thread(target=self._read, args=(index,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(self.timeout + 5)

    def _read(self, index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self._read_on(connection, index)
        finally:
            connection.close()

    def _read_on(self, connection: http.client.HTTPConnection, index: int) -> None:
        paths = itertools.islice(itertools.cycle(self.paths), index, None)
        while not self.stop.is_set():
            path = next(paths)
            headers = {
                "User-Agent": BROWSER,
                "X-Forwarded-For": self.reader_address(),
                "Accept-Language": "vi",
            }
            began = time.monotonic()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                answer = Answer(
                    began - self.started, time.monotonic() - began, path, response.status,
                    response.getheader("Retry-After", ""), body if response.status >= 500 else b"",
                )  # fmt: skip
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                answer = Answer(began - self.started, time.monotonic() - began, path, 0, "", b"")
                time.sleep(0.05)
            with self._lock:
                self.answers.append(answer)

    def since(self, start: float, end: float = float("inf")) -> list[Answer]:
        return [answer for answer in self.answers if start <= answer.at < end]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
