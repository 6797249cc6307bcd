"""`{% load safe_links %}`: the one way templates render an address someone typed in as a link.

    {% external_link org.website %}            -> <a href="https://…">https://…</a>, or plain text
    {% external_link c.email %}                -> <a href="mailto:…">…</a>, or plain text
    {% external_link org.website text %}       -> the link with another text
    {{ value|safe_href }}                      -> the href, or "" (for `{% if %}` and custom markup)

Only http, https and mailto (with a valid address) become links (`core.safety.safe_href`); anything else,
e.g. `javascript:…` in a row saved before validation, is shown escaped as plain text.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from joopas.core.safety import safe_href as _safe_href

register = template.Library()


@register.filter(name="safe_href")
def safe_href(value: object) -> str:
    return _safe_href(value)


@register.simple_tag(name="external_link")
def external_link(value: object, text: object = None) -> SafeString:
    shown = value if text in (None, "") else text
    href = _safe_href(value)
    if not href:
        return format_html("{}", "" if shown is None else shown)
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', href, shown)
