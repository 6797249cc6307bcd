"""Schema-driven fuzzing of the exchange endpoints: whatever comes in, no 5xx."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from joopas.exchange.tests.conftest import make_org


def _openapi() -> dict[str, Any]:
    from joopas.site.management.commands.export_openapi import current_openapi

    return json.loads(json.dumps(current_openapi()))


schema = schemathesis.openapi.from_dict(_openapi())


@pytest.fixture
def key(db: Any) -> str:
    return make_org("01901").key


@schema.include(path_regex="/exchange/").parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_exchange_endpoints_never_answer_5xx(case: Any, key: str) -> None:
    client = Client(raise_request_exception=False)
    path = "/api/v1" + case.formatted_path if not case.formatted_path.startswith("/api/") else case.formatted_path
    from schemathesis.core import NotSet

    has_body = not isinstance(case.body, NotSet) and case.body is not None
    body = (case.body if isinstance(case.body, bytes | str) else json.dumps(case.body)) if has_body else ""
    query = {k: v for k, v in (case.query or {}).items() if not isinstance(v, NotSet)}
    for headers in ({"HTTP_AUTHORIZATION": f"Bearer {key}"}, {}):
        if case.method == "GET":
            r = client.get(path, data=query, **headers)
        else:
            r = client.generic(case.method, path, data=body,
                               content_type="application/json", **headers)
        assert r.status_code < 500, (case.method, path, case.body, r.content[:500])
