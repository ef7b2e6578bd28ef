"""gunicorn's configuration (halong_portal/gunicorn.conf.py). The Dockerfile, compose.yaml
and nginx's configuration are checked in tests/test_deploy.py."""

import atexit
import os
import runpy
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class _Ended(Exception):
    pass


def _end_worker(monkeypatch, *, booted: bool, code) -> list:
    """gunicorn.conf.py's worker_exit as gunicorn calls it: in the ``finally`` of the worker's
    process, while its SystemExit(code) propagates. What it did: ``["exit funcs", ("_exit", n)]``."""
    done = []
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: done.append("exit funcs"))

    def fake_exit(status):
        done.append(("_exit", status))
        raise _Ended

    monkeypatch.setattr(os, "_exit", fake_exit)
    # The file sets DJANGO_DB_STATEMENT_TIMEOUT in the environment: set here, it is undone after.
    monkeypatch.setenv("DJANGO_DB_STATEMENT_TIMEOUT", "0")
    worker_exit = runpy.run_path(str(ROOT / "halong_portal/gunicorn.conf.py"))["worker_exit"]
    try:
        try:
            raise SystemExit(code)
        finally:
            worker_exit(None, types.SimpleNamespace(booted=booted))
    except (SystemExit, _Ended):
        pass
    return done


def test_a_worker_that_ends_cleanly_skips_the_interpreter_teardown(monkeypatch):
    assert _end_worker(monkeypatch, booted=True, code=0) == ["exit funcs", ("_exit", 0)]


def test_a_worker_that_failed_keeps_its_exit_status_for_the_master(monkeypatch):
    assert _end_worker(monkeypatch, booted=False, code=3) == []  # WORKER_BOOT_ERROR
    assert _end_worker(monkeypatch, booted=True, code=-1) == []
