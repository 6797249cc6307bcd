"""R-EXC-5 for registrations: the documented examples (every field filled) are accepted unchanged apart from the
envelope, validate against the reference vocabulary (`../shared/reference/ripa-v9-fixed/`), and every field of
the vocabulary's registration schemas is one of ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from joopas.exchange.registry import examples
from joopas.exchange.validation import parse
from joopas.registrations import message_schemas as m

RIPA = Path(settings.PROJECT_DIR).parent / "shared" / "reference" / "ripa-v9-fixed"
SCHEMAS = {"CREATE_REGISTRATION_REQUEST": "registration/createRegistrationRequest.json",
           "REGISTRATION_REPLY_REQUEST": "registration/registrationReplyRequest.json"}
needs_ripa = pytest.mark.skipif(not RIPA.exists(), reason="../shared/reference/ripa-v9-fixed is not available")


def _registry() -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in RIPA.rglob("*.json"):
        contents = json.loads(path.read_text())
        contents["id"] = contents.get("id", "").replace("classpath:/", "https://ripa.invalid/")
        resources.append((contents["id"], Resource(contents=contents, specification=DRAFT4)))
    return Registry().with_resources(resources)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_r_exc_5_the_example_is_accepted_as_it_is(name: str) -> None:
    assert parse(json.dumps(examples()[name]).encode()).problems == []


@needs_ripa
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_r_exc_5_the_example_validates_against_ripa_v9(name: str) -> None:
    from jsonschema import Draft4Validator

    registry = _registry()
    schema = registry.contents("https://ripa.invalid/messageschemas/v9/" + SCHEMAS[name])
    errors = list(Draft4Validator(schema, registry=registry).iter_errors(examples()[name]["payload"]))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def _fields(schema_file: str, *pointer: str) -> set[str]:
    node: Any = json.loads((RIPA / schema_file).read_text())
    for key in pointer:
        node = node[key] if not key.isdigit() else node[int(key)]
    return set(node.get("properties", {}))


@needs_ripa
def test_r_exc_5_every_field_of_the_vocabulary_is_ours() -> None:
    assert _fields("registration/createRegistrationRequest.json") == set(m.CreateRegistrationRequest.model_fields)
    student = _fields("common/extendedStudent.json", "allOf", "0") | {"oid", "personId"}
    assert student == set(m.ExtendedStudent.model_fields)
    assert _fields("common/studyRight.json") == set(m.HomeStudyRight.model_fields)
    for hier in ("1", "2", "4"):
        assert _fields(f"registration/registrationSelectionItemHier{hier}.json") == set(
            m.RegistrationSelection.model_fields)
    assert _fields("registration/registrationReplyRequest.json", "oneOf", "0") == set(
        m.RegistrationReplyRequest.model_fields)
    assert _fields("common/registrationReplySelectionItem.json") == set(m.ReplySelection.model_fields)


def test_the_documentation_shows_each_example() -> None:
    doc = (Path(settings.PROJECT_DIR) / "docs" / "exchange.md").read_text()
    for name in SCHEMAS:
        assert f"### {name}\n" in doc
        assert json.dumps(examples()[name], indent=2, ensure_ascii=False) in doc
