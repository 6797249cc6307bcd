from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import RequestFactory

from joopas.core.errors import Conflict, NotFound, PermissionDenied
from joopas.core.web import run_action


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_success_shows_the_success_message() -> None:
    request = _request()
    assert run_action(request, lambda: None, "Saved.") is True
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_refusal_shows_the_error_message_instead() -> None:
    request = _request()

    def refuse() -> None:
        raise Conflict("Already there.")

    assert run_action(request, refuse, "Saved.") is False
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Already there.")]


@pytest.mark.parametrize(("error", "raised"), [(PermissionDenied, DjangoPermissionDenied), (NotFound, Http404)])
def test_403_and_404_keep_their_http_meaning(error, raised) -> None:  # type: ignore[no-untyped-def]
    request = _request()

    def refuse() -> None:
        raise error()

    with pytest.raises(raised):
        run_action(request, refuse, "Saved.")
    assert list(get_messages(request)) == []
