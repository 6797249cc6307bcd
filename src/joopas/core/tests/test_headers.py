"""The Content-Security-Policy middleware (joopas.core.headers)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from joopas.core.headers import CSP_HEADER, CSP_REPORT_ONLY_HEADER, DEFAULT_POLICY, SecurityHeadersMiddleware


def _respond(response: HttpResponse) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        return response

    result = SecurityHeadersMiddleware(view)(RequestFactory().get("/"))
    assert isinstance(result, HttpResponse)
    return result


def test_every_response_gets_the_policy_from_the_settings() -> None:
    from django.conf import settings

    assert settings.CSP == DEFAULT_POLICY
    response = _respond(HttpResponse("ok"))
    assert response.headers[CSP_HEADER] == DEFAULT_POLICY
    assert CSP_REPORT_ONLY_HEADER not in response.headers
    assert "script-src 'self';" in DEFAULT_POLICY and "unsafe-inline" not in DEFAULT_POLICY


@override_settings(CSP_REPORT_ONLY=True)
def test_report_only_sends_the_same_policy_as_report_only() -> None:
    response = _respond(HttpResponse("ok"))
    assert response.headers[CSP_REPORT_ONLY_HEADER] == DEFAULT_POLICY
    assert CSP_HEADER not in response.headers


def test_a_view_with_its_own_policy_keeps_it() -> None:
    own = HttpResponse("ok", headers={CSP_HEADER: "default-src 'none'"})
    assert _respond(own).headers[CSP_HEADER] == "default-src 'none'"


@override_settings(CSP="")
def test_an_empty_policy_sends_nothing() -> None:
    response = _respond(HttpResponse("ok"))
    assert CSP_HEADER not in response.headers and CSP_REPORT_ONLY_HEADER not in response.headers
