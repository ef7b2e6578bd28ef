"""/healthz and /readyz (website/health.py): what a load balancer or compose asks."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils import timezone

from portal.models import SiteSettings
from widgets import snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_liveness_says_only_that_the_process_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_checks_the_database_the_cache_and_the_storage(client, media):
    ninety_seconds_ago = timezone.now() - datetime.timedelta(seconds=90)
    snapshots.store("weather", {"temperature": 27}, fetched_at=ninety_seconds_ago)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}
    assert 89 <= body["widgets_age_seconds"]["weather"] <= 95
    assert body["widgets_age_seconds"]["rates"] is None  # never fetched: no reason to be unready
    assert list(media.glob("health/*")) == []  # the test file is removed again


def test_neither_answer_is_kept_by_the_page_cache(client, media, settings):
    settings.PORTAL_PAGE_CACHE = True
    SiteSettings.load()
    for path in ("/healthz", "/readyz", "/readyz"):
        assert client.get(path).get("X-Page-Cache") is None  # passed through, never kept


def test_without_the_database_the_server_is_alive_but_not_ready(client, media, monkeypatch):
    def refuse(self):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "ok", "storage": "ok"},
    }
    assert "10.0.0.5" not in response.content.decode()  # nothing of the error is told


def test_a_cache_that_keeps_nothing_or_a_storage_that_refuses_makes_it_unready(client, media, monkeypatch):
    client.get("/readyz")  # default_storage made
    monkeypatch.setattr("website.health.cache.get", lambda key: None)
    assert client.get("/readyz").json()["checks"]["cache"] == "unavailable"
    monkeypatch.undo()

    def full(storage, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(default_storage._wrapped), "save", full)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "storage": "unavailable"}
