"""Real services on loopback for the fault tests: a private PostgreSQL cluster (initdb and
pg_ctl, on a port of its own, so that it can be stopped without touching the machine's), a
private Redis, and the portal itself under gunicorn, as production runs it."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, seconds: float, what: str) -> float:
    """Call ``check`` until it is true; the seconds it took. Fails after ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.1)
    raise TimeoutError(f"{what}: not within {seconds} s")


def http_status(open_url, request: urllib.request.Request, timeout: float) -> int:
    """The status of the answer (an error's too); 0 for none (refused, reset, timed out)."""
    try:
        with open_url(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresCluster:
    """A throwaway cluster. As root (CI), its files belong to the ``postgres`` user, since
    PostgreSQL refuses to run as root."""

    def __init__(self):
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)

    def create(self) -> "PostgresCluster":
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"
        )
        self.start()
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal"
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A private Redis that keeps its data in an append-only file synced on every write, so
    that a stop and a start lose nothing, as compose's Redis (appendfsync everysec, nearly)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-redis-"))
        self.port = free_port()
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [
            shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, 10, "Redis starting")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # Redis's own shutdown: the file is complete
        self.process.wait(10)

    def destroy(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


class Portal:
    """The portal under gunicorn with production settings (DEBUG off), on its own port."""

    def __init__(self, database_url: str, **environ: str):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-app-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log = self.folder / "gunicorn.log"
        self.environ = {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("DJANGO_", "PORTAL_", "PYTEST"))
            },
            "DJANGO_SETTINGS_MODULE": "halong_portal.settings",
            "DJANGO_SECRET_KEY": "fault-tests-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "PORTAL_VAR_DIR": str(self.folder),
            "PORTAL_DEMO": "1",
            "PORTAL_TWO_FACTOR_ENFORCED": "0",
            "PORTAL_TRUSTED_PROXIES": "1",  # readers told apart by X-Forwarded-For from loopback
            "WIDGETS_BACKGROUND_REFRESH": "0",  # never the internet
            "DJANGO_DB_CONNECT_TIMEOUT": "2",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "4",
            "GUNICORN_ACCESS_LOG": "",
            **environ,
        }

    def manage(self, *arguments: str, timeout: float = 300) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=ROOT,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> "Portal":
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage(
            "seed_demo", "--articles", "60", "--photos", "4", "--meetings", "4", "--album-photos", "2"
        )
        self.manage("ensure_superuser", "--username", "quantri")
        return self

    def start(self) -> None:
        command = [
            PYTHON, "-m", "gunicorn", "halong_portal.wsgi", "-c", "halong_portal/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{self.port}",
        ]  # fmt: skip
        self.log_file = self.log.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.environ, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        try:
            wait_for(lambda: self.status("/healthz") == 200, 60, "gunicorn starting")
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}; its log:\n{self.log.read_text()[-3000:]}") from None

    def status(self, path: str) -> int:
        request = urllib.request.Request(self.url + path, headers={"User-Agent": "Mozilla/5.0 (fault tests)"})
        return http_status(urllib.request.urlopen, request, timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process:
            self.log_file.close()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
