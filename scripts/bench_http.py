#!/usr/bin/env python
"""HTTP benchmark: the portal under gunicorn, driven by wrk, against the static-file ceiling.

    .venv/bin/python scripts/bench_http.py [--seconds 10] [--var-dir var/bench]
        [--database-url postgres://postgres@127.0.0.1:5432/halong_bench] [--phases cached,uncached]

Builds (or reuses) a PostgreSQL database at portal scale (100,000 articles, 400 meetings, 40
photos in each seeded album), collects the static files into the var dir, then starts gunicorn
with production settings (2 sync workers, Redis cache and counters, no debug, no demo app) on a
free loopback port, once with PORTAL_PAGE_CACHE=1 ("cached") and once with 0 ("uncached").
In each phase wrk drives every page for --seconds (after a 2 s warm-up) with 2 threads and 16
connections, as a desktop Chrome asking for gzip, so visits are counted as for readers. Per
page: req/s, p50 and p99, errors, req/s as a share of a hashed static file's (the ceiling),
queries per request (in-process, page cache off), the page's size plain and gzipped. Also: the
median at one connection of a category's first and last page; an article's page weight
(gzip HTML + the CSS and JS it links) and the static files' Cache-Control; the workers'
memory (VmRSS) after 1,000 and 20,000 requests of a mixed load, workers never recycled.

The machine may be shared: before each phase the script waits for other processes to leave
the CPU (--quiet-wait seconds in all), measures a page again when they took over
--max-other-cpu of it (--retries), and reports the share they took (bench_http_monitor.py).

Prints one markdown table per phase and writes everything to <var-dir>/results/<time>.json,
beside gunicorn's logs. Loopback only; gunicorn is always stopped. Exits with 1 when any
request failed (the figures are printed and written all the same).
"""

import argparse
import json
import os
import platform
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import bench_http_monitor as monitor
import bench_http_report as report
import bench_http_server as server
import bench_http_site as site

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/halong_bench"
PHASES = {"cached": "1", "uncached": "0"}
PAGE_WEIGHT_TARGET = 60 * report.KB
# Pages a second a fresh scenario's list holds (more than 2 workers serve of a first reading).
FRESH_PER_SECOND = 2000
ONE_YEAR = 31_536_000


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE), help="PostgreSQL"
    )
    parser.add_argument("--var-dir", type=Path, default=ROOT / "var" / "bench", help="media, static, results")
    parser.add_argument("--articles", type=int, default=100_000, help="articles the database must hold")
    parser.add_argument("--rebuild", action="store_true", help="drop and reseed a database with fewer")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of wrk before each run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--deep-seconds", type=int, default=5, help="one connection on the category pages")
    parser.add_argument("--long-tail", type=int, default=3000, help="random articles in rotation")
    parser.add_argument("--memory-requests", type=int, default=20_000, help="mixed load (0: skip)")
    parser.add_argument("--phases", default="cached,uncached", help="which phases, in order")
    parser.add_argument(
        "--max-other-cpu", type=float, default=0.1, help="share of the CPU others may take during a run"
    )
    parser.add_argument("--retries", type=int, default=2, help="runs measured again when others took more")
    parser.add_argument(
        "--quiet-wait", type=int, default=900, help="seconds to wait for a quiet machine, in all"
    )
    args = parser.parse_args(argv)
    args.patience = float(args.quiet_wait)
    args.postgres_port = urlsplit(args.database_url).port or 5432
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if unknown := set(args.phases) - set(PHASES):
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}; known: {', '.join(PHASES)}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    # `timeout` or a CI runner stops with TERM: unwind, so that gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server.wrk_binary()  # before minutes of set-up
    var_dir = args.var_dir.resolve()
    results = var_dir / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    env = site.environment(args.database_url, var_dir)
    database = site.ensure_database(args.database_url, args.articles, env, rebuild=args.rebuild)
    site.setup_django({**env, "PORTAL_PAGE_CACHE": "0"})
    items = site.scenarios(args.long_tail, site.collect_static())
    print("queries per request (in-process, page cache off)…")
    queries = site.count_queries(items)
    files = Files(results, stamp)
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["scripts/bench_http.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "database": {**database, "url": args.database_url},
        "scenarios": [{"key": s.key, "name": s.name, "path": s.path, "note": s.note} for s in items],
        "queries": queries,
        "phases": {},
        "problems": [],
    }
    for phase in args.phases:
        phase_env = {**env, "PORTAL_PAGE_CACHE": PHASES[phase]}
        record["phases"][phase] = run_phase(phase, phase_env, items, queries, args, files, record["problems"])
    if args.memory_requests:
        record["memory"] = run_memory(env, items, args, files, record["problems"])
    record["noisy"] = noisy_runs(record, args.max_other_cpu)
    print("\n" + "\n".join(report.summary_lines(record)))
    out = results / f"{stamp}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    if record["noisy"]:
        print("\nmeasured while other processes were busy:\n  " + "\n  ".join(record["noisy"]))
    if record["problems"]:
        print("\nFAILED:\n  " + "\n  ".join(record["problems"]), file=sys.stderr)
        return 1
    return 0


def noisy_runs(record: dict, limit: float) -> list[str]:
    """The runs other processes disturbed more than ``limit`` even after the retries."""
    return [
        f"{phase} {row['name']}: other processes took {row['other_cpu']:.0%} of the CPU"
        for phase, data in record["phases"].items()
        for row in data["rows"]
        if row["other_cpu"] > limit
    ]


class Files:
    """Where a run's files go: <results>/<stamp>-<what>."""

    def __init__(self, results: Path, stamp: str):
        self.results, self.stamp = results, stamp

    def __call__(self, what: str) -> Path:
        return self.results / f"{self.stamp}-{what}"


def machine() -> dict:
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    wrk = subprocess.run([server.wrk_binary(), "--version"], capture_output=True, text=True, timeout=10)
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": report.cpu_model(cpuinfo),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": (wrk.stdout or wrk.stderr).split("\n", 1)[0].split(" Copyright")[0],
    }


def run_phase(phase, env, items, queries, args, files, problems) -> dict:
    """gunicorn in one page-cache setting: every scenario, the deep pages, the page weight."""
    print(f"\n{phase} phase (PORTAL_PAGE_CACHE={env['PORTAL_PAGE_CACHE']})")
    quiet(args)
    server.flush_redis(site.CACHE_REDIS, site.COUNTER_REDIS)
    env = {**env, "GUNICORN_ACCESS_LOG": str(files(f"{phase}-access.log"))}
    with server.gunicorn(env, files(f"{phase}-gunicorn.log")) as running:
        rows = [measure(running, s, queries, args, files, problems, phase) for s in items]
        by_key = dict(zip([s.key for s in items], items, strict=True))
        deep = deep_pages(running, by_key["category_first"], by_key["category_last"], args, problems, phase)
        weight = page_weight(running, by_key["hot_article"].path)
        booted = running.booted_workers()
    return {
        "page_cache": env["PORTAL_PAGE_CACHE"],
        "rows": rows,
        "deep_pages": deep,
        "page_weight": weight,
        "workers_booted": booted,
    }


def quiet(args) -> bool:
    """Wait for other processes to leave the CPU alone (a shared machine: tests, builds), out
    of --quiet-wait seconds for the whole run; whether they did."""
    waited, calm = monitor.wait_until_quiet(
        args.patience, args.max_other_cpu, postgres_port=args.postgres_port
    )
    args.patience = max(0.0, args.patience - waited)
    if waited > 5 or not calm:
        state = "quiet" if calm else f"still busy, measuring anyway ({args.patience:.0f}s of patience left)"
        print(f"  waited {waited:.0f}s for other processes to leave the CPU: {state}")
    return calm


def measure(running, scenario, queries, args, files, problems, phase) -> dict:
    """One scenario: its page over loopback (status, sizes), a wrk warm-up, then wrk's run."""
    page = server.page_size(running.port, scenario.path)
    page.pop("body")
    if page["status"] != 200:
        problems.append(f"{phase} {scenario.name}: {scenario.path} answered {page['status']}")
    url = running.base + ("" if scenario.paths else scenario.path)
    booted = running.booted_workers()
    run = wrk_quietly(url, scenario.name, args, paths=path_files(scenario, files, phase, args, problems))
    for label, result in [(" (warm-up)", run["warmup"]), ("", run["result"])]:
        if result and (result.errors or not result.requests):
            problems.append(f"{phase} {scenario.name}{label}: {describe_errors(result)}")
    result = run["result"]
    print(
        f"  {scenario.name:<24} {report.fmt_rps(result.rps):>7} req/s  p50 {report.fmt_ms(result.p50_ms)} ms"
        f"  p99 {report.fmt_ms(result.p99_ms)} ms  errors {result.errors}  other CPU {run['other_cpu']:.0%}"
    )
    return {
        "key": scenario.key,
        "name": scenario.name,
        "path": scenario.path,
        "page": page,
        "queries": queries.get(scenario.name, "–"),
        "warmup": run["warmup"].as_dict(),
        "wrk": result.as_dict(),
        "workers_booted": running.booted_workers() - booted,
        "other_cpu": round(run["other_cpu"], 3),
        "attempts": run["attempts"],
        "wrk_output": run["output"],
    }


def path_files(scenario, files, phase, args, problems):
    """For a scenario of several pages, what gives each attempt its lists of paths (warm-up,
    run): the same list every time, or for a fresh scenario pages no run read before, as
    many as the fastest run could ask for (FRESH_PER_SECOND)."""
    if not scenario.paths:
        return None
    if not scenario.fresh:
        every = files(f"{scenario.key}.txt")
        every.write_text("\n".join(scenario.paths) + "\n", encoding="utf-8")
        return lambda: (every, every)

    def fresh():
        lists = []
        for part, seconds in (("warmup", args.warmup), ("run", args.seconds)):
            paths, unread = scenario.take(seconds * FRESH_PER_SECOND)
            if not unread:
                problems.append(f"{phase} {scenario.name}: the pool ran out; some pages were read again")
            lists.append(files(f"{phase}-{scenario.key}-{part}-{scenario.taken}.txt"))
            lists[-1].write_text("\n".join(paths) + "\n", encoding="utf-8")
        return tuple(lists)

    return fresh


def wrk_quietly(url, name, args, *, paths=None, threads=None, connections=None, seconds=None) -> dict:
    """A warm-up (unless at one connection) and wrk's run, measured again (up to --retries
    times, once the machine is quiet) when other processes took over --max-other-cpu.
    ``paths``: what gives each attempt its warm-up's and run's lists (``path_files``)."""
    threads, connections = threads or args.threads, connections or args.connections
    settings = {"threads": threads, "connections": connections}
    for attempt in range(1, args.retries + 2):
        warm = None
        warm_paths, run_paths = paths() if paths else (None, None)
        with monitor.ForeignCpu(args.postgres_port) as other:
            if connections > 1:
                warm, _ = server.run_wrk(url, seconds=args.warmup, paths_file=warm_paths, **settings)
            result, output = server.run_wrk(
                url, seconds=seconds or args.seconds, paths_file=run_paths, **settings
            )
        if other.share <= args.max_other_cpu or attempt > args.retries:
            break
        print(f"  {name}: other processes took {other.share:.0%} of the CPU; measuring again when quiet")
        if not quiet(args):
            break
    return {"warmup": warm, "result": result, "output": output, "other_cpu": other.share, "attempts": attempt}


def describe_errors(result: report.WrkResult) -> str:
    if not result.requests:
        return "no request completed"
    sockets = ", ".join(f"{k} {v}" for k, v in result.socket_errors.items() if v)
    parts = [f"socket errors: {sockets}"] if sockets else []
    if result.non_2xx_3xx:
        parts.append(f"{result.non_2xx_3xx} non-2xx/3xx answers")
    return f"{'; '.join(parts)} (of {result.requests} requests)"


def deep_pages(running, first, last, args, problems, phase) -> dict:
    """The median of a category's first and last page at one connection, and their ratio."""
    found = {}
    for label, scenario in [("first", first), ("last", last)]:
        url = running.base + scenario.path
        run = wrk_quietly(url, scenario.name, args, threads=1, connections=1, seconds=args.deep_seconds)
        result = run["result"]
        if result.errors or not result.requests:
            problems.append(f"{phase} deep page {scenario.path}: {describe_errors(result)}")
        found[label] = {"path": scenario.path, **result.as_dict(), "other_cpu": round(run["other_cpu"], 3)}
    first_p50 = found["first"]["p50_ms"]
    found["ratio"] = round(found["last"]["p50_ms"] / first_p50, 2) if first_p50 else None
    return found


def page_weight(running, article_path: str) -> dict:
    """An article's bytes without images: gzip HTML + the CSS and JS it links, as served."""
    page = server.page_size(running.port, article_path)
    assets = []
    for url in report.linked_assets(page["body"].decode("utf-8", errors="replace")):
        answer = server.get(running.port, url)
        assets.append(
            {
                "url": url,
                "status": answer.status,
                "sent_bytes": len(answer.body),
                "content_encoding": answer.headers.get("content-encoding", ""),
                "cache_control": answer.headers.get("cache-control", ""),
                "long_lived": long_lived(answer.headers.get("cache-control", "")),
            }
        )
    total = page["gzip_bytes"] + sum(a["sent_bytes"] for a in assets)
    return {
        "path": article_path,
        "html_raw_bytes": page["raw_bytes"],
        "html_gzip_bytes": page["gzip_bytes"],
        "html_served_gzip": page["served_gzip"],
        "html_cache_control": page["cache_control"],
        "assets": assets,
        "total_bytes": total,
        "target_bytes": PAGE_WEIGHT_TARGET,
        "within_target": total <= PAGE_WEIGHT_TARGET,
    }


def long_lived(cache_control: str) -> bool:
    """A year or more, and immutable: what a hashed file name allows."""
    age = re.search(r"max-age=(\d+)", cache_control)
    return bool(age) and int(age[1]) >= ONE_YEAR and "immutable" in cache_control


def run_memory(env, items, args, files, problems) -> dict:
    """Workers' VmRSS after 1,000 and after --memory-requests requests of a mixed load."""
    print(f"\nmemory: {args.memory_requests:,} requests of a mixed load, workers never recycled")
    quiet(args)
    others = [s.path for s in items if not s.paths and s.key != "static"]
    paths = report.mixed_paths(next(s.paths for s in items if s.paths), others)
    env = {
        **env,
        "PORTAL_PAGE_CACHE": "0",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": str(files("memory-access.log")),
    }
    server.flush_redis(site.CACHE_REDIS, site.COUNTER_REDIS)
    first = min(1000, args.memory_requests)
    with (
        server.gunicorn(env, files("memory-gunicorn.log")) as running,
        monitor.ForeignCpu(args.postgres_port) as other,
    ):
        master = running.process.pid
        statuses = server.drive(running.port, paths, first)
        early = {pid: server.rss_kb(pid) for pid in running.worker_pids()}
        statuses += server.drive(running.port, paths, args.memory_requests - first, start=first)
        late = {pid: server.rss_kb(pid) for pid in running.worker_pids()}
        master_kb = server.rss_kb(master)
        booted = running.booted_workers()
    failed = {str(k): v for k, v in statuses.items() if k != 200}
    if failed:
        problems.append(f"memory run: answers other than 200: {failed}")
    if set(early) != set(late):
        problems.append(f"memory run: workers changed ({sorted(early)} → {sorted(late)})")
    return {
        "other_cpu": round(other.share, 3),
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in statuses.items()},
        "mixed_paths": len(paths),
        "page_cache": "0",
        "after_first": first,
        "rss_kb_after_first": early,
        "rss_kb_after_all": late,
        "master_rss_kb": master_kb,
        "workers_booted": booted,
    }


if __name__ == "__main__":
    sys.exit(main())
