"""The API docs page (/api/v1/docs) is self-hosted: Swagger UI from our own static files, under the CSP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_swagger_ui_from_our_own_host_with_no_axe_violations(live_server: Any, page: Any) -> None:
    own = urlsplit(live_server.url).netloc
    requested: list[str] = []
    console: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))

    response = page.goto(live_server.url + "/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock-tag-section").first.wait_for()
    page.wait_for_load_state("networkidle")

    assert "Joopas API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("main h1").count() == 1
    foreign = [u for u in requested if not u.startswith("data:") and urlsplit(u).netloc != own]
    assert foreign == [], foreign
    blocked = [m for m in console if "Content Security Policy" in m or m.startswith(("error", "pageerror"))]
    assert blocked == [], blocked
    violations = axe_violations(page)
    assert violations == [], describe(violations)
