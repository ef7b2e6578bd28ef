"""The Dockerfile and compose.yaml are checked here, since no Docker engine runs on the
development machines: what they run must exist, and the compose stack must be complete."""

import atexit
import os
import re
import runpy
import types
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_dockerfile_runs_gunicorn_with_the_projects_config():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    command = re.search(r"^CMD (.+)$", dockerfile, re.M).group(1)
    assert "gunicorn" in command and "halong_portal/gunicorn.conf.py" in command
    assert (ROOT / "halong_portal/gunicorn.conf.py").exists()
    assert re.search(r"^USER portal$", dockerfile, re.M)  # not root
    # The health check asks for readiness: red while the database is down (website/health.py).
    assert "http://127.0.0.1:8000/readyz" in re.search(r"^HEALTHCHECK .*\n.*$", dockerfile, re.M).group(0)


def test_compose_has_the_database_redis_web_and_the_widgets_worker():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "widgets"}
    for name in ("migrate", "web", "widgets"):
        service = services[name]
        assert service["build"] == "."
        environment = service["environment"]
        assert (
            environment["DATABASE_URL"].startswith("postgres://portal:")
            and "@db:5432/portal" in environment["DATABASE_URL"]
        )
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert environment["PORTAL_COUNTER_REDIS_URL"] == "redis://redis:6379/1"
        assert "DJANGO_SECRET_KEY" in environment and ":?" in environment["DJANGO_SECRET_KEY"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["web"]["ports"] == ["8000:8000"]
    assert "--appendonly" in services["redis"]["command"]  # pending counts survive a restart


def test_compose_commands_are_real_management_commands():
    services = compose()["services"]
    commands = get_commands()
    assert services["migrate"]["command"][:3] == ["python", "manage.py", "migrate"]
    worker = " ".join(services["widgets"]["command"])
    assert "manage.py refresh_widgets" in worker and "sleep 300" in worker
    assert {"migrate", "refresh_widgets"} <= set(commands)
    # The web image's health check asks port 8000, which only `web` serves.
    assert services["widgets"]["healthcheck"] == {"disable": True}


def test_env_example_names_every_required_variable():
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "compose.yaml").read_text()))
    example = (ROOT / ".env.example").read_text()
    assert required <= set(re.findall(r"^(\w+)=", example, re.M))


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
