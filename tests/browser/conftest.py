"""Browser tests drive Debian's Chromium through Playwright (never a downloaded browser)."""

import os
from pathlib import Path

import pytest

from scripts.chromium import CHROMIUM, launch_chromium

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason="Chromium absent (/usr/bin/chromium) : apt-get install chromium")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, territory):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
