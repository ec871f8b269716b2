"""Browser-test fixtures: one headless Debian Chromium per session, a fresh page per test.

Every page records console errors, uncaught exceptions and CSP violations; a test fails if any
were seen. ``shoot(page, name)`` saves screenshots under
``e2e-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartregions.conf import PROJECT_ROOT
from tests.e2e.seed import Seeded, seed_demo

# The sync Playwright API runs an event loop in this thread; Django's async-safety check would
# otherwise refuse the ORM calls the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "e2e-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium (Debian's binary; never a downloaded one)."""
    from playwright import sync_api as playwright_api

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium chromium-driver)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """The screenshot folder, created and announced once per session."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\ne2e screenshots: {SCREENSHOTS}")  # noqa: T201 - tells the developer where to look
    return SCREENSHOTS


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors, page errors and CSP violations seen by the test's page."""
    return []


@pytest.fixture
def page(browser, console_errors, live_server) -> Iterator[object]:
    """A fresh browser context and page; fails the test on any console error it saw."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: (
            console_errors.append(f"console {message.type}: {message.text}")
            if _is_problem(message.type, message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    yield page
    context.close()
    assert console_errors == []


def _is_problem(kind: str, text: str) -> bool:
    # Every console error counts (Chromium reports CSP violations as errors); other messages
    # count only when they are about the security policy.
    return kind == "error" or "Content Security Policy" in text


@pytest.fixture
def shoot(screenshot_dir):
    """Save ``<name>.png`` (what the window shows) and ``<name>-full.png`` (the whole page)."""

    def _shoot(page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path))
        page.screenshot(path=str(screenshot_dir / f"{name}-full.png"), full_page=True)
        return path

    return _shoot


@pytest.fixture
def demo(transactional_db, shared_data) -> Seeded:
    """The demo data set (Czech and Slovak regions, NACE, Czech RIS3 priorities)."""
    return seed_demo(shared_data)
