"""The edge (core.edge.EdgeMiddleware): one input policy, `{code, message}` JSON for every API error, 503 when
the database is unavailable. Through the test client on real URLs (security review, issue 10 items 11 and 14)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from joopas.core.edge import has_invalid_text

pytestmark = [pytest.mark.django_db, pytest.mark.urls("joopas.core.tests.urls")]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
INVALID_TEXT = {"code": "request.invalid_text",
                "message": "The request contains characters that are not allowed in text (such as a NUL byte).",
                "details": {}}


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


def _json(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"].split(";")[0] == "application/json", response.content[:200]
    return json.loads(response.content)


def test_invalid_text_is_nul_or_a_lone_surrogate_anywhere_in_the_value() -> None:
    assert not has_invalid_text(["tilastotiede", {"a": ["ä", "😀"]}, ("x",), 3, None])
    assert has_invalid_text(["a\x00b"])
    assert has_invalid_text([{"k": ["ok", "\ud800"]}])
    assert has_invalid_text([{"\udfff": "key"}])


def test_nul_in_the_query_of_the_organisation_api_is_400_json(client: Client) -> None:
    response = client.get("/api/v1/organisations/?q=%00", **EN)
    assert response.status_code == 400
    assert _json(response) == INVALID_TEXT


def test_nul_in_the_query_of_the_organisation_page_is_a_400_page(client: Client) -> None:
    response = client.get("/organisations/?q=a%00b", **EN)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"not allowed in text" in response.content


def test_the_refusal_is_translated(client: Client) -> None:
    response = client.get("/api/v1/organisations/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert _json(response)["message"] == INVALID_TEXT["message"]
    assert response.status_code == 400


@pytest.mark.parametrize("text", ["nul\x00", "lone \ud800 surrogate"])
def test_nul_or_lone_surrogate_in_a_json_body_is_400_json(client: Client, text: str) -> None:
    body = json.dumps({"name": text})  # ensure_ascii: the surrogate travels as \ud800, as a client would send it
    response = client.post("/api/v1/organisations/registrations", body, content_type="application/json", **EN)
    assert response.status_code == 400
    assert _json(response) == INVALID_TEXT


def test_valid_json_passes_the_policy(client: Client) -> None:
    response = client.post("/api/test/echo", json.dumps({"text": "Åbo 😀"}), content_type="application/json")
    assert (response.status_code, _json(response)) == (200, {"text": "Åbo 😀"})


def test_an_endpoint_with_its_own_text_policy_keeps_its_body(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from joopas.core import edge

    monkeypatch.setattr(edge, "_OWN_BODY_POLICY", set())
    edge.register_own_body_policy("/api/test/echo")
    response = client.post("/api/test/echo", json.dumps({"text": "nul\x00"}), content_type="application/json")
    assert (response.status_code, _json(response)) == (200, {"text": "nul\x00"})
    assert client.get("/api/test/echo?q=%00", **EN).status_code == 400  # the query is still the edge's


def test_nul_in_a_form_field_is_a_400_page(client: Client) -> None:
    response = client.post("/test/echo/", "text=a%00b", content_type="application/x-www-form-urlencoded", **EN)
    assert response.status_code == 400
    assert b"not allowed in text" in response.content
    assert client.post("/test/echo/", {"text": "Åbo"}).content == "Åbo".encode()


def test_nul_in_a_multipart_form_field_is_a_400_page(client: Client) -> None:
    response = client.post("/test/echo/", {"text": "a\x00b"}, **EN)  # the test client posts multipart
    assert response.status_code == 400


def test_nul_in_the_path_is_refused(client: Client) -> None:
    assert client.get("/organisations/a%00b/", **EN).status_code == 400


def test_unknown_api_path_is_404_json(client: Client) -> None:
    response = client.get("/api/v1/nothing-here", **EN)
    assert response.status_code == 404
    assert _json(response) == {"code": "not_found", "message": "The item was not found.", "details": {}}


def test_django_404_and_403_inside_an_api_view_are_code_message_json(client: Client) -> None:
    response = client.get("/api/test/missing", **EN)
    assert (response.status_code, _json(response)) == (404, {"code": "not_found", "message": "The item was not found.",
                                                             "details": {}})
    response = client.get("/api/test/forbidden", **EN)
    assert (response.status_code, _json(response)["code"]) == (403, "permission_denied")


def test_wrong_method_on_the_api_is_405_json_with_allow(client: Client) -> None:
    response = client.delete("/api/v1/health", **EN)
    assert response.status_code == 405
    assert _json(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_too_large_api_body_is_413_json(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/api/test/echo", json.dumps({"text": "x" * 200}), content_type="application/json", **EN)
    assert response.status_code == 413
    assert _json(response) == {"code": "request.too_large", "message": "The request is too large.", "details": {}}


def test_too_large_form_is_a_413_page(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/test/echo/", "text=" + "x" * 200, content_type="application/x-www-form-urlencoded", **EN)
    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_csrf_refusal_under_the_api_is_403_json() -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    # a plain Django view under /api/ answers Django's own CSRF 403 page; the edge makes it JSON
    response = client.post("/api/test-page/echo/", {"text": "x"}, **EN)
    assert response.status_code == 403
    assert _json(response) == {"code": "permission_denied", "message": "You do not have permission to do this.",
                               "details": {}}


def test_bug_in_an_api_view_is_500_json(client: Client) -> None:
    response = client.get("/api/test/bug", **EN)
    assert response.status_code == 500
    assert _json(response)["code"] == "server.error"


def test_bug_in_a_page_keeps_the_ordinary_500(client: Client) -> None:
    response = client.get("/test/bug/", **EN)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_database_outage_in_the_api_is_503_json_with_retry_after(client: Client) -> None:
    response = client.get("/api/test/db-down", **EN)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert _json(response) == {"code": "service.unavailable",
                               "message": "The service is temporarily unavailable. Try again in a moment.",
                               "details": {}}


def test_database_outage_on_a_page_is_a_small_503_page(client: Client) -> None:
    response = client.get("/test/db-down/", **EN)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b"temporarily unavailable" in response.content


def test_database_outage_in_a_middleware_is_503_too(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import OperationalError

    from joopas.core import middleware

    def broken(request):  # type: ignore[no-untyped-def]
        raise OperationalError("the server is starting up")

    monkeypatch.setattr(middleware, "client_ip", broken)
    response = client.get("/api/v1/health", **EN)
    assert (response.status_code, _json(response)["code"], response["Retry-After"]) == (503, "service.unavailable", "30")
    response = client.get("/organisations/", **EN)
    assert (response.status_code, response["Retry-After"]) == (503, "30")


def test_a_well_formed_request_id_is_kept_and_anything_else_replaced(client: Client) -> None:
    assert client.get("/api/v1/health", HTTP_X_REQUEST_ID="req-1.a:b_C").headers["X-Request-ID"] == "req-1.a:b_C"
    for bad in ["<script>", "a" * 65, "id with spaces", "ä"]:
        rid = client.get("/api/v1/health", HTTP_X_REQUEST_ID=bad).headers["X-Request-ID"]
        assert rid != bad and len(rid) == 32
