"""Headless Chromium through Playwright, against pytest-django's live server.

Playwright cannot download its own browser here: it drives Debian's ``chromium``
(installed by .ci/run). Where that browser is missing, these tests skip and say why.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Every page reports what its Content-Security-Policy blocked as a console error, which the
# tests collect: a page that needs an inline script or an outside resource fails its test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread while a test runs; the ORM
    # calls made by the test itself are still synchronous and safe. Set only for browser
    # tests, and Playwright is stopped at the end of each test, so no other test runs
    # with Django's async-safety check switched off.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        return  # CI installs Chromium: a missing browser must fail there, not skip
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install Debian's `chromium` (as .ci/run does) "
        "or set PORTAL_CHROMIUM to run the browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def browser(_allow_orm_beside_playwright):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        # The ORM calls a test makes while Playwright runs open connections that only this
        # context sees: close them here, or PostgreSQL cannot drop the test database.
        from django.db import connections

        connections.close_all()
        browser.close()


@pytest.fixture
def open_page(browser):
    """Open pages at a given viewport, collecting console errors (CSP violations included) and
    failed requests."""
    contexts = []

    def _open(width=1366, height=768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        page.on("response", lambda r: r.status >= 400 and page.console_errors.append(f"{r.status} {r.url}"))
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def staff_roles():
    """Transactional tests empty the tables, the roles of the data migration with them: make
    them again as that migration does."""
    import importlib

    from django.apps import apps

    importlib.import_module("editorial.migrations.0001_roles").create_roles(apps, None)
