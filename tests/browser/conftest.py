"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "allow_console_errors(*patterns): console errors matching one of these regular "
        "expressions do not fail the test (every other console error still does)",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class OneRequestAtATimeWSGIServer(ThreadedWSGIServer):
    """Threads for connections (browsers keep several open), one request handled at a time.

    For the in-memory SQLite test database only: every server thread then shares the test's
    single connection, and concurrent transactions on one sqlite3 connection fail with
    "database table is locked". A real deployment has a connection per thread (PostgreSQL, or
    an SQLite file in WAL mode with a busy timeout), so this limits the harness, not the app.
    """

    def set_app(self, application: Callable[..., Iterable[bytes]] | None) -> None:
        lock = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            assert application is not None
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup) -> Iterator[LiveServer]:
    """pytest-django's live server, serialised when it shares an in-memory SQLite connection."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        server.thread.server_class = OneRequestAtATimeWSGIServer
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: run `make chromium` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


def _allowed_patterns(request: pytest.FixtureRequest) -> list[re.Pattern[str]]:
    return [
        re.compile(pattern)
        for marker in request.node.iter_markers("allow_console_errors")
        for pattern in marker.args
    ]


def strict_context(
    browser: Browser, live_server, request: pytest.FixtureRequest, **options: object
) -> Iterator[BrowserContext]:
    """A browser context whose pages (every tab) fail the test on a console error."""
    allowed = _allowed_patterns(request)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in allowed):
            problems.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context = browser.new_context(base_url=live_server.url, **options)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    context.on("console", on_console)
    context.on("weberror", lambda error: problems.append(f"uncaught: {error.error}"))
    yield context
    context.close()
    assert problems == [], f"console errors or CSP violations: {problems}"


@pytest.fixture
def context(browser: Browser, live_server, request) -> Iterator[BrowserContext]:
    """A fresh browser context on the live server; open a second tab with context.new_page()."""
    yield from strict_context(browser, live_server, request)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A fresh browser page on the live server that fails the test on any console error.

    Mark a test ``@pytest.mark.allow_console_errors(r"pattern", ...)`` to let console errors
    matching a pattern through (e.g. the network errors of requests a test aborts on purpose).
    """
    return context.new_page()


@pytest.fixture
def nojs_context(browser: Browser, live_server, request) -> Iterator[BrowserContext]:
    """A browser context with JavaScript disabled: the plain links and forms path."""
    yield from strict_context(browser, live_server, request, java_script_enabled=False)


@pytest.fixture
def nojs_page(nojs_context: BrowserContext) -> Page:
    return nojs_context.new_page()
