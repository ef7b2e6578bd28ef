"""The HTTP benchmark's server side: gunicorn started and always stopped, and what talks to it
over loopback (wrk, single GETs, a counted mixed load), plus the workers' memory.

Every subprocess has a timeout; gunicorn runs in its own process group, killed on the way out.
"""

import contextlib
import gzip
import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bench_http_monitor as monitor
import bench_http_report as report

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPTS = ROOT / "scripts" / "wrk"
HOST = "127.0.0.1"
# A desktop Chrome, so that the visitor counter counts these requests as it counts readers.
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
HEADERS = {"User-Agent": CHROME, "Accept-Encoding": "gzip"}
# The compression a proxy in front would apply to HTML the application sends uncompressed.
GZIP_LEVEL = 6


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's children: the workers (read from /proc, no psutil needed)."""
        return sorted(pid for pid, (ppid, *_rest) in monitor.processes().items() if ppid == self.process.pid)

    def booted_workers(self) -> int:
        """How many workers gunicorn has started so far (recycled ones are booted anew)."""
        return self.log.read_text(errors="replace").count("Booting worker")


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, wait_path: str = "/"):
    """gunicorn with the production config on a free loopback port; stopped whatever happens."""
    port = free_port()
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "halong_portal.wsgi",
        "-c",
        "halong_portal/gunicorn.conf.py",
        "--bind",
        f"{HOST}:{port}",
    ]
    with open(log, "w") as errors:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=errors, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, port, log)
    try:
        wait_for(server, wait_path)
        yield server
    finally:
        stop(process)


def wait_for(server: Server, path: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.process.returncode}; see {server.log}")
        try:
            if get(server.port, path, timeout=10).status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {path} within {seconds:.0f}s; see {server.log}")


def stop(process: subprocess.Popen) -> None:
    """TERM to the process group (master and workers), then KILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent, compressed or not


def get(port: int, path: str, headers: dict | None = None, timeout: float = 30) -> Response:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=HEADERS if headers is None else headers)
        answer = connection.getresponse()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


def page_size(port: int, path: str) -> dict:
    """One GET as a reader's browser makes it: the size of the page, plain and compressed.

    When the application compresses (Content-Encoding: gzip), the compressed size is what it
    sent; otherwise it is gzip level 6 of the page, what a compressing proxy would send.
    """
    answer = get(port, path)
    served_gzip = answer.headers.get("content-encoding") == "gzip"
    raw = gzip.decompress(answer.body) if served_gzip else answer.body
    return {
        "status": answer.status,
        "content_type": answer.headers.get("content-type", ""),
        "served_gzip": served_gzip,
        "raw_bytes": len(raw),
        "gzip_bytes": len(answer.body) if served_gzip else len(gzip.compress(raw, GZIP_LEVEL)),
        "cache_control": answer.headers.get("cache-control", ""),
        "body": raw,
    }


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk "
            "(https://github.com/wg/wrk otherwise)."
        )
    return found


def run_wrk(url: str, *, seconds: int, threads: int, connections: int, paths_file: Path | None = None):
    """One wrk run with the reader's headers; rotating through ``paths_file`` when given."""
    script = WRK_SCRIPTS / ("rotate.lua" if paths_file else "report.lua")
    command = [wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(script), url]
    if paths_file:
        command += ["--", str(paths_file), str(threads)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return report.parse_wrk(done.stdout), done.stdout


def drive(port: int, paths: list[str], count: int, concurrency: int = 4, start: int = 0) -> Counter:
    """``count`` GETs of ``paths`` in turn (from ``start``), ``concurrency`` at a time.

    Returns the statuses seen ("error" for a failed connection). Plain threads are enough:
    the server is what is being measured, and its two sync workers are the bottleneck.
    """
    lock = threading.Lock()
    state = {"next": 0}
    statuses: Counter = Counter()

    def work():
        while True:
            with lock:
                if state["next"] >= count:
                    return
                index = start + state["next"]
                state["next"] += 1
            try:
                status = get(port, paths[index % len(paths)], timeout=60).status
            except OSError:
                status = "error"
            with lock:
                statuses[status] += 1

    workers = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=3600)
    return statuses


def rss_kb(pid: int) -> int:
    return report.vm_rss_kb(Path(f"/proc/{pid}/status").read_text())


def flush_redis(*urls: str) -> None:
    """Empty the benchmark's cache and counter databases, so every phase starts cold."""
    import redis

    for url in urls:
        client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        try:
            client.flushdb()
        finally:
            client.close()
