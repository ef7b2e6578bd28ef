"""Project-wide test set-up: isolated media and cache, no internet, settings for tests."""

import os

import pytest
from django.core.files.storage import FileSystemStorage


@pytest.fixture(autouse=True)
def _isolated_environment(settings, tmp_path):
    """Each test writes media into its own folder and starts with an empty local cache (and so
    a new content version)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{os.getpid()}-{id(tmp_path)}",
        }
    }
    # Widgets: no background fetches, and visitor counts in the database unless a test asks
    # for Redis (widgets/tests set PORTAL_COUNTER_REDIS_URL themselves).
    settings.WIDGETS_BACKGROUND_REFRESH = False
    # Two-factor sign-in is tested in editorial/tests; elsewhere a superuser's admin_client
    # would be sent to enrol an authenticator app first.
    settings.PORTAL_TWO_FACTOR_ENFORCED = False
    settings.PORTAL_COUNTER_REDIS_URL = ""
    from django.core.cache import cache

    from portal import freshness, pagecache
    from widgets.counter_redis import reset_redis_client
    from widgets.counting import forget_pending

    reset_redis_client()
    forget_pending()
    cache.clear()
    freshness.forget()  # the version lived in the cache: the first page starts a new one
    pagecache.forget_copies()
    yield
    cache.clear()
    reset_redis_client()


@pytest.fixture
def no_page_cache(settings):
    """For tests of what a view costs when it renders: the page cache (on by default, as in
    production) would answer the second request itself."""
    settings.PORTAL_PAGE_CACHE = False


@pytest.fixture
def full_render(settings, monkeypatch):
    """For tests of a page's full cost or of what changes with time: every request renders
    the whole page, with no page cache and no remembered fragments."""
    from portal import freshness

    settings.PORTAL_PAGE_CACHE = False
    monkeypatch.setattr(freshness, "remember", lambda key, build, **options: build())


@pytest.fixture
def full_disk(monkeypatch):
    """Every write to the disk storages fails as on a full disk (ENOSPC)."""

    def no_space(storage, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)
