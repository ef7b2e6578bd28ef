#!/usr/bin/env python
"""Benchmark: importing 1,000 exports of the old site (``import_legacy``).

    .venv/bin/python scripts/benchmark_import.py [--files 1000]

Writes N exports in a temporary folder: the test fixtures (news/tests/legacy/) and, where
they exist, the real exports of ../shared/legacy-export/, each copy with its own title so
that every one is a new article, plus the broken fixtures as they are. Imports them twice
(created, then updated) into a scratch database: the test database of DATABASE_URL (dropped
and recreated, dropped again at the end), or a temporary SQLite file (scripts/scratch.py).
Also runs a dry run first.
"""

import argparse
import contextlib
import io
import sys
import time
from pathlib import Path

import scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_exports(folder: Path, count: int) -> int:
    """``count`` exports in ``folder``; returns how many are good articles."""
    from news import legacy

    sources = sorted((ROOT / "news" / "tests" / "legacy").glob("*.txt"))
    shared = ROOT.parent / "shared" / "legacy-export"
    if shared.is_dir():
        sources += sorted(shared.glob("*.txt"))
    good, broken = [], []
    for path in sources:
        try:
            legacy.parse(legacy.read_export(path.read_bytes()))
            good.append(path.read_text(encoding="utf-8-sig"))
        except legacy.NotAnExport:
            broken.append(path.read_bytes())
    written = 0
    for n in range(count - len(broken)):
        text = good[n % len(good)]
        lines = text.split("\n")
        # The title is the first line that is neither empty nor a header: add a number to it.
        for i, line in enumerate(lines):
            if line.strip() and not (line.isupper() or line.strip() in ("Tin tức thành phố",)):
                lines[i] = f"{line.rstrip()} (bản {n + 1})"
                break
        (folder / f"{n:05d}.txt").write_text("\n".join(lines), encoding="utf-8")
        written += 1
    for n, data in enumerate(broken):
        (folder / f"hong-{n}.txt").write_bytes(data)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()

    folder = scratch.configure("portal-import-bench-")
    with scratch.scratch_database() as db:
        print(f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
        import_twice(folder / "exports", args.files)


def import_twice(folder: Path, files: int) -> None:
    """Writes ``files`` exports in ``folder``, then a dry run, an import and the same again."""
    from news.models import Article, Category

    Category.objects.create(name="Tin tức thành phố")
    Category.objects.create(name="Tin tức hoạt động của Thành ủy")
    default = Category.objects.create(name="Tin nhập từ trang cũ")
    folder.mkdir()
    good = write_exports(folder, files)
    print(f"{files} exports ({good} articles, {files - good} broken files)")
    timed("dry run", folder, default.slug, files, "--dry-run")
    timed("import", folder, default.slug, files)
    timed("again", folder, default.slug, files)
    print(f"articles: {Article.objects.count()}")


def timed(label: str, folder: Path, category: str, files: int, *options: str) -> None:
    """Runs ``import_legacy`` on ``folder`` and prints its time, its speed and its summary."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.suppress(CommandError):  # the broken files: reported, the others imported
        call_command(
            "import_legacy",
            str(folder),
            "--category",
            category,
            "--date",
            "01/01/2020",
            *options,
            stdout=out,
            verbosity=0,
        )
    seconds = time.perf_counter() - started
    summary = out.getvalue().strip().splitlines()[-1]
    print(f"{label:<10} {seconds:6.1f}s  {files / seconds:6.0f} files/s  {summary}")


if __name__ == "__main__":
    main()
