"""Fault tests (``make test-faults``; .ci/run runs them): the portal under gunicorn against a
private PostgreSQL cluster and a private Redis, stopped and started while readers load it.
They need PostgreSQL's server binaries (initdb, pg_ctl) and redis-server: without them they
skip and say so, except in CI, where a missing one is a failure."""

import json
import os
import shutil

import psycopg
import pytest

from .servers import ROOT, Portal, PostgresCluster, RedisServer, postgres_bin


def pytest_collection_modifyitems(config, items):
    missing = [
        name
        for name, found in (
            ("PostgreSQL's initdb", postgres_bin()),
            ("redis-server", shutil.which("redis-server")),
        )
        if not found
    ]
    if not missing or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason=f"{' and '.join(missing)} not found: the fault tests start their own servers"
    )
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def cluster():
    cluster = PostgresCluster().create()
    yield cluster
    cluster.destroy()


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.destroy()


def query(url: str, sql: str, *params):
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def reader_paths(url: str) -> tuple[list[str], dict[str, str]]:
    """Pages of the seeded portal: lists, search, records, and articles (path -> slug)."""
    rows = query(
        url,
        "SELECT c.slug, a.slug FROM news_article a JOIN news_category c ON c.id = a.category_id "
        "WHERE a.status = 'published' AND a.deleted_at IS NULL AND a.published_at <= now() "
        "ORDER BY a.published_at DESC LIMIT 40",
    )
    articles = {f"/tin-tuc/{category}/{slug}/": slug for category, slug in rows}
    lists = [
        "/",
        "/tin-tuc/",
        "/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B",
        "/hoi-nghi/",
        "/van-ban/",
        "/lich-cong-tac/",
    ]
    return lists + list(articles), articles


@pytest.fixture
def portal_factory():
    started = []

    def start(database_url: str, **environ) -> Portal:
        portal = Portal(database_url, **environ)
        started.append(portal)
        portal.prepare()
        portal.start()
        return portal

    yield start
    for portal in started:
        portal.destroy()


def portal_on_redis(portal_factory, cluster, redis_server, cache_db: int) -> Portal:
    """The portal with its cache in Redis database ``cache_db`` and its counters in the next."""
    return portal_factory(
        cluster.url,
        REDIS_URL=f"{redis_server.url}/{cache_db}",
        PORTAL_COUNTER_REDIS_URL=f"{redis_server.url}/{cache_db + 1}",
    )


def counts(url: str) -> tuple[int, dict[str, int]]:
    """Visits counted so far, and each article's views."""
    visits = int(query(url, "SELECT coalesce(sum(visits), 0) FROM widgets_dailyvisits")[0][0])
    views = dict(query(url, "SELECT slug, view_count FROM news_article"))
    return visits, views


def report(name: str, figures: dict, capsys) -> None:
    """Print a test's figures and keep them in test-artifacts/faults/<name>.json."""
    folder = ROOT / "test-artifacts" / "faults"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    with capsys.disabled():
        print(f"\n{name}: {json.dumps(figures, ensure_ascii=False)}")
