#!/usr/bin/env python
"""Instructions per first reading of an archive article, counted by callgrind.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/halong_bench \\
        .venv/bin/python scripts/count_instructions.py [--requests 30]

req/s moves with the machine's speed and whatever else runs on it; the instructions the
Python process executes for the same requests do not (valgrind counts them, it does not
time them). So this is the figure to compare two versions of the code by, on any machine,
busy or not. It reads ``--requests`` public articles (the same ones every run: by id, from
the 5,000th) through Django's test client, each for the first time (a new content version
first), after ten others as a warm-up, with the page cache off; only those requests are
counted (``callgrind_control`` turns the counting on and off around them). The database
server's work is not counted: it runs in its own process. Needs valgrind (Debian's package)
and a seeded database, such as the HTTP benchmark's.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 10
FIRST = 5000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the process valgrind runs
    args = parser.parse_args()
    if args.child:
        read_articles(args.requests, Path(args.child))
    else:
        print(f"{count(args.requests) / args.requests / 1e6:.2f} M instructions per first reading")


def count(requests: int) -> int:
    """Run this script's child under callgrind; the instructions of its measured requests."""
    with tempfile.TemporaryDirectory() as folder:
        signals, out = Path(folder), Path(folder) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--requests", str(requests), "--child", folder,
        ]  # fmt: skip
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for state, switch in [("ready", "on"), ("done", "off")]:
            _wait_for(signals / state, child)
            toggle = ["callgrind_control", "-i", switch, str(child.pid)]
            subprocess.run(toggle, check=True, capture_output=True)
            (signals / f"instrumentation-{switch}").touch()
        _, errors = child.communicate(timeout=600)
        if child.returncode != 0:
            raise SystemExit(f"the measured process failed:\n{errors.decode(errors='replace')[-2000:]}")
        totals = [line for line in out.read_text().splitlines() if line.startswith("totals:")]
        return int(totals[0].split()[1])


def _wait_for(path: Path, child: subprocess.Popen, seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if child.poll() is not None:
            raise SystemExit(f"the measured process ended early:\n{child.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            child.kill()
            raise SystemExit(f"no {path.name} within {seconds:.0f} s")
        time.sleep(0.2)


def read_articles(requests: int, signals: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "halong_portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "instructions-only")
    os.environ.update(
        PORTAL_PAGE_CACHE="0", WIDGETS_BACKGROUND_REFRESH="0", DJANGO_ALLOWED_HOSTS="testserver"
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from news.models import Article
    from portal import freshness

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    articles = Article.objects.public().select_related("category").only("slug", "category__slug")
    chosen = articles.order_by("id")[FIRST : FIRST + WARM_UP + requests]
    paths = [article.get_absolute_url() for article in chosen]
    if len(paths) < WARM_UP + requests:
        raise SystemExit(f"needs {FIRST + WARM_UP + requests} public articles (the benchmark's database)")
    freshness.content_changed()  # every reading a first one, whatever earlier runs left
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")
    for path in paths[:WARM_UP]:
        client.get(path)
    for state, switch in [("ready", "on"), ("done", "off")]:
        (signals / state).touch()
        while not (signals / f"instrumentation-{switch}").exists():
            time.sleep(0.05)
        if state == "ready":
            for path in paths[WARM_UP:]:
                assert client.get(path).status_code == 200, path


if __name__ == "__main__":
    main()
