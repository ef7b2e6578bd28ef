"""Two servers, one database, one Redis: both serve the same pages from the page cache, a
change made through one server's admin shows on the other within 5 seconds, and readers of
both are counted into the same totals.

Two gunicorn processes on loopback ports share a database made for this test (a SQLite file,
or a fresh PostgreSQL database when DATABASE_URL names PostgreSQL, as in CI) and Redis
databases 13 and 14 on 127.0.0.1:6379. Without a reachable Redis the test is skipped.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

from editorial.tests.helpers import page_form

ROOT = Path(settings.BASE_DIR)
REDIS = "redis://127.0.0.1:6379"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ARTICLE = "/tin-tuc/xay-dung-dang/hai-may-chu-mot-noi-dung/"
PASSWORD = "Mat-khau-2026-dai"
SEED = f"""
from news.models import Article, Category
category = Category.objects.create(name="Xây dựng Đảng", slug="xay-dung-dang", show_in_menu=True)
Article.objects.create(title="Hai máy chủ, một nội dung", slug="hai-may-chu-mot-noi-dung", category=category,
    lead="Sapo.", body="<p>Nội dung.</p>", status=Article.Status.PUBLISHED)
from django.contrib.auth.models import User
User.objects.create_superuser("quantri", "qt@example.vn", "{PASSWORD}")
"""


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(f"{REDIS}/13", socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379 (CI starts it; `redis-server --daemonize yes`)")
    return client


@pytest.fixture
def shared_database(tmp_path):
    """A database of its own, migrated, with one published article and a superuser."""
    url = settings.DATABASES["default"]
    if url["ENGINE"].endswith("postgresql"):
        name = f"halong_scale_{os.getpid()}"
        base = f"postgres://{url['USER']}@{url['HOST'] or '127.0.0.1'}:{url['PORT'] or 5432}"
        _psql(base, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        _psql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"


def _psql(base: str, *statements: str) -> None:
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def _environment(database_url: str, tmp_path: Path) -> dict:
    return {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "PORTAL_TESTING"))
        },
        "DATABASE_URL": database_url,
        "REDIS_URL": f"{REDIS}/13",
        "PORTAL_COUNTER_REDIS_URL": f"{REDIS}/14",
        "DJANGO_SECRET_KEY": "two-servers-test-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "PORTAL_TWO_FACTOR_ENFORCED": "0",
        "WIDGETS_BACKGROUND_REFRESH": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _seeded_environment(database_url: str, tmp_path: Path) -> dict:
    """The servers' environment, its database migrated and seeded, its static files collected."""
    env = _environment(database_url, tmp_path)
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(env, "collectstatic", "--noinput", "-v", "0")
    _manage(env, "shell", "--no-imports", "-c", SEED)
    return env


def _gunicorn(env: dict, port: int, output=subprocess.DEVNULL, **settings: str) -> subprocess.Popen:
    """gunicorn with the project's config on ``port``: one worker of one thread."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "halong_portal.wsgi", "-c", "halong_portal/gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "1",
            **settings,
        },
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers(shared_database, tmp_path):
    """Two gunicorn processes (one worker each) on two ports, ready to answer."""
    redis_client = _redis_or_skip()
    redis_client.flushdb()
    redis.Redis.from_url(f"{REDIS}/14").flushdb()
    env = _seeded_environment(shared_database, tmp_path)
    ports = [_free_port(), _free_port()]
    processes = [_gunicorn(env, port) for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            _wait_until(lambda base=base: _get(base + "/").status == 200, seconds=30)
        yield bases, env
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        redis_client.flushdb()


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.text = status, headers, body.decode("utf-8", "replace")


def _get(url: str, opener=None, agent: str = BROWSER) -> Response:
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=10) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())
    except OSError:
        return Response(0, {}, b"")


def _wait_until(condition, seconds: float) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.1)
    return time.monotonic() - started


def _admin_session(base: str):
    """A signed-in admin on ``base``: an opener keeping the session and CSRF cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _get(f"{base}/admin/login/", opener)
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    _post(
        opener,
        f"{base}/admin/login/",
        {"username": ["quantri"], "password": [PASSWORD], "next": ["/admin/"]},
        token,
        base,
    )
    return opener, jar


def _post(opener, url: str, data: dict, token: str, base: str) -> int:
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": [token]}, doseq=True).encode()
    request = urllib.request.Request(
        url, body, headers={"Referer": url, "Origin": base, "User-Agent": BROWSER}
    )
    with opener.open(request, timeout=30) as answer:
        return answer.status


def test_two_servers_share_pages_changes_and_counts(servers):
    (first, second), env = servers
    # The same page on both, each from its cache after a first reading.
    for base in (first, second):
        assert "Hai máy chủ, một nội dung" in _get(base + ARTICLE).text
    pages = [_get(base + ARTICLE, agent=f"{BROWSER} reader-{n}") for n, base in enumerate((first, second))]
    assert [page.headers["X-Page-Cache"] for page in pages] == ["hit", "hit"]

    # Withdrawn through the first server's admin: gone from the second within 5 seconds.
    opener, jar = _admin_session(first)
    change = f"{first}/admin/news/article/1/change/"
    data = page_form(_get(change, opener).text)
    data["_transition"] = ["unpublish"]
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    assert _post(opener, change, data, token, first) == 200  # after the redirect
    assert _wait_until(lambda: _get(second + ARTICLE).status == 404, seconds=5) < 5
    assert "Hai máy chủ, một nội dung" not in _get(second + "/").text

    # Three readers counted into one total: one who read on both servers (one view), and one
    # more on each (from the cache). Each server hands its views to Redis within a second.
    counters = redis.Redis.from_url(env["PORTAL_COUNTER_REDIS_URL"])

    def pending_views() -> int:
        pending = counters.hgetall("halong:stats:pending")
        return sum(int(count) for field, count in pending.items() if field.startswith(b"views:"))

    _wait_until(lambda: pending_views() == 3, seconds=5)
    _manage(env, "refresh_widgets", "--only", "visitors")
    count = _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from news.models import Article; print(Article.all_objects.get().view_count)",
    )
    assert int(count.split()[-1]) == 3, count
    stats = [re.sub(r"\s", "", _get(base + "/thong-ke/truy-cap.json").text) for base in (first, second)]
    assert stats[0] == stats[1]


def test_a_replaced_worker_hands_over_the_views_it_kept(shared_database, tmp_path):
    """A worker replaced after max_requests, and the last one when the server stops, end
    through gunicorn.conf.py's worker_exit (no interpreter teardown): the views each kept
    (an hour's buffer here, so nothing is sent before the end) still reach Redis."""
    _redis_or_skip()
    counters = redis.Redis.from_url(f"{REDIS}/14")
    counters.flushdb()
    env = _seeded_environment(shared_database, tmp_path)
    port, log = _free_port(), tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = _gunicorn(
            env,
            port,
            output,
            GUNICORN_MAX_REQUESTS="3",  # replaced after 3 or 4 requests (jitter 1)
            PORTAL_COUNTER_BUFFER_SECONDS="3600",
            PORTAL_PAGE_CACHE="0",
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until(lambda: _get(base + "/").status == 200, seconds=30)
        readers = [_get(base + ARTICLE, agent=f"{BROWSER} reader-{n}") for n in range(6)]
        assert [page.status for page in readers] == [200] * 6
    finally:
        server.terminate()
        assert server.wait(timeout=20) == 0
    pending = counters.hgetall("halong:stats:pending")
    views = sum(int(count) for field, count in pending.items() if field.startswith(b"views:"))
    counters.flushdb()
    assert log.read_text().count("Booting worker") >= 2  # the first and at least one replacement
    assert views == 6
