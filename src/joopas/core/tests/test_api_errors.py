from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from joopas.core.errors import DomainError, IllegalTransition, NotFound, check_transition

pytestmark = pytest.mark.django_db


def test_domain_error_serialises_with_stable_code_and_translated_message() -> None:
    with translation.override("en"):
        assert NotFound().as_dict() == {"code": "not_found", "message": "The item was not found.", "details": {}}
    with translation.override("fi"):
        assert NotFound().as_dict()["message"] == "Kohdetta ei löytynyt."
    with translation.override("sv"):
        assert NotFound().as_dict()["message"] == "Objektet hittades inte."


def test_check_transition_refuses_what_the_table_does_not_allow() -> None:
    table = {"pending": {"accepted", "rejected"}, "accepted": set()}
    check_transition(table, "pending", "accepted", code="x.illegal")
    with pytest.raises(IllegalTransition) as exc:
        check_transition(table, "accepted", "pending", code="x.illegal")
    assert exc.value.code == "x.illegal"
    assert exc.value.details == {"from": "accepted", "to": "pending"}
    assert exc.value.status == 409


def test_custom_code_and_status() -> None:
    err = DomainError("nope", code="thing.bad", status=409, details={"a": 1})
    assert (err.code, err.status, err.as_dict()) == ("thing.bad", 409,
                                                     {"code": "thing.bad", "message": "nope", "details": {"a": 1}})


def test_unknown_api_path_is_404(client: Client) -> None:
    assert client.get("/api/v1/nothing-here").status_code == 404
