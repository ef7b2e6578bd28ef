"""run_jobs: the jobs service's loop survives a failing job and never runs a job twice at once."""

import logging
import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from website.management.commands import run_jobs


@pytest.fixture
def ran(monkeypatch):
    """Replace the commands: refresh_widgets fails, the others succeed; record the calls."""
    calls = []

    def fake_call_command(name, **options):
        calls.append(name)
        if name == "refresh_widgets":
            raise CommandError("weather: failed")
        if name == "purge_trash":
            raise RuntimeError("disk full")

    monkeypatch.setattr(run_jobs, "call_command", fake_call_command)
    cache.clear()
    return calls


def test_once_runs_every_job_despite_failures_and_exits_1(ran, caplog):
    with caplog.at_level(logging.INFO, logger="portal.jobs"), pytest.raises(SystemExit) as exit:
        call_command("run_jobs", "--once")
    assert exit.value.code == 1
    assert ran == ["refresh_widgets", "purge_trash", "clearsessions"]
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("Job refresh_widgets failed") and m.endswith("weather: failed") for m in messages)
    failed = next(r for r in caplog.records if r.getMessage().startswith("Job purge_trash failed"))
    assert failed.exc_info and "disk full" in str(failed.exc_info[1])
    assert any(m.startswith("Job clearsessions done") for m in messages)


def test_the_loop_keeps_each_jobs_period_and_goes_on_after_failures(ran, monkeypatch, tmp_path):
    stopping = threading.Event()
    jobs = [("refresh_widgets", 0), ("purge_trash", 3600), ("clearsessions", 0)]

    def stop_after_three_rounds(name, **options):
        ran.append(name)
        if ran.count("clearsessions") == 3:
            stopping.set()
        if name == "refresh_widgets":
            raise CommandError("weather: failed")

    monkeypatch.setattr(run_jobs, "call_command", stop_after_three_rounds)
    heartbeat = tmp_path / "alive"
    run_jobs.loop(stopping, jobs, tick=0, heartbeat=str(heartbeat))
    assert heartbeat.exists()
    assert ran == [
        "refresh_widgets", "purge_trash", "clearsessions",
        "refresh_widgets", "clearsessions",
        "refresh_widgets", "clearsessions",
    ]  # fmt: skip


def test_a_job_another_process_is_running_is_skipped(ran, caplog):
    cache.add("portal:jobs:clearsessions", "running")
    with caplog.at_level(logging.WARNING, logger="portal.jobs"):
        assert run_jobs.run("clearsessions") is True
    assert ran == []
    assert "Job clearsessions skipped: another process is running it" in caplog.text
    # A finished or failed job leaves no lock behind.
    cache.clear()
    run_jobs.run("purge_trash")
    assert cache.get("portal:jobs:purge_trash") is None


@pytest.mark.django_db(transaction=True)  # each job closes its connection afterwards
def test_the_real_housekeeping_commands_run():
    """clearsessions and purge_trash exist and succeed on an empty database."""
    cache.clear()
    assert run_jobs.run("clearsessions") and run_jobs.run("purge_trash")
