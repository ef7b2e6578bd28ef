#!/usr/bin/env python
"""Benchmark: page views counted per second with 16 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halong_bench \\
        .venv/bin/python scripts/benchmark_counters.py [--clients 16] [--seconds 5]

Each client is a process calling ``widgets.counting.record`` as the middleware does for a
reader's page view, as fast as it can, every call a new reader (the worst case: every view
is a new visit and a new article view). Scenarios: all clients on one hot article, or
spread over 200 articles; counts in the database (no Redis) and in Redis (REDIS_URL, default
redis://127.0.0.1:6379/13). The database named by DATABASE_URL gets a scratch test database
beside it (test_<name>, dropped and recreated, dropped again at the end: scripts/scratch.py);
Redis database 13 is emptied. After each run the totals are checked: nothing may be lost.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def client(args):
    run_name, index, slugs, seconds, redis_url, start_at = args
    from django.conf import settings
    from django.db import connections

    from widgets import counter_redis, counting

    connections.close_all()
    settings.PORTAL_COUNTER_REDIS_URL = redis_url
    counter_redis.reset_redis_client()
    while time.time() < start_at:
        time.sleep(0.001)
    done = 0
    deadline = start_at + seconds
    while time.time() < deadline:
        counting.record(f"{run_name}-{index}-{done}", slugs[done % len(slugs)])
        done += 1
    connections.close_all()
    return done


def run(name, clients, seconds, slugs, redis_url):
    from django.db import connections
    from django.db.models import Sum

    from news.models import Article
    from widgets import counter_redis, counting
    from widgets.models import DailyVisits

    connections.close_all()
    start_at = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        counts = pool.map(client, [(name, i, slugs, seconds, redis_url, start_at) for i in range(clients)])
    total = sum(counts)
    if redis_url:
        from django.conf import settings

        settings.PORTAL_COUNTER_REDIS_URL = redis_url
        counter_redis.reset_redis_client()
        counting.flush()
    views = Article.objects.filter(slug__in=slugs).aggregate(n=Sum("view_count"))["n"] or 0
    visits = DailyVisits.objects.aggregate(n=Sum("visits"))["n"] or 0
    status = "exact" if views == visits == total else f"MISMATCH views={views} visits={visits}"
    print(f"{name:<44} {total / seconds:>9,.0f} views/s  ({total:,} counted, totals {status})")
    Article.objects.filter(slug__in=slugs).update(view_count=0)
    DailyVisits.objects.all().delete()
    settings_reset()
    return status == "exact"


def settings_reset():
    from django.conf import settings

    from widgets import counter_redis

    settings.PORTAL_COUNTER_REDIS_URL = ""
    counter_redis.reset_redis_client()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server (a scratch test database is made beside it)."
        )

    scratch.configure("portal-counter-bench-", REDIS_URL="")
    with scratch.scratch_database():
        ok = run_all(args.clients, args.seconds, args.redis)
    if not ok:
        raise SystemExit("Counts were lost.")


def run_all(clients: int, seconds: float, redis_url: str) -> bool:
    """200 articles, then the four runs; whether every run's totals were exact."""
    import redis
    from django.db import connection

    from news.models import Article, Category

    category = Category.objects.create(name="Tin tức")
    Article.objects.bulk_create(
        Article(title=f"Bài {n}", slug=f"bai-{n}", category=category, body="<p>.</p>") for n in range(200)
    )
    slugs = [f"bai-{n}" for n in range(200)]
    redis.Redis.from_url(redis_url).flushdb()
    print(f"PostgreSQL {connection.pg_version // 10000}, {clients} clients, {seconds:g} s each run")
    ok = all(
        [
            run("database, one hot article", clients, seconds, slugs[:1], ""),
            run("database, 200 articles", clients, seconds, slugs, ""),
            run("redis (then flushed), one hot article", clients, seconds, slugs[:1], redis_url),
            run("redis (then flushed), 200 articles", clients, seconds, slugs, redis_url),
        ]
    )
    redis.Redis.from_url(redis_url).flushdb()
    return ok


if __name__ == "__main__":
    main()
