"""/api/v1/docs is the self-hosted Swagger UI (site/templates/ninja/swagger.html): no CDN, no inline script."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_api_docs_load_swagger_ui_from_our_own_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fi">' in html and '<main id="main">' in html
    assert "cdn." not in html and "//" not in re.sub(r"https?://www\.w3\.org", "", html.split("</head>")[0])
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    for s in sources:
        assert finders.find(s.removeprefix("/static/")), s
    assert {"/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js",
            "/static/site/js/api-docs.js"} <= set(sources)
    assert '"validatorUrl": null' in html  # no badge image from validator.swagger.io
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_pages_load_the_focus_script_and_turn_off_htmx_inline_styles(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<script src="/static/site/js/focus.js" defer></script>' in html
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html
