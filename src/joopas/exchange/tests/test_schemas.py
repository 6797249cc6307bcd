"""Schemas: examples validate, the published JSON Schemas do not drift, RIPA v9 compatibility."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from joopas.exchange.registry import TYPES, examples, json_schemas
from joopas.exchange.validation import parse

RIPA = Path(settings.PROJECT_DIR).parent / "shared" / "reference" / "ripa-v9-fixed"
DOCS = Path(settings.PROJECT_DIR) / "docs" / "api" / "messages" / "v1"

# Our type → the matching RIPA v9 schema. Intentional differences are listed in docs/exchange.md
# ("Differences from RIPA v9"); every example must still validate against the RIPA schema.
RIPA_SCHEMA = {
    "CREATE_COURSEUNIT_REQUEST": "courseunit/createCourseUnitRequest.json",
    "UPDATE_COURSEUNIT_REQUEST": "courseunit/updateCourseUnitRequest.json",
    "DELETE_COURSEUNIT_REQUEST": "courseunit/deleteCourseUnitRequest.json",
    "CREATE_STUDYMODULE_REQUEST": "studymodule/createStudyModuleRequest.json",
    "UPDATE_STUDYMODULE_REQUEST": "studymodule/updateStudyModuleRequest.json",
    "DELETE_STUDYMODULE_REQUEST": "studymodule/deleteStudyModuleRequest.json",
    "CREATE_REALISATION_REQUEST": "realisation/createRealisationRequest.json",
    "UPDATE_REALISATION_REQUEST": "realisation/updateRealisationRequest.json",
    "DELETE_REALISATION_REQUEST": "realisation/deleteRealisationRequest.json",
    **{name: "notification/notification.json" for name in TYPES
       if name.endswith("_NOTIFICATION") and not name.startswith(("NETWORK", "JOO_"))},
    # RIPA has no network notification; its network requests carry the same `network` body.
    "NETWORK_CREATED_NOTIFICATION": "network/createNetworkRequest.json",
    "NETWORK_UPDATED_NOTIFICATION": "network/updateNetworkRequest.json",
    "CREATE_NETWORK_REQUEST": "network/createNetworkRequest.json",
    "UPDATE_NETWORK_REQUEST": "network/updateNetworkRequest.json",
    "UPDATE_STUDENT_REQUEST": "student/updateStudentRequest.json",
    "UPDATE_STUDENT_REPLY_REQUEST": "student/updateStudentReplyRequest.json",
    "UPDATE_STUDENT_STUDYRIGHT_REQUEST": "student/updateStudentStudyRightRequest.json",
    "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST": "student/updateStudentStudyRightReplyRequest.json",
    "CREATE_STUDYRECORD_REQUEST": "studyrecord/createStudyRecordRequest.json",
    "STUDYRECORD_REPLY_REQUEST": "studyrecord/studyRecordReplyRequest.json",
    "ACKNOWLEDGEMENT": "acknowledgement/acknowledgement.json",
    "CREATE_REGISTRATION_REQUEST": "registration/createRegistrationRequest.json",
    "REGISTRATION_REPLY_REQUEST": "registration/registrationReplyRequest.json",
}
# JOO application outcomes have no RIPA v9 counterpart (docs/exchange.md "Differences from RIPA v9", 11).
NO_RIPA = {name for name in TYPES if name.startswith("JOO_")}


def test_every_type_has_an_example_and_a_ripa_counterpart() -> None:
    assert set(examples()) == set(TYPES) == set(RIPA_SCHEMA) | NO_RIPA


@pytest.mark.parametrize("name", sorted(TYPES))
def test_example_validates(name: str) -> None:
    env = examples()[name]
    mtype = TYPES[name]
    if mtype.inbound:
        parsed = parse(json.dumps(env).encode())
        assert parsed.problems == []
    else:  # platform-generated: the payload obeys the schema
        mtype.model.model_validate_json(json.dumps(env["payload"]), strict=True)


def test_published_schemas_do_not_drift() -> None:
    call_command("exchange", "export-schemas", "--check")
    for name, schema in json_schemas().items():
        assert json.loads((DOCS / name).read_text()) == schema
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_published_examples_validate_against_published_schemas() -> None:
    from jsonschema import Draft202012Validator

    for name, env in examples().items():
        schema = json.loads((DOCS / f"{name.lower()}.json").read_text())
        Draft202012Validator(schema).validate(env["payload"])
        Draft202012Validator(json.loads((DOCS / "envelope.json").read_text())).validate(env)
        assert json.loads((DOCS / "examples" / f"{name.lower()}.json").read_text()) == env


def _ripa_registry() -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in RIPA.rglob("*.json"):
        contents = json.loads(path.read_text())
        contents["id"] = contents.get("id", "").replace("classpath:/", "https://ripa.invalid/")
        resources.append((contents["id"], Resource(contents=contents, specification=DRAFT4)))
    return Registry().with_resources(resources)


@pytest.mark.skipif(not RIPA.exists(), reason="../shared/reference/ripa-v9-fixed is not available")
@pytest.mark.parametrize("name", sorted(RIPA_SCHEMA))
def test_example_is_compatible_with_ripa_v9(name: str) -> None:
    from jsonschema import Draft4Validator

    registry = _ripa_registry()
    uri = "https://ripa.invalid/messageschemas/v9/" + RIPA_SCHEMA[name]
    schema = registry.contents(uri)
    errors = sorted(Draft4Validator(schema, registry=registry).iter_errors(examples()[name]["payload"]),
                    key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_documentation_shows_every_example() -> None:
    doc = (Path(settings.PROJECT_DIR) / "docs" / "exchange.md").read_text()
    for name, env in examples().items():
        assert f"### {name}\n" in doc
        assert json.dumps(env, indent=2, ensure_ascii=False) in doc, f"docs/exchange.md: example {name} is stale"
