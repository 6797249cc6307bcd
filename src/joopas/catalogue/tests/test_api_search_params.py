"""Issue 12, "`language` is named for what it filters": the catalogue search API's teaching-language filter is
`teaching_language` (the response's language follows Accept-Language); `language`, the documented old name, keeps
working as a deprecated alias. Both are in the OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joopas.catalogue.tests.factories import make_unit
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db: Any) -> dict[str, int]:
    org = OrganisationFactory()
    return {"fi": make_unit(org, study_element_id="FI-1", teaching_languages=["fi"]).pk,
            "en": make_unit(org, study_element_id="EN-1", teaching_languages=["en"]).pk}


def ids(**query: Any) -> list[str]:
    r = Client().get("/api/v1/catalogue/search", query)
    assert r.status_code == 200, r.content
    return sorted(i["study_element_id"] for i in r.json()["items"])


def test_teaching_language_filters_by_the_teaching_language(units: dict[str, int]) -> None:
    assert ids(teaching_language="en") == ["EN-1"]
    assert ids(teaching_language=["fi", "en"]) == ["EN-1", "FI-1"]


def test_language_stays_a_deprecated_alias(units: dict[str, int]) -> None:
    assert ids(language="en") == ["EN-1"]
    assert ids(teaching_language="fi", language="en") == ["FI-1"]  # the new name wins


def test_the_response_language_is_not_a_filter(units: dict[str, int]) -> None:
    r = Client(HTTP_ACCEPT_LANGUAGE="sv").get("/api/v1/catalogue/search", {"teaching_language": "fi"})
    assert sorted(i["study_element_id"] for i in r.json()["items"]) == ["FI-1"]


def test_facets_are_named_like_the_parameter(units: dict[str, int]) -> None:
    body = Client().get("/api/v1/catalogue/search", {"facets": "1"}).json()
    assert body["facets"]["teaching_language"] == [{"value": "fi", "count": 1}, {"value": "sv", "count": 0},
                                                   {"value": "en", "count": 1}]
    assert body["facets"]["language"] == body["facets"]["teaching_language"]


def test_openapi_names_the_parameter_and_marks_the_alias_deprecated() -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/api/v1/catalogue/search"]["get"]["parameters"]}
    assert "Teaching language" in params["teaching_language"]["description"]
    assert params["teaching_language"].get("deprecated") is None
    assert params["language"]["deprecated"] is True
