"""Issue 10, item 1: one policy for typed-in addresses (core.safety) and one safe way to render them
(`{% load safe_links %}`)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from joopas.core.safety import is_email, is_web_url, safe_href


@pytest.mark.parametrize("value", ["https://www.example.fi", "http://example.fi/a?b=c#d", "HTTPS://Example.FI/"])
def test_web_addresses_with_a_host_pass(value: str) -> None:
    assert is_web_url(value) and safe_href(value) == value


@pytest.mark.parametrize("value", [
    "javascript:alert(document.domain)//", "JavaScript:alert(1)", "data:text/html,<script>1</script>",
    "vbscript:x", "ftp://example.fi/", "https://", "https:///path", "//example.fi", "example.fi",
    "https://exa mple.fi", "https://example.fi/\nx", "https://user:pw@example.fi/", " javascript:alert(1)", "",
])
def test_other_schemes_and_hostless_addresses_are_refused(value: str) -> None:
    assert not is_web_url(value.strip() if value.startswith(" ") else value)
    assert safe_href(value) == ""


def test_email_addresses() -> None:
    assert is_email("outi@oma.fi") and not is_email("outi@") and not is_email("outi oma.fi")
    assert not is_email('"><script>@x.fi')
    assert safe_href("outi@oma.fi") == safe_href("mailto:outi@oma.fi") == "mailto:outi@oma.fi"
    assert safe_href("mailto:javascript:alert(1)") == ""


def _render(source: str, **context: object) -> str:
    return Template("{% load safe_links %}" + source).render(Context(context))


def test_external_link_renders_only_safe_hrefs_and_plain_text_otherwise() -> None:
    assert _render("{% external_link v %}", v="https://www.example.fi/?a=1&b=2") == (
        '<a href="https://www.example.fi/?a=1&amp;b=2" rel="noopener noreferrer">https://www.example.fi/?a=1&amp;b=2</a>')
    assert _render("{% external_link v %}", v="outi@oma.fi") == (
        '<a href="mailto:outi@oma.fi" rel="noopener noreferrer">outi@oma.fi</a>')
    assert _render("{% external_link v %}", v="javascript:alert('<x>')//") == "javascript:alert(&#x27;&lt;x&gt;&#x27;)//"
    assert _render("{% external_link v 'Kotisivu' %}", v="data:text/html,1") == "Kotisivu"
    assert _render("[{{ v|safe_href }}]", v="javascript:alert(1)") == "[]"
