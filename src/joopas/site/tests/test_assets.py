"""The Suomi.fi look is self-hosted (issue 11, item 1): tokens, icons and fonts are committed files with their
licences beside them, and the styles load nothing from another host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

STATIC = Path(__file__).resolve().parents[1] / "static" / "site"


def test_tokens_are_css_custom_properties_from_the_design_tokens() -> None:
    css = (STATIC / "tokens.css").read_text()
    assert "--fi-color-brand-base: hsl(214, 100%, 24%);" in css
    assert "--fi-color-highlight-base: hsl(212, 63%, 45%);" in css
    assert "--fi-spacing-m: 20px;" in css and "--fi-radius-basic: 2px;" in css
    assert "--fi-text-heading1-size: 40px;" in css and "--fi-font-family: 'Source Sans 3'" in css
    assert "--fi-focus-ring: 0 0 0 2px hsl(196, 77%, 44%);" in css


def test_fonts_are_source_sans_3_woff2_files_with_the_ofl() -> None:
    faces = (STATIC / "fonts.css").read_text()
    for weight in (400, 600, 700):
        for subset in ("latin", "latin-ext"):
            name = f"source-sans-3-{subset}-{weight}-normal.woff2"
            assert (STATIC / "fonts" / name).read_bytes()[:4] == b"wOF2"
            assert f'url("fonts/{name}")' in faces
    assert "SIL OPEN FONT LICENSE" in (STATIC / "fonts" / "OFL.txt").read_text().upper()


def test_icons_are_svg_files_in_the_text_colour_with_the_mit_licence() -> None:
    css = (STATIC / "joopas.css").read_text()
    used = set(re.findall(r'url\("icons/([a-z-]+)\.svg"\)', css))
    assert {"search", "chevron-right", "alert", "check", "info", "user", "menu", "external-link"} <= used
    for name in used:
        svg = (STATIC / "icons" / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and 'fill="currentColor"' in svg and 'aria-hidden="true"' in svg
    for package in ("suomifi-design-tokens", "suomifi-icons"):
        assert (STATIC / "vendor" / f"{package}.LICENSE").read_text().startswith("MIT License")


def test_styles_load_nothing_from_another_host() -> None:
    for sheet in ("tokens.css", "fonts.css", "joopas.css"):
        css = (STATIC / sheet).read_text()
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), sheet
        assert "@import" not in css


def test_styles_cover_the_page_patterns() -> None:
    css = (STATIC / "joopas.css").read_text()
    for selector in ('[aria-invalid="true"]', ".field-error", ".error-summary", ".table-wrap", ".breadcrumbs",
                     ".badge-success", ".badge-warning", ".badge-error", ".msg-error", ".visually-hidden"):
        assert selector in css, selector


@pytest.mark.django_db
def test_favicon_is_self_hosted_and_favicon_ico_is_not_a_404(client: Client) -> None:
    page = client.get("/")
    assert 'rel="icon" href="/static/site/favicon.svg"' in page.content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/site/favicon.svg")
