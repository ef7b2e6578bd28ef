"""What else the machine does while the HTTP benchmark measures: the CPU time of other processes.

On a shared machine a test suite started meanwhile halves the figures without a trace. This
samples /proc twice a second and adds up the CPU time of every process that is not the
benchmark's: not a descendant of this process (gunicorn and its workers, wrk), not a
PostgreSQL backend serving one of their connections (found by its client port), not Redis,
not a kernel thread. Someone else's queries on the same database count as others'. A process
that lives less than half a second between two samples is missed; a test run is not.
"""

import contextlib
import os
import re
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
KTHREADD = 2


def processes() -> dict[int, tuple[int, int, int, str]]:
    """pid → (ppid, CPU ticks, start time, comm) of every process now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # After the comm: state, ppid, … utime (12th), stime (13th), … starttime (20th).
        found[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19]), comm)
    return found


class ForeignCpu:
    """``with ForeignCpu(5432) as other: …`` then ``other.share``: the share (0 to 1) of the
    machine's CPU that other processes used meanwhile (``postgres_port``: the server's port)."""

    def __init__(self, postgres_port: int = 5432, interval: float = 0.5):
        self.postgres_port = postgres_port
        self.interval = interval
        self.ticks = 0
        self.elapsed = 0.0
        self._stop = threading.Event()
        self._previous: dict = {}

    def __enter__(self):
        self._previous = processes()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)
        self._sample()
        self.elapsed = time.monotonic() - self._started

    @property
    def share(self) -> float:
        cores = len(os.sched_getaffinity(0))
        return self.ticks / TICKS / (self.elapsed * cores) if self.elapsed else 0.0

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        now = processes()
        ours = {pid for pid in now if _descends_from(pid, os.getpid(), now)}
        ports = _client_ports(ours, self.postgres_port)
        for pid, (ppid, ticks, started, comm) in now.items():
            if pid in ours or pid == KTHREADD or ppid == KTHREADD or comm == "redis-server":
                continue
            if comm == "postgres" and _backend_port(pid) in ports:
                continue
            before = self._previous.get(pid)
            same = before is not None and before[2] == started
            self.ticks += ticks - before[1] if same else ticks
        self._previous = now


def _descends_from(pid: int, ancestor: int, processes: dict) -> bool:
    seen = set()
    while pid in processes and pid not in seen:
        if pid == ancestor:
            return True
        seen.add(pid)
        pid = processes[pid][0]
    return False


def _client_ports(pids: set[int], server_port: int) -> set[int]:
    """The local ports of these processes' TCP connections to ``server_port``."""
    inodes = set()
    for pid in pids:
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        inodes.update(link[8:-1] for link in links if link.startswith("socket:["))
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[9] in inodes and int(fields[2].rsplit(":", 1)[1], 16) == server_port:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _backend_port(pid: int) -> int | None:
    """The client port in a PostgreSQL backend's title ("postgres: … halong 127.0.0.1(59242) idle")."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return None
    match = re.search(r"\((\d+)\)", title)
    return int(match[1]) if match else None


def wait_until_quiet(
    patience: float, threshold: float = 0.1, window: float = 3, postgres_port: int = 5432
) -> tuple[float, bool]:
    """Wait (up to ``patience`` seconds) until others use under ``threshold`` of the CPU for
    ``window`` seconds: the seconds waited, and whether the machine did get quiet."""
    started = time.monotonic()
    while True:
        with ForeignCpu(postgres_port) as other:
            time.sleep(window)
        waited = time.monotonic() - started
        if other.share < threshold:
            return waited, True
        if waited >= patience:
            return waited, False
