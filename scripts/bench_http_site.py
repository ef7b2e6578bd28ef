"""The HTTP benchmark's portal side: the database at portal scale, the environment gunicorn
runs in, and, in-process through Django, the pages to request and their queries.

The database is built once and reused (seeding 100,000 articles takes minutes): only a missing
database is created, and a smaller one is rebuilt only when asked (--rebuild).
"""

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import bench_http_report as report
from bench_http_server import CHROME

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
BENCH_KEY = "bench-key-not-secret"
CACHE_REDIS = "redis://127.0.0.1:6379/5"
COUNTER_REDIS = "redis://127.0.0.1:6379/6"
SEED = {"meetings": 400, "album_photos": 40}
# Dropped from the environment passed on: a benchmark runs production settings, whatever
# the shell that started it had set.
DROPPED = ("DJANGO_DEBUG", "PORTAL_DEMO", "PORTAL_TESTING", "PYTEST_VERSION", "PORTAL_PAGE_CACHE")


@dataclass
class Scenario:
    key: str  # stable, for the JSON and for finding a scenario again
    name: str
    path: str  # the page, or the first of ``paths``
    paths: list[str] | None = None  # several pages in turn (wrk's rotate.lua)
    note: str = ""
    # First readings only: each run and each warm-up takes pages of ``paths`` no run took
    # before (``take``), so that no request finds its page in a cache or in PostgreSQL's buffers.
    fresh: bool = False
    taken: int = 0

    def take(self, count: int) -> tuple[list[str], bool]:
        """The next ``count`` pages of a fresh scenario's pool, and whether they are all
        unread (false when the pool ran out and starts again from its beginning)."""
        pool = self.paths or [self.path]
        picked = [pool[(self.taken + n) % len(pool)] for n in range(count)]
        self.taken += count
        return picked, self.taken <= len(pool)


def environment(database_url: str, var_dir: Path, **extra: str) -> dict:
    """Production settings on the bench's database, Redis databases and folders."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in DROPPED and not name.startswith("GUNICORN_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="halong_portal.settings",
        DJANGO_SECRET_KEY=BENCH_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=CACHE_REDIS,
        PORTAL_COUNTER_REDIS_URL=COUNTER_REDIS,
        PORTAL_VAR_DIR=str(var_dir),
        DJANGO_STATIC_ROOT=str(var_dir / "static"),
        MEDIA_ROOT=str(var_dir / "media"),
        PRIVATE_MEDIA_ROOT=str(var_dir / "private"),
        WIDGETS_BACKGROUND_REFRESH="0",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
    )
    env.update(extra)
    return env


def _connect(url: str, dbname: str | None = None):
    import psycopg

    if dbname:
        url = urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))
    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def article_count(url: str) -> int | None:
    """Articles in the database; None when there is no such database or no table yet."""
    import psycopg

    try:
        with _connect(url) as connection:
            return connection.execute("SELECT count(*) FROM news_article").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return None
    except psycopg.OperationalError as error:
        if "does not exist" in str(error):
            return None
        raise


def ensure_database(url: str, articles: int, env: dict, *, rebuild: bool) -> dict:
    """Reuse the database when it holds ``articles``; otherwise create, migrate and seed it."""
    if not urlsplit(url).scheme.startswith("postgres"):
        raise SystemExit(f"The HTTP benchmark needs PostgreSQL, not {url}")
    found = article_count(url)
    if found is not None and found >= articles:
        print(f"database: reusing {database_name(url)} ({found:,} articles)")
        _bring_up_to_date(url, env)
        return {"reused": True, "articles": found}
    if found is not None and not rebuild:
        raise SystemExit(
            f"{database_name(url)} holds {found:,} articles, fewer than {articles:,}. "
            "Pass --rebuild to drop and seed it again, or another --database-url."
        )
    with _connect(url, "postgres") as connection:
        if found is not None:
            connection.execute(f'DROP DATABASE "{database_name(url)}" WITH (FORCE)')
        if found is not None or not _exists(connection, database_name(url)):
            connection.execute(f'CREATE DATABASE "{database_name(url)}"')
    seed_env = {**env, "PORTAL_DEMO": "1"}
    print(f"database: migrating and seeding {database_name(url)} with {articles:,} articles (minutes)…")
    for command, timeout in [
        (["migrate", "--noinput"], 1800),
        (
            ["seed_demo", "--articles", str(articles), "--meetings", str(SEED["meetings"]),
             "--album-photos", str(SEED["album_photos"])],
            7200,
        ),
    ]:  # fmt: skip
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=seed_env, check=True, timeout=timeout)
    return {"reused": False, "articles": article_count(url)}


def _bring_up_to_date(url: str, env: dict) -> None:
    """A database seeded by an earlier version of the code, brought to this one as a
    deployment would: its migrations, and the linked texts kept (``link_records``) if it
    has none yet."""
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, timeout=1800)
    with _connect(url) as connection:
        kept = connection.execute("SELECT EXISTS (SELECT 1 FROM meetings_linkedtext)").fetchone()[0]
    if not kept:
        print("database: keeping the linked texts of every article and meeting (link_records, minutes)…")
        subprocess.run([PYTHON, "manage.py", "link_records"], cwd=ROOT, env=env, check=True, timeout=7200)


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _exists(connection, name: str) -> bool:
    return bool(connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def setup_django(env: dict) -> None:
    """Django in this process, on the same settings as gunicorn (the page cache off)."""
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def collect_static() -> str:
    """collectstatic into the bench's static root; the hashed URL of the site's stylesheet."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    staticfiles_storage.load_manifest()
    return staticfiles_storage.url("css/site.css")


def scenarios(long_tail: int, static_url: str, seed: int = 2026) -> list[Scenario]:
    """The pages measured, found in the database."""
    category, pages = _largest_category()
    document = _document()
    symbol = quote(document.symbol, safe="")
    return [
        Scenario("home", "home", "/"),
        Scenario("category_first", "category p.1", category.get_absolute_url(), note=category.name),
        Scenario(
            "category_last",
            f"category p.{pages}",
            f"{category.get_absolute_url()}?trang={pages}",
            note=category.name,
        ),
        Scenario("hot_article", "hot article", _hot_article()),
        _long_tail(long_tail, seed),
        _first_readings(long_tail, seed),
        _meeting(),
        Scenario("schedule", "schedule", "/lich-cong-tac/"),
        Scenario(
            "documents",
            "documents filtered",
            f"/van-ban/?loai={document.kind}&co-quan={document.issuer.slug}",
            note=f"{document.kind}, {document.issuer.name}",
        ),
        Scenario("search_phrase", "search 'hội nghị'", "/tim-kiem/?q=" + quote("hội nghị")),
        Scenario("search_number", f"search {document.symbol}", f"/tim-kiem/?q={symbol}"),
        Scenario("sitemap", "sitemap index", "/sitemap.xml"),
        Scenario("static", "static site.css", static_url, note="the ceiling"),
    ]


def _largest_category():
    """The category with the most public articles (its subcategories' included), and its pages."""
    from news.models import Article, Category
    from portal.paging import PAGE_SIZE

    public = Article.objects.public()
    sized = [(public.filter(category_id__in=c.subtree_ids()).count(), c) for c in Category.objects.all()]
    count, category = max(sized, key=lambda pair: pair[0])
    return category, max(1, -(-count // PAGE_SIZE))


def _hot_article() -> str:
    from news.models import Article

    return Article.objects.public().newest().select_related("category").first().get_absolute_url()


def _long_tail(count: int, seed: int) -> Scenario:
    """``count`` public articles picked at random (the same ones for a seed), in random order."""
    from news.models import Article

    ids = list(Article.objects.public().values_list("id", flat=True))
    picked = random.Random(seed).sample(sorted(ids), min(count, len(ids)))
    articles = Article.objects.filter(id__in=picked).select_related("category").only("slug", "category__slug")
    by_id = {article.id: article.get_absolute_url() for article in articles}
    paths = [by_id[pk] for pk in picked]
    return Scenario(
        "long_tail", f"long tail ({len(paths):,})", paths[0], paths=paths, note="random public articles"
    )


def _first_readings(long_tail: int, seed: int) -> Scenario:
    """Every public article outside the long tail, in random order: the pool of a fresh
    scenario, in which no article is read twice (the long tail's 3,000 come round again
    within a run at a few hundred requests a second, and a second reading finds the first's
    work kept for two minutes)."""
    from news.models import Article

    public = Article.objects.public().select_related("category").only("slug", "category__slug")
    by_id = {article.id: article.get_absolute_url() for article in public.iterator(chunk_size=5000)}
    ids = sorted(by_id)
    tail = set(random.Random(seed).sample(ids, min(long_tail, len(ids))))  # as _long_tail picks
    rest = [pk for pk in ids if pk not in tail]
    random.Random(seed + 1).shuffle(rest)
    paths = [by_id[pk] for pk in rest]
    return Scenario(
        "first_readings",
        f"first readings ({len(paths):,})",
        paths[0],
        paths=paths,
        note="random public articles, none read twice",
        fresh=True,
    )


def _meeting() -> Scenario:
    """The public meeting with the most photos (the seeded albums have 40)."""
    from django.db.models import Count

    from meetings.models import Meeting

    meeting = Meeting.objects.public().annotate(n=Count("photos")).order_by("-n", "pk").first()
    return Scenario("meeting", f"meeting ({meeting.n} photos)", meeting.get_absolute_url())


def _document():
    """A public Party resolution (21-NQ/TU in the demo), else any public document."""
    from meetings.models import Document

    public = Document.objects.public().select_related("issuer")
    return public.filter(kind="NQ", number=21).first() or public.first()


def count_queries(items: list[Scenario], sample: int = 20) -> dict[str, str]:
    """Queries per request, in-process, the page cache off: one request after a warm-up each.

    For a list of pages (the long tail), the first ``sample`` of them, each read for the
    first time after a warm-up on another page of the list, as wrk reads them ("7" or "7–8"
    when they differ).
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=CHROME)
    found = {}
    for scenario in items:
        counts = []
        paths = (scenario.paths or [scenario.path])[:sample]
        if scenario.fresh:  # from the end of the pool: the runs take it from its beginning
            paths = scenario.paths[-sample:]
        client.get(scenario.paths[-sample - 1] if scenario.paths else scenario.path)
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{scenario.name}: {path} answered {status} in-process")
            counts.append(len(queries))
        found[scenario.name] = report.query_span(counts)
    connection.close()
    return found
