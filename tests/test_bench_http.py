"""The HTTP benchmark's pure helpers (scripts/bench_http_report.py): wrk's output read right,
the tables, the assets a page links. No wrk, no gunicorn, no network here."""

import importlib
import importlib.util
import os
import types
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_http_report.py"
_spec = importlib.util.spec_from_file_location("bench_http_report", SCRIPT)
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)

WRK_CLEAN = """\
Running 10s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    38.27ms   12.04ms 181.55ms   80.11%
    Req/Sec   210.33     31.87   280.00     71.50%
  Latency Distribution
     50%   36.12ms
     75%   42.70ms
     90%   51.33ms
     99%   88.41ms
  4196 requests in 10.01s, 157.48MB read
Requests/sec:    419.17
Transfer/sec:     15.73MB
"""

WRK_ERRORS = """\
Running 10s test @ http://127.0.0.1:40123/tin-tuc/xay-dung-dang/?trang=1820
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   402.11ms   1.99s    64.00%
    Req/Sec     7.10      4.02    20.00     70.00%
  Latency Distribution
     50%    1.18s
     75%    1.52s
     90%    1.80s
     99%    1.98s
  118 requests in 10.02s, 1.94MB read
  Socket errors: connect 0, read 0, write 0, timeout 9
  Non-2xx or 3xx responses: 2
Requests/sec:     11.78
Transfer/sec:    198.27KB
"""

REPORT_LINE = (
    'BENCH_JSON {"requests": 4196, "duration_us": 10010245, "bytes": 165130000, "connect": 0, '
    '"read": 0, "write": 0, "status": 0, "timeout": 0, "p50_us": 36117, "p90_us": 51329, '
    '"p99_us": 88406, "max_us": 181550, "mean_us": 38270.4}\n'
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("421.00us", 0.000421), ("3.92ms", 0.00392), ("1.02s", 1.02), ("1.50m", 90.0)],
)
def test_wrk_durations_are_read_in_every_unit(text, seconds):
    """wrk switches units with the size of a figure; all of them come out in seconds."""
    assert report.to_seconds(text) == pytest.approx(seconds)


@pytest.mark.parametrize(("text", "size"), [("512.00B", 512), ("198.27KB", 203_028), ("1.94MB", 2_034_237)])
def test_wrk_sizes_are_read_in_powers_of_1024(text, size):
    """wrk's KB and MB are 1024 and 1024²."""
    assert report.to_bytes(text) == size


def test_a_clean_run_gives_rate_percentiles_and_no_errors():
    """The summary, the rate and the latency distribution of wrk --latency, in milliseconds."""
    result = report.parse_wrk(WRK_CLEAN)
    assert result.requests == 4196
    assert result.rps == pytest.approx(419.17)
    assert result.p50_ms == pytest.approx(36.12)
    assert result.p99_ms == pytest.approx(88.41)
    assert result.percentiles["75"] == pytest.approx(42.70)
    assert result.errors == 0
    assert not result.exact


def test_socket_errors_and_non_2xx_answers_are_counted_as_errors():
    """Timeouts and answers other than 2xx/3xx are what makes a run fail: none is lost."""
    result = report.parse_wrk(WRK_ERRORS)
    assert result.socket_errors == {"connect": 0, "read": 0, "write": 0, "timeout": 9}
    assert result.non_2xx_3xx == 2
    assert result.errors == 11
    assert result.p50_ms == pytest.approx(1180.0)


def test_the_lua_report_line_gives_exact_figures():
    """report.lua's microseconds replace wrk's rounded figures."""
    result = report.parse_wrk(WRK_CLEAN + REPORT_LINE)
    assert result.exact
    assert result.p50_ms == pytest.approx(36.117)
    assert result.p99_ms == pytest.approx(88.406)
    assert result.rps == pytest.approx(4196 / 10.010245)
    assert result.bytes_per_response == pytest.approx(165_130_000 / 4196)


def test_output_without_a_summary_is_an_error_not_zeroes():
    """A wrk that could not connect prints no summary: that is reported, not read as 0 req/s."""
    with pytest.raises(ValueError, match="no summary"):
        report.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_a_markdown_table_aligns_its_columns():
    """Names left, figures right, every row as wide as the widest cell."""
    table = report.markdown_table(["scenario", "req/s"], [["home", "419"], ["static site.css", "2,310"]])
    assert table.splitlines() == [
        "| scenario        | req/s |",
        "| --------------- | ----: |",
        "| home            |   419 |",
        "| static site.css | 2,310 |",
    ]


def test_phase_rows_show_each_page_against_the_static_ceiling():
    """A row per scenario: rate, latencies, share of the static file's rate, sizes in KB."""
    wrk = report.parse_wrk(WRK_CLEAN).as_dict()
    row = {
        "name": "home",
        "wrk": wrk,
        "queries": 5,
        "page": {"raw_bytes": 38_810, "gzip_bytes": 7_168},
        "workers_booted": 0,
        "other_cpu": 0.031,
    }
    [cells] = report.phase_rows([row], static_rps=2000.0)
    assert dict(zip(report.PHASE_HEADER, cells, strict=True)) == {
        "scenario": "home",
        "req/s": "419",
        "p50 ms": "36.1",
        "p99 ms": "88.4",
        "of static": "21 %",
        "errors": "0",
        "queries": "5",
        "body KB": "37.9",
        "gzip KB": "7.0",
        "sent KB": "38.4",
        "restarts": "0",
        "other CPU": "3 %",
    }


@pytest.mark.parametrize(("value", "text"), [(2310.4, "2,310"), (41.26, "41.3"), (0.0, "0.0")])
def test_rates_keep_a_decimal_only_when_small(value, text):
    """Hundreds of requests a second need no decimals; a slow page's 4.5 req/s does."""
    assert report.fmt_rps(value) == text


def test_query_counts_of_several_pages_show_their_span():
    """Long-tail articles are sampled: one count when they agree, the range when not."""
    assert report.query_span([7, 7, 7]) == "7"
    assert report.query_span([8, 7, 9]) == "7–9"


def test_the_mixed_load_slips_the_other_pages_into_the_long_tail():
    """Every ``every`` long-tail paths, the next of the other pages, in turn."""
    mixed = report.mixed_paths(["/a1", "/a2", "/a3", "/a4"], ["/", "/lich-cong-tac/"], every=2)
    assert mixed == ["/a1", "/a2", "/", "/a3", "/a4", "/lich-cong-tac/"]


def test_linked_assets_are_the_stylesheets_and_scripts_once_each():
    """Icons and images are not part of the page weight; a script linked twice counts once."""
    html = """<html><head>
      <link rel="stylesheet" href="/static/css/site.5bd7.css">
      <link rel="icon" href="/static/img/emblem.1a2b.svg" type="image/svg+xml">
      <link rel="alternate" type="application/rss+xml" href="/rss/">
      <script src="/static/js/site.dc95.js"></script>
    </head><body><img src="/media/a.webp"><script src="/static/js/site.dc95.js"></script>
      <script>inline()</script></body></html>"""
    assert report.linked_assets(html) == ["/static/css/site.5bd7.css", "/static/js/site.dc95.js"]


def test_cpu_model_and_resident_memory_are_read_from_proc():
    """The machine's processor for the record, a worker's VmRSS for the memory run."""
    cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"
    assert report.cpu_model(cpuinfo) == "AMD EPYC 7B13"
    assert report.cpu_model("processor\t: 0\n") == "unknown"
    assert report.vm_rss_kb("Name:\tgunicorn\nVmHWM:\t  120000 kB\nVmRSS:\t  113664 kB\n") == 113_664


def test_the_page_weight_adds_the_compressed_html_and_what_it_links():
    """One line with the sum against the target, then each asset's Cache-Control."""
    weight = {
        "path": "/tin-tuc/a/b/",
        "html_gzip_bytes": 7_066,
        "html_served_gzip": False,
        "assets": [
            {
                "url": "/static/css/site.5bd7.css",
                "sent_bytes": 6_963,
                "content_encoding": "gzip",
                "cache_control": "max-age=315360000, public, immutable",
            }
        ],
        "total_bytes": 14_029,
        "target_bytes": 60 * 1024,
        "within_target": True,
    }
    assert report.weight_lines(weight) == [
        "page weight of /tin-tuc/a/b/ without images, KB: HTML 6.9 (sent uncompressed; gzip -6 here)"
        " + site.5bd7.css 6.8 (gzip) = 13.7, within the 60 KB target",
        "  /static/css/site.5bd7.css: Cache-Control: max-age=315360000, public, immutable",
    ]


def test_deep_pages_without_an_answer_have_no_ratio():
    """A last page that never answered within wrk's timeout is said so, not shown as ×0."""
    deep = {
        "first": {"path": "/tin-tuc/x/", "p50_ms": 40.0},
        "last": {"path": "/tin-tuc/x/?trang=1820", "p50_ms": 0.0},
        "ratio": None,
    }
    assert report.deep_line(deep).endswith("no ratio (no request completed)")
    deep.update(last={"path": "/tin-tuc/x/?trang=1820", "p50_ms": 130.0}, ratio=3.25)
    assert report.deep_line(deep).endswith("p50 130.0 ms: ×3.25")


def _load_monitor():
    spec = importlib.util.spec_from_file_location(
        "bench_http_monitor", SCRIPT.with_name("bench_http_monitor.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_otherprocesses_cpu_time_is_counted(monkeypatch):
    """The benchmark's children, the backends of their connections, Redis and kernel threads
    are not "others"; a test suite started meanwhile is, with all the time it has used, and so
    is someone else's query, on whatever database."""
    monitor = _load_monitor()
    me = os.getpid()
    tables = iter(
        [
            {
                me: (1, 0, 0, "python"),
                10: (me, 0, 5, "gunicorn"),
                20: (1, 100, 5, "postgres"),
                21: (1, 100, 5, "postgres"),
            },
            {
                me: (1, 50, 0, "python"),
                10: (me, 400, 5, "gunicorn"),  # ours: a child
                11: (10, 300, 9, "gunicorn"),  # ours: a grandchild, started meanwhile
                20: (1, 130, 5, "postgres"),  # someone else's backend: 30 ticks
                21: (1, 900, 5, "postgres"),  # the backend of a worker's connection
                30: (1, 70, 9, "python"),  # a test run started meanwhile: 70 ticks
                40: (2, 90, 9, "kworker/0:1"),  # a kernel thread
                50: (1, 20, 1, "redis-server"),
            },
        ]
    )
    monkeypatch.setattr(monitor, "processes", lambda: next(tables))
    monkeypatch.setattr(monitor, "_client_ports", lambda pids, port: {2222} if 10 in pids else set())
    monkeypatch.setattr(monitor, "_backend_port", {20: 1111, 21: 2222}.get)
    other = monitor.ForeignCpu()
    other._previous = monitor.processes()
    other._sample()
    assert other.ticks == 100


def _pages(count: int) -> list[str]:
    return [f"/tin-tuc/x/bai-{n}/" for n in range(count)]


def test_a_fresh_scenario_hands_out_pages_no_run_took_before(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPT.parent))
    site = importlib.import_module("bench_http_site")
    pool = _pages(10)
    scenario = site.Scenario("first_readings", "first readings", pool[0], paths=pool, fresh=True)
    assert scenario.take(4) == (pool[:4], True)
    assert scenario.take(6) == (pool[4:], True)
    assert scenario.take(2) == (pool[:2], False)  # ran out: read again, and said so


def test_each_attempt_of_a_fresh_scenario_gets_its_own_warm_up_and_run(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(SCRIPT.parent))
    site = importlib.import_module("bench_http_site")
    bench = importlib.import_module("bench_http")
    monkeypatch.setattr(bench, "FRESH_PER_SECOND", 2)
    pool = _pages(20)
    scenario = site.Scenario("first_readings", "first readings", pool[0], paths=pool, fresh=True)
    args, problems = types.SimpleNamespace(warmup=1, seconds=3), []
    give = bench.path_files(scenario, lambda name: tmp_path / name, "cached", args, problems)
    lists = [file.read_text().split() for attempt in range(2) for file in give()]
    assert lists == [pool[0:2], pool[2:8], pool[8:10], pool[10:16]]
    assert problems == []
    give()
    assert problems == ["cached first readings: the pool ran out; some pages were read again"]

    every = site.Scenario("long_tail", "long tail", pool[0], paths=pool)
    warm, run = bench.path_files(every, lambda name: tmp_path / name, "cached", args, problems)()
    assert warm == run and run.read_text().split() == pool
