"""The HTTP benchmark's pure helpers: reading wrk's output, the tables, what a page links.

Nothing here touches the network, the database or a subprocess: tests/test_bench_http.py runs
these functions on recorded text.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# The line scripts/wrk/report.lua prints from wrk's `done` hook.
REPORT_MARKER = "BENCH_JSON "
KB = 1024

_SECONDS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_BYTES = {"B": 1, "KB": KB, "MB": KB**2, "GB": KB**3, "TB": KB**4}
_SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass
class WrkResult:
    """One wrk run. Latencies in milliseconds; ``exact`` when they come from the Lua hook."""

    requests: int
    seconds: float
    rps: float
    bytes_read: int
    percentiles: dict[str, float]
    socket_errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_SOCKET_ERRORS, 0))
    non_2xx_3xx: int = 0
    exact: bool = False

    @property
    def p50_ms(self) -> float:
        return self.percentiles["50"]

    @property
    def p99_ms(self) -> float:
        return self.percentiles["99"]

    @property
    def errors(self) -> int:
        """Socket errors (timeouts included) and answers other than 2xx or 3xx."""
        return sum(self.socket_errors.values()) + self.non_2xx_3xx

    @property
    def bytes_per_response(self) -> float:
        return self.bytes_read / self.requests if self.requests else 0.0

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "percentiles_ms": {k: round(v, 3) for k, v in self.percentiles.items()},
            "percentiles_exact": self.exact,
            "bytes_per_response": round(self.bytes_per_response),
            "socket_errors": self.socket_errors,
            "non_2xx_3xx": self.non_2xx_3xx,
            "errors": self.errors,
        }


def to_seconds(text: str) -> float:
    """wrk's durations: ``421.00us``, ``3.92ms``, ``1.02s``, ``1.50m``."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _SECONDS[match[2]]


def to_bytes(text: str) -> int:
    """wrk's sizes: ``512.00B``, ``2.31MB``, ``1.10GB`` (powers of 1024)."""
    match = re.fullmatch(r"([\d.]+)([KMGT]?B)", text.strip())
    if not match:
        raise ValueError(f"not a wrk size: {text!r}")
    return round(float(match[1]) * _BYTES[match[2]])


def parse_wrk(output: str) -> WrkResult:
    """What ``wrk --latency`` printed, with the exact figures of report.lua's line when present."""
    totals = re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read", output)
    if not totals:
        raise ValueError(f"wrk printed no summary:\n{output}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result = WrkResult(
        requests=int(totals[1]),
        seconds=to_seconds(totals[2]),
        rps=float(rps[1]) if rps else 0.0,
        bytes_read=to_bytes(totals[3]),
        percentiles=_distribution(output),
    )
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        result.socket_errors = dict(zip(_SOCKET_ERRORS, map(int, sockets.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result.non_2xx_3xx = int(non_2xx[1]) if non_2xx else 0
    report = _report_line(output)
    if report:
        _apply_report(result, report)
    return result


def _distribution(output: str) -> dict[str, float]:
    """The "Latency Distribution" block: {"50": ms, "75": ms, "90": ms, "99": ms}."""
    block = output.split("Latency Distribution", 1)
    if len(block) < 2:
        return {}
    found = {}
    for line in block[1].splitlines()[1:]:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)%\s+(\S+)", line)
        if not match:
            break
        found[match[1].removesuffix(".0")] = to_seconds(match[2]) * 1000
    return found


def _report_line(output: str) -> dict | None:
    for line in output.splitlines():
        if line.startswith(REPORT_MARKER):
            return json.loads(line[len(REPORT_MARKER) :])
    return None


def _apply_report(result: WrkResult, report: dict) -> None:
    """report.lua counts in whole requests and microseconds: no rounding to undo."""
    result.requests = report["requests"]
    result.seconds = report["duration_us"] / 1e6
    result.bytes_read = report["bytes"]
    if result.seconds:
        result.rps = result.requests / result.seconds
    result.socket_errors = {name: report[name] for name in _SOCKET_ERRORS}
    result.non_2xx_3xx = report["status"]
    for name in ("50", "90", "99"):
        result.percentiles[name] = report[f"p{name}_us"] / 1000
    result.percentiles["max"] = report["max_us"] / 1000
    result.exact = True


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table, its columns padded; the first left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        padded = [
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join("-" * w if i == 0 else "-" * (w - 1) + ":" for i, w in enumerate(widths)) + " |"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:,.1f}"


def fmt_kb(size: float | None) -> str:
    return "–" if size is None else f"{size / KB:,.1f}"


def fmt_share(value: float, ceiling: float | None) -> str:
    """``value`` as a percentage of the static file's req/s in the same phase."""
    if not ceiling:
        return "–"
    share = value / ceiling * 100
    return f"{share:.1f} %" if share < 10 else f"{share:.0f} %"


PHASE_HEADER = [
    "scenario",
    "req/s",
    "p50 ms",
    "p99 ms",
    "of static",
    "errors",
    "queries",
    "body KB",
    "gzip KB",
    "sent KB",
    "restarts",
    "other CPU",
]


def phase_rows(rows: list[dict], static_rps: float | None) -> list[list[str]]:
    """One table row per scenario, from the dicts bench_http.py records (see PHASE_HEADER).

    ``queries`` is an int or a "min–max" string; ``body``/``gzip`` are the page's size
    uncompressed and compressed; ``sent`` is what wrk read per response, headers included;
    ``restarts`` the workers gunicorn booted during the scenario (recycled after max_requests);
    ``other CPU`` the share of the machine other processes used meanwhile (bench_http_monitor).
    """
    table = []
    for row in rows:
        wrk = row["wrk"]
        table.append(
            [
                row["name"],
                fmt_rps(wrk["rps"]),
                fmt_ms(wrk["p50_ms"]),
                fmt_ms(wrk["p99_ms"]),
                fmt_share(wrk["rps"], static_rps),
                str(wrk["errors"]),
                str(row.get("queries", "–")),
                fmt_kb(row["page"]["raw_bytes"]),
                fmt_kb(row["page"]["gzip_bytes"]),
                fmt_kb(wrk["bytes_per_response"]),
                str(row.get("workers_booted", "–")),
                f"{row['other_cpu'] * 100:.0f} %" if "other_cpu" in row else "–",
            ]
        )
    return table


def query_span(counts: list[int]) -> str:
    """The queries of several pages of a kind: ``7``, or ``7–9`` when they differ."""
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"


def mixed_paths(long_tail: list[str], others: list[str], every: int = 10) -> list[str]:
    """The long tail with one of ``others`` (in turn) after every ``every`` of its paths."""
    mixed = []
    for index, path in enumerate(long_tail, start=1):
        mixed.append(path)
        if others and index % every == 0:
            mixed.append(others[(index // every - 1) % len(others)])
    return mixed


class _LinkedAssets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            self._add(attributes.get("href"))
        elif tag == "script":
            self._add(attributes.get("src"))

    def _add(self, url: str | None) -> None:
        if url and url not in self.found:
            self.found.append(url)


def linked_assets(html: str) -> list[str]:
    """The stylesheets and scripts a page loads, in order, once each (images and icons aside)."""
    parser = _LinkedAssets()
    parser.feed(html)
    parser.close()
    return parser.found


def cpu_model(cpuinfo: str) -> str:
    """The processor's name from /proc/cpuinfo ("model name", or "Hardware" on some ARM boards)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"model name", "Hardware"} and value.strip():
            return value.strip()
    return "unknown"


def vm_rss_kb(status: str) -> int:
    """VmRSS from a /proc/<pid>/status text, in kB."""
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    if not match:
        raise ValueError("no VmRSS line")
    return int(match[1])


def summary_lines(record: dict) -> list[str]:
    """What bench_http.py prints at the end: the machine, a table per phase, the extra checks."""
    machine = record["machine"]
    lines = [
        f"{record['date'][:10]}, {machine['cores']} cores ({machine['cpu']}), "
        f"PostgreSQL {machine['postgresql']}, {machine['wrk']}"
    ]
    for phase, data in record["phases"].items():
        static = next((r["wrk"]["rps"] for r in data["rows"] if r["key"] == "static"), None)
        lines += [
            "",
            f"{phase} (PORTAL_PAGE_CACHE={data['page_cache']}), workers booted: {data['workers_booted']}",
            "",
            markdown_table(PHASE_HEADER, phase_rows(data["rows"], static)),
            "",
            deep_line(data["deep_pages"]),
            *weight_lines(data["page_weight"]),
        ]
    if "memory" in record:
        lines += ["", memory_line(record["memory"])]
    return lines


def deep_line(deep: dict) -> str:
    first, last = deep["first"], deep["last"]
    ratio = f"×{deep['ratio']:.2f}" if deep["ratio"] else "no ratio (no request completed)"
    return (
        f"deep pages, one connection: {first['path']} p50 {fmt_ms(first['p50_ms'])} ms, "
        f"{last['path']} p50 {fmt_ms(last['p50_ms'])} ms: {ratio}"
    )


def weight_lines(weight: dict) -> list[str]:
    """The page weight's sum, then each asset's Cache-Control."""
    verdict = "within" if weight["within_target"] else "OVER"
    served = "served gzip" if weight["html_served_gzip"] else "sent uncompressed; gzip -6 here"
    parts = [f"HTML {fmt_kb(weight['html_gzip_bytes'])} ({served})"]
    for asset in weight["assets"]:
        encoding = asset["content_encoding"] or "not compressed"
        parts.append(f"{asset['url'].rsplit('/', 1)[-1]} {fmt_kb(asset['sent_bytes'])} ({encoding})")
    lines = [
        f"page weight of {weight['path']} without images, KB: {' + '.join(parts)} = "
        f"{fmt_kb(weight['total_bytes'])}, {verdict} the {weight['target_bytes'] // KB} KB target"
    ]
    for asset in weight["assets"]:
        lines.append(f"  {asset['url']}: Cache-Control: {asset['cache_control'] or '(none)'}")
    return lines


def memory_line(memory: dict) -> str:
    early = ", ".join(f"{kb / KB:.0f}" for kb in memory["rss_kb_after_first"].values())
    late = ", ".join(f"{kb / KB:.0f}" for kb in memory["rss_kb_after_all"].values())
    return (
        f"worker RSS (MB) after {memory['after_first']:,} requests: {early}; after {memory['requests']:,}: "
        f"{late} (master {memory['master_rss_kb'] / KB:.0f} MB; statuses {memory['statuses']}; "
        f"other CPU {memory['other_cpu']:.0%})"
    )
