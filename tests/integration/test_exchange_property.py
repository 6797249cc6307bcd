"""Issue 12, "Server errors on bad input": whatever JSON (or not-quite JSON) reaches the exchange and the JSON
APIs — deep, wide, NaN / Infinity, lone surrogates, NUL, huge strings, a valid message with one part
replaced — the answer is a 4xx (or a success), never a 5xx, and an error under /api/ is JSON. Runs on SQLite
and on PostgreSQL (`DATABASE_URL=postgres://…`), in `make test`."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joopas.exchange.registry import TYPES, examples
from joopas.exchange.tests.conftest import make_org
from joopas.networks.tests.factories import make_network

pytestmark = pytest.mark.django_db

NASTY = ["\ud800", "a\udfffb", "\x00", "nul\x00in", "<b>bold</b><script>alert(1)</script>", "\x07bell", "x" * 600_000,
         "ä" * 20_001, "1.2.246.562.10.00000000001", "", " ", "9" * 5000]
NUMBERS = [float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 2**63, -(2**63) - 1, 10**30, 0.1, -1, 2**31]

scalars = (st.none() | st.booleans() | st.integers() | st.sampled_from(NUMBERS)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=50) | st.sampled_from(NASTY))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=6)
                      | st.dictionaries(st.text(max_size=20) | st.sampled_from(NASTY[:4]), inner, max_size=6),
                      max_leaves=25)


def _deep(n: int, kind: str) -> Any:
    value: Any = 1
    for _ in range(n):
        value = [value] if kind == "list" else {"a": value}
    return value


def _dumps(value: Any) -> bytes:
    """Python's json writes NaN / Infinity and \\udXXX escapes (lone surrogates survive as escapes)."""
    try:
        return json.dumps(value, allow_nan=True).encode()
    except RecursionError:
        return b"[" * 5000 + b"]" * 5000


def _set(doc: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def _paths(doc: Any, prefix: list[Any] | None = None) -> list[list[Any]]:
    prefix = prefix or []
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, [*prefix, k])
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, [*prefix, i])
    return out


INBOUND = sorted(name for name, t in TYPES.items() if t.inbound)


@st.composite
def mutated_messages(draw: Any) -> bytes:
    """A documented example with one part (anything from a leaf to the whole payload) replaced."""
    env = copy.deepcopy(examples()[draw(st.sampled_from(INBOUND))])
    env["message_id"] = str(uuid.uuid4())
    path = draw(st.sampled_from(_paths(env)))
    return _dumps(_set(env, path, draw(values | st.builds(_deep, st.integers(1, 1500),
                                                           st.sampled_from(["list", "dict"])))))


bodies = (values.map(_dumps) | mutated_messages()
          | st.builds(lambda n, k: _dumps({"message_id": str(uuid.uuid4()), "type": "CREATE_COURSEUNIT_REQUEST",
                                           "schema_version": "1", "sent_at": "2026-11-23T09:30:00+02:00",
                                           "payload": _deep(n, k)}), st.integers(1, 3000), st.sampled_from(["list", "dict"]))
          | st.binary(max_size=200) | st.sampled_from([b"NaN", b"[NaN]", b'{"a": Infinity}', b"1e999", b"-1e999",
                                                       b"\xff\xfe", b'"\\ud800"', b"{", b"", b"null",
                                                       b"[" + b"9" * 5000 + b"]", b'{"a": -' + b"1" * 4400 + b"}"]))

EXCHANGE_POSTS = ["/api/v1/exchange/messages", "/api/v1/exchange/validate"]
API_WRITES = [("put", "/api/v1/catalogue/course-units/by-id/TILA-X"),
              ("put", "/api/v1/catalogue/realisations/by-id/TILA-X-1"),
              ("put", "/api/v1/catalogue/study-modules/by-id/TILA-M"),
              ("post", "/api/v1/organisations/registrations"),
              ("post", "/api/v1/networks/")]


@pytest.fixture
def actors(db: Any) -> tuple[Client, Client, Any]:
    home, host = make_org("01901"), make_org("10076")
    make_network(home.org, [host.org], code="ETELA-RISTIIN")
    keyed = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {home.key}")
    session = Client(raise_request_exception=False)
    session.force_login(home.main_user)
    return keyed, session, home


def _check(response: Any, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), (what, response.content[:200])
        body = response.json()
        assert isinstance(body.get("code"), str) and body["code"], body


@given(body=bodies)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_reaches_a_server_error(actors: tuple[Client, Client, Any], body: bytes) -> None:
    keyed, session, _home = actors
    for path in EXCHANGE_POSTS:
        _check(keyed.post(path, data=body, content_type="application/json"), path)
    for method, path in API_WRITES:
        client = keyed if "catalogue" in path else session
        _check(getattr(client, method)(path, data=body, content_type="application/json"), path)


def _raw(value: Any) -> str:
    """As a client would send it: UTF-8 bytes (a lone surrogate as its invalid bytes), percent-encoded."""
    return quote(str(value).encode("utf-8", "surrogatepass"), safe="")


@given(after=st.one_of(st.integers(), st.text(max_size=30), st.sampled_from(["NaN", "1e999", "\x00", "\ud800"])),
       limit=st.one_of(st.integers(), st.text(max_size=10)), ident=st.text(max_size=40))
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_query_reaches_a_server_error(actors: tuple[Client, Client, Any], after: Any, limit: Any,
                                         ident: str) -> None:
    keyed, _session, home = actors
    keyed = Client(raise_request_exception=True, HTTP_AUTHORIZATION=f"Bearer {home.key}")  # a 5xx shows its traceback
    _check(keyed.get(f"/api/v1/exchange/feed?after={_raw(after)}&limit={_raw(limit)}"), "feed")
    _check(keyed.get(f"/api/v1/exchange/messages/{_raw(ident) or 'x'}"), "status")
    _check(keyed.get(f"/api/v1/catalogue/search?q={_raw(ident)}&organisation={_raw(after)}"), "search")


@pytest.mark.parametrize("depth", [900, 1_100, 5_000, 50_000])
@pytest.mark.parametrize("path", EXCHANGE_POSTS)
def test_deep_nesting_is_refused_not_a_crash(actors: tuple[Client, Client, Any], depth: int, path: str) -> None:
    keyed, _session, _home = actors
    env = {**examples()["CREATE_COURSEUNIT_REQUEST"], "message_id": str(uuid.uuid4())}
    body = json.dumps(env).replace('"payload": {', '"payload": {"deep": ' + "[" * depth + "]" * depth + ", ", 1)
    r = keyed.post(path, data=body, content_type="application/json")
    assert r.status_code == 422, r.content[:300]
    assert [e["code"] for e in r.json()["details"]["errors"]] == ["exchange.too_deep"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize("path", EXCHANGE_POSTS)
def test_non_finite_numbers_are_refused(actors: tuple[Client, Client, Any], token: str, path: str) -> None:
    keyed, _session, _home = actors
    env = copy.deepcopy(examples()["CREATE_COURSEUNIT_REQUEST"])
    env["message_id"] = str(uuid.uuid4())
    body = json.dumps(env).replace('"creditsMin": 5', f'"creditsMin": {token}', 1)
    r = keyed.post(path, data=body, content_type="application/json")
    assert r.status_code == 422, r.content[:300]
    assert r.json()["details"]["errors"][0]["code"] == "exchange.not_finite"


@pytest.mark.parametrize("size", [1_500_000, 3_000_000])
def test_a_large_body_is_refused_with_json_413(actors: tuple[Client, Client, Any], size: int) -> None:
    """Over the exchange's limit (1 MB) and over the edge's (DATA_UPLOAD_MAX_MEMORY_SIZE): the same refusal."""
    keyed, _session, _home = actors
    body = b'{"message_id": "' + str(uuid.uuid4()).encode() + b'", "pad": "' + b"x" * size + b'"}'
    r = keyed.post("/api/v1/exchange/messages", data=body, content_type="application/json")
    assert r.status_code == 413
    assert r["Content-Type"] == "application/json"
    body_out = r.json()
    assert body_out["code"] == "exchange.refused"
    assert [(e["code"], e["path"]) for e in body_out["details"]["errors"]] == [("exchange.too_large", "")]
