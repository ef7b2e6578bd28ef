"""The content's version knows its span: from the moment it began to the moment it ends by
itself, during which nothing readers see changes (what portal/paging.py keys on)."""

import pytest
import time_machine
from django.core.management import call_command

from portal import freshness
from portal.tests.clock import local


@pytest.mark.django_db
def test_a_change_begins_a_span_that_ends_at_the_next_moment(monkeypatch):
    """After a change the span runs from now to the next moment an app scheduled."""
    monkeypatch.setattr(freshness, "_schedules", [lambda now: local(2026, 3, 10, 11, 0)])
    with time_machine.travel(local(2026, 3, 10, 9, 0), tick=False):
        freshness.content_changed()
        token, since, until = freshness.current_span()
        assert token == freshness.content_version()
    assert (since, until) == (local(2026, 3, 10, 9, 0), local(2026, 3, 10, 11, 0))


def test_a_version_that_ends_by_itself_is_followed_from_its_end(monkeypatch):
    """Nothing changed between the moment a version ended and the first page after it: the
    next version's span begins at that moment, and ends at the next one (midnight here)."""
    moment = local(2026, 3, 10, 10, 0)
    monkeypatch.setattr(freshness, "_schedules", [lambda now: moment if moment > now else None])
    with time_machine.travel(local(2026, 3, 10, 9, 0), tick=False) as clock:
        first = freshness.content_version()
        clock.move_to(local(2026, 3, 10, 10, 30))
        token, since, until = freshness.current_span()
    assert token != first
    assert (since, until) == (moment, local(2026, 3, 11, 0, 0))


def test_when_two_moments_have_passed_the_span_begins_now(monkeypatch):
    """Which of the two the content last changed at is unknown: the span begins at the page."""
    moments = [local(2026, 3, 10, 10, 0), local(2026, 3, 10, 10, 15)]
    monkeypatch.setattr(freshness, "_schedules", [lambda now: next((m for m in moments if m > now), None)])
    with time_machine.travel(local(2026, 3, 10, 9, 0), tick=False) as clock:
        freshness.content_version()
        clock.move_to(local(2026, 3, 10, 10, 30))
        _token, since, until = freshness.current_span()
    assert (since, until) == (local(2026, 3, 10, 10, 30), local(2026, 3, 11, 0, 0))


@pytest.mark.django_db  # a new version reads the apps' schedules
def test_forgetting_reads_the_version_from_the_cache_again():
    """A process that forgets its version takes the shared one, or starts one if none is left."""
    token = freshness.content_version()
    freshness.forget()
    assert freshness.content_version() == token
    freshness.forget()
    freshness.cache.delete(freshness.VERSION_KEY)
    assert freshness.content_version() != token


@pytest.mark.django_db
def test_when_full_the_oldest_remembered_go_first(monkeypatch):
    """A crawler walking many lists fills the process's memory: the oldest entries make
    room one at a time (those of versions gone first), not everything at once."""
    monkeypatch.setattr(freshness, "MAX_REMEMBERED", 3)
    built = []

    def remember(key):
        return freshness.remember(key, lambda: built.append(key) or key)

    for key in ("menu", "list-1", "list-2"):
        remember(key)
    remember("menu")  # kept: not built again
    remember("list-3")  # full: "menu", the oldest, makes room
    remember("list-2")  # the others stay
    remember("list-1")
    assert built == ["menu", "list-1", "list-2", "list-3"]
    remember("menu")
    assert built[-1] == "menu"


@pytest.mark.django_db
def test_a_release_migrating_begins_a_new_version():
    """`migrate`, which every release runs before its servers start, renews the version: HTML
    kept from the templates of the release before is never served by the new one."""
    token = freshness.content_version()
    call_command("migrate", verbosity=0)
    assert freshness.content_version() != token
