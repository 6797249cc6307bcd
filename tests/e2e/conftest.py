"""Browser tests: Playwright (Python) driving Debian's headless Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("JOOPAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls it makes are ours and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("JOOPAS_REQUIRE_E2E") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (CI installs Debian's chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fi-FI")
    pg = context.new_page()
    yield pg
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes) e.g. {v['nodes'][0]['html'][:160]}"
                     for v in violations)


def phone_session(browser: Any, base: str, lang: str, email: str, password: str) -> Any:
    """A page on a 375 px phone in `lang`, logged in through the login page as `email`."""
    context = browser.new_context(locale=f"{lang}-FI", viewport={"width": 375, "height": 800})
    context.add_cookies([{"name": "joopas_language", "value": lang, "url": base}])
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert "/accounts/login/" not in page.url, f"{email} could not log in"
    return page
