"""Issue 12: inputs that used to crash the exchange (RecursionError, NaN in PostgreSQL) are refused by
`validation.parse` with their own codes; the shared vocabulary's text policy and partial-update models."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from joopas.exchange import rules
from joopas.exchange.registry import examples
from joopas.exchange.schemas import LocalisedString, Strict, partial, plain_text
from joopas.exchange.validation import depth, parse

ENV = json.dumps(examples()["UPDATE_STUDENT_REQUEST"])


def codes(body: bytes | str) -> list[tuple[str, str, int]]:
    return [(p.code, p.path, p.status) for p in parse(body.encode() if isinstance(body, str) else body).problems]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_non_finite_numbers_are_refused(token: str) -> None:
    body = ENV.replace('"payload": {', f'"payload": {{"x": {token}, ', 1)
    assert codes(body) == [("exchange.not_finite", "", 422)]


@pytest.mark.parametrize("levels", [rules.MAX_DEPTH + 1, 900, 1_100, 100_000])
def test_deep_nesting_is_refused(levels: int) -> None:
    body = ENV.replace('"payload": {', '"payload": {"x": ' + "[" * levels + "]" * levels + ", ", 1)
    assert codes(body) == [("exchange.too_deep", "", 422)]


def test_depth_counts_arrays_and_objects() -> None:
    assert (depth(1), depth([]), depth({"a": [1, {"b": []}]})) == (0, 1, 4)


def test_examples_are_within_the_depth_limit() -> None:
    assert max(depth(env) for env in examples().values()) <= rules.MAX_DEPTH


@pytest.mark.parametrize("text", ["<b>x</b>", "a<script>", "</p>", "<!--", "<?xml", "tab\x0bvertical", "\x1b[31m"])
def test_plain_text_refuses_markup_and_control_characters(text: str) -> None:
    with pytest.raises(ValueError, match="Plain text only"):
        plain_text(text)
    with pytest.raises(ValidationError) as err:
        LocalisedString.model_validate({"values": {"sv": text}})
    assert [(e["type"], e["loc"]) for e in err.value.errors()] == [("markup", ("values", "sv"))]


@pytest.mark.parametrize("text", ["x < 5", "a <= b", "rivi 1\nrivi 2\ttab", "Tilastotiede & R", "3 > 2"])
def test_plain_text_allows_ordinary_text(text: str) -> None:
    assert plain_text(text) == text


def test_partial_model_keeps_the_identifier_required_and_the_rest_optional() -> None:
    class Thing(Strict):
        thingId: str
        name: LocalisedString
        size: int = 0

    Patch = partial(Thing, "ThingPatch", keep=("thingId",))
    assert Patch.model_validate({"thingId": "T"}).model_dump(exclude_unset=True) == {"thingId": "T"}
    with pytest.raises(ValidationError):
        Patch.model_validate({"name": {"values": {"fi": "x"}}})
    with pytest.raises(ValidationError):  # the field's own type still holds
        Patch.model_validate({"thingId": "T", "name": {"values": {"fi": "<b>"}}})
