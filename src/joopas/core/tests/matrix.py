"""The four-actor permission matrix every app with pages or endpoints tests (ARCHITECTURE: tests).

Each app keeps its own cases, world and snapshot; this module holds what is the same everywhere: the
actors, filling a case's URL and data from the world, sending it, and what "allowed" and "denied" look
like (anonymous: the login page or 401; a logged-in actor without the right: 403, or a refusal inside
the form). A denial must change nothing: callers compare their snapshot before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.test import Client

ACTORS = ("anonymous", "own", "other", "no_role")


def fill(value: Any, world: dict[str, Any], *, ints: Iterable[str] = ()) -> Any:
    """`"{org}"`-style placeholders filled from the world; placeholders named in `ints` become ints."""
    if isinstance(value, str):
        out = value.format(**world)
        return int(out) if value in set(ints) and out.lstrip("-").isdigit() else out
    if isinstance(value, list):
        return [fill(v, world, ints=ints) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, world, ints=ints) for k, v in value.items()}
    return value


def logged_in(user: Any, lang: str = "en") -> Client:
    """A test client logged in as `user`, asking for pages in `lang`."""
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(user)
    return client


def client_for(actor: str, users: dict[str, Any]) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(users[actor])
    return client


def send(client: Client, *, method: str, url: str, data: dict[str, Any] | None = None, api: bool = False) -> Any:
    if method == "get":
        return client.get(url)
    if api:
        return client.generic(method.upper(), url, json.dumps(data or {}), content_type="application/json")
    return client.post(url, data=data or {})


def assert_allowed(response: Any, label: Any, *, statuses: Iterable[int] = (200, 201, 204, 302)) -> None:
    assert response.status_code in set(statuses), (label, response.status_code)
    if response.status_code == 302:
        assert "/accounts/login/" not in response["Location"], label


def assert_denied(response: Any, label: Any, *, actor: str, api: bool, api_codes: Iterable[str] = ()) -> None:
    """Anonymous: 401 from the API, the login page from a page; anyone else: 403 (with one of `api_codes`)."""
    if actor == "anonymous":
        if api:
            assert response.status_code == 401, (label, response.status_code)
        else:
            assert response.status_code == 302, (label, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), label
        return
    assert response.status_code == 403, (label, response.status_code)
    codes = tuple(api_codes)
    if api and codes:
        assert response.json()["code"].startswith(codes), (label, response.json())
