"""Security headers that Django's SecurityMiddleware does not send: the Content-Security-Policy.

The policy (settings.CSP) allows scripts, styles, fonts and images from our own origin only (images also as
`data:` URIs), no plugins, no `<base>` or form posts elsewhere, and no framing. Pages therefore carry no inline
`<script>` with content, no `on*=` handlers and no `style=` attributes (tests/architecture/test_templates.py);
htmx is served from our static files with its inline indicator styles turned off (base.html), and the API docs
use django-ninja's self-hosted Swagger UI (site/templates/ninja/swagger.html).

`CSP_REPORT_ONLY=1` sends the same policy as Content-Security-Policy-Report-Only, to try a change out on a
running service before enforcing it. A response that already carries either header (a view that needs its own
policy) is left alone. See docs/security.md and docs/deploy.md.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

CSP_HEADER = "Content-Security-Policy"
CSP_REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

DEFAULT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def policy_header() -> tuple[str, str]:
    """(header name, policy) as the settings say; an empty policy sends nothing."""
    policy: str = getattr(settings, "CSP", DEFAULT_POLICY)
    report_only: bool = getattr(settings, "CSP_REPORT_ONLY", False)
    return (CSP_REPORT_ONLY_HEADER if report_only else CSP_HEADER), policy


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (or its report-only twin) to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        name, policy = policy_header()
        if policy and CSP_HEADER not in response.headers and CSP_REPORT_ONLY_HEADER not in response.headers:
            response.headers[name] = policy
        return response
