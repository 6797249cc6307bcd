"""The login view hands every attempt to the registered login listeners (accounts.hooks)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from joopas.accounts import hooks
from joopas.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls() -> Iterator[list[tuple[Any, ...]]]:
    saved = (list(hooks._on_login), list(hooks._on_failed_login))
    seen: list[tuple[Any, ...]] = []
    hooks._on_login[:] = [lambda request, user: seen.append(("ok", user.email, request.path))]
    hooks._on_failed_login[:] = [lambda request, *, email, locked: seen.append(("failed", email, locked))]
    yield seen
    hooks._on_login[:], hooks._on_failed_login[:] = saved


def test_login_calls_the_listeners_after_the_user_is_logged_in(calls) -> None:
    user = UserFactory(email="kirjautuja@oma.fi")
    c = Client()
    r = c.post("/accounts/login/", {"username": "kirjautuja@oma.fi", "password": PASSWORD})
    assert (r.status_code, c.session["_auth_user_id"]) == (302, str(user.pk))
    assert calls == [("ok", "kirjautuja@oma.fi", "/accounts/login/")]


def test_failed_login_calls_the_failed_listeners_and_logs_nobody_in(calls) -> None:
    UserFactory(email="kirjautuja@oma.fi")
    c = Client()
    r = c.post("/accounts/login/", {"username": "kirjautuja@oma.fi", "password": "väärä-salasana"})
    assert r.status_code == 200 and "_auth_user_id" not in c.session
    assert calls == [("failed", "kirjautuja@oma.fi", False)]


def test_a_listener_is_registered_once() -> None:
    saved = list(hooks._on_login)
    try:
        def listener(request: Any, user: Any) -> None:
            return None

        hooks.register_login_listener(listener)
        hooks.register_login_listener(listener)
        assert hooks._on_login.count(listener) == 1
    finally:
        hooks._on_login[:] = saved
