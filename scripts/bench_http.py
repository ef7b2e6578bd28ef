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

Prints one markdown table per phase and writes everything to <var-dir>/results/<time>.json,
beside gunicorn's logs. Loopback only; gunicorn is always stopped. Exits with 1 when any
request failed (the figures are printed and written all the same).
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import bench_http_report as report
import bench_http_server as server
import bench_http_site as site

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/halong_bench"
PHASES = {"cached": "1", "uncached": "0"}
PAGE_WEIGHT_TARGET = 60 * report.KB
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
    args = parser.parse_args(argv)
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    if unknown := set(args.phases) - set(PHASES):
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}; known: {', '.join(PHASES)}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
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
    print_summary(record)
    out = results / f"{stamp}.json"
    out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    if record["problems"]:
        print("\nFAILED:\n  " + "\n  ".join(record["problems"]), file=sys.stderr)
        return 1
    return 0


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
    busy = server.cpu_busy()
    print(f"\n{phase} phase (PORTAL_PAGE_CACHE={env['PORTAL_PAGE_CACHE']}), CPU busy before: {busy:.0%}")
    if busy > 0.15:
        print(f"  warning: something else keeps the CPU {busy:.0%} busy: the figures will be low")
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
        "cpu_busy_before": round(busy, 3),
        "rows": rows,
        "deep_pages": deep,
        "page_weight": weight,
        "workers_booted": booted,
    }


def measure(running, scenario, queries, args, files, problems, phase) -> dict:
    """One scenario: its page over loopback (status, sizes), a wrk warm-up, then wrk's run."""
    page = server.page_size(running.port, scenario.path)
    page.pop("body")
    if page["status"] != 200:
        problems.append(f"{phase} {scenario.name}: {scenario.path} answered {page['status']}")
    paths_file = None
    if scenario.paths:
        paths_file = files(f"{scenario.key}.txt")
        paths_file.write_text("\n".join(scenario.paths) + "\n", encoding="utf-8")
    url = running.base + ("" if paths_file else scenario.path)
    settings = {"threads": args.threads, "connections": args.connections, "paths_file": paths_file}
    booted = running.booted_workers()
    warm, _ = server.run_wrk(url, seconds=args.warmup, **settings)
    result, output = server.run_wrk(url, seconds=args.seconds, **settings)
    if warm.errors:
        problems.append(f"{phase} {scenario.name} (warm-up): {describe_errors(warm)}")
    if result.errors:
        problems.append(f"{phase} {scenario.name}: {describe_errors(result)}")
    print(
        f"  {scenario.name:<24} {report.fmt_rps(result.rps):>7} req/s  p50 {report.fmt_ms(result.p50_ms)} ms"
        f"  p99 {report.fmt_ms(result.p99_ms)} ms  errors {result.errors}"
    )
    return {
        "key": scenario.key,
        "name": scenario.name,
        "path": scenario.path,
        "page": page,
        "queries": queries.get(scenario.name, "–"),
        "warmup": warm.as_dict(),
        "wrk": result.as_dict(),
        "workers_booted": running.booted_workers() - booted,
        "wrk_output": output,
    }


def describe_errors(result: report.WrkResult) -> str:
    sockets = ", ".join(f"{k} {v}" for k, v in result.socket_errors.items() if v)
    parts = [f"socket errors: {sockets}"] if sockets else []
    if result.non_2xx_3xx:
        parts.append(f"{result.non_2xx_3xx} non-2xx/3xx answers")
    return f"{'; '.join(parts)} (of {result.requests} requests)"


def deep_pages(running, first, last, args, problems, phase) -> dict:
    """The median of a category's first and last page at one connection, and their ratio."""
    found = {}
    for label, scenario in [("first", first), ("last", last)]:
        result, _ = server.run_wrk(
            running.base + scenario.path, seconds=args.deep_seconds, threads=1, connections=1
        )
        if result.errors:
            problems.append(f"{phase} deep page {scenario.path}: {describe_errors(result)}")
        found[label] = {"path": scenario.path, **result.as_dict()}
    found["ratio"] = round(found["last"]["p50_ms"] / found["first"]["p50_ms"], 2)
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
    busy = server.cpu_busy()
    print(
        f"\nmemory: {args.memory_requests:,} requests of a mixed load, workers never recycled, "
        f"CPU busy before: {busy:.0%}"
    )
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
    with server.gunicorn(env, files("memory-gunicorn.log")) as running:
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
        "cpu_busy_before": round(busy, 3),
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


def print_summary(record: dict) -> None:
    machine = record["machine"]
    print(
        f"\n{record['date'][:10]}, {machine['cores']} cores ({machine['cpu']}), "
        f"PostgreSQL {machine['postgresql']}"
    )
    for phase, data in record["phases"].items():
        static = next((r["wrk"]["rps"] for r in data["rows"] if r["key"] == "static"), None)
        print(
            f"\n{phase} (PORTAL_PAGE_CACHE={data['page_cache']}), workers booted: {data['workers_booted']}, "
            f"CPU busy before: {data['cpu_busy_before']:.0%}\n"
        )
        print(report.markdown_table(report.PHASE_HEADER, report.phase_rows(data["rows"], static)))
        print()
        print(deep_line(data["deep_pages"]))
        for line in weight_lines(data["page_weight"]):
            print(line)
    if "memory" in record:
        print()
        print(memory_line(record["memory"]))


def deep_line(deep: dict) -> str:
    first, last = deep["first"], deep["last"]
    return (
        f"deep pages, one connection: {first['path']} p50 {report.fmt_ms(first['p50_ms'])} ms, "
        f"{last['path']} p50 {report.fmt_ms(last['p50_ms'])} ms: ×{deep['ratio']:.2f}"
    )


def weight_lines(weight: dict) -> list[str]:
    verdict = "within" if weight["within_target"] else "OVER"
    served = "served gzip" if weight["html_served_gzip"] else "sent uncompressed, gzip -6 here"
    parts = [f"HTML {report.fmt_kb(weight['html_gzip_bytes'])} ({served})"]
    for asset in weight["assets"]:
        encoding = asset["content_encoding"] or "identity"
        parts.append(f"{asset['url'].rsplit('/', 1)[-1]} {report.fmt_kb(asset['sent_bytes'])} ({encoding})")
    lines = [
        f"page weight of {weight['path']} without images: {' + '.join(parts)} = "
        f"{report.fmt_kb(weight['total_bytes'])} KB, "
        f"{verdict} the {weight['target_bytes'] // report.KB} KB target"
    ]
    for asset in weight["assets"]:
        lines.append(f"  {asset['url']}: Cache-Control: {asset['cache_control'] or '(none)'}")
    return lines


def memory_line(memory: dict) -> str:
    early = ", ".join(f"{kb / 1024:.0f}" for kb in memory["rss_kb_after_first"].values())
    late = ", ".join(f"{kb / 1024:.0f}" for kb in memory["rss_kb_after_all"].values())
    return (
        f"worker RSS (MB) after {memory['after_first']:,} requests: {early}; after {memory['requests']:,}: "
        f"{late} (master {memory['master_rss_kb'] / 1024:.0f} MB; statuses {memory['statuses']})"
    )


if __name__ == "__main__":
    sys.exit(main())
