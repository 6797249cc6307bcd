from __future__ import annotations

import pytest
from django.test import Client

from joopas.access.api import create_api_key
from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.models import CourseUnit
from joopas.catalogue.tests.factories import make_realisation, make_unit, realisation_data, unit_data
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_public_search_endpoint_finds_inflected_word() -> None:
    org = OrganisationFactory()
    unit = make_unit(org, name={"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"})
    make_unit(org, name={"fi": "Kemia"})
    r = Client().get("/api/v1/catalogue/search", {"q": "tilastotieteen", "facets": "1"})
    assert r.status_code == 200
    body = r.json()
    assert (body["total"], [i["id"] for i in body["items"]]) == (1, [unit.pk])
    assert body["items"][0]["name"] == {"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"}
    assert body["facets"]["organisation"] == [{"value": str(org.pk), "count": 1}]


@pytest.mark.parametrize("q", ["", "'; select 1; --", "x" * 5000, "äöå é ü", "%%%", "\"("])
def test_public_search_odd_queries_never_error(q: str) -> None:
    r = Client().get("/api/v1/catalogue/search", {"q": q, "credits_min": "z", "page": "x"})
    assert r.status_code == 200
    assert r.json()["items"] == []


def test_course_unit_detail_public_only() -> None:
    org = OrganisationFactory()
    unit = make_unit(org)
    make_realisation(unit, max_seats=3)
    hidden = make_unit(org, marketed=False)
    r = Client().get(f"/api/v1/catalogue/course-units/{unit.pk}")
    assert r.status_code == 200
    assert [x["max_seats"] for x in r.json()["realisations"]] == [3]
    assert Client().get(f"/api/v1/catalogue/course-units/{hidden.pk}").status_code == 404


def test_api_key_upserts_for_its_own_organisation() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    admin = UserFactory(is_superuser=True)
    _, raw = create_api_key(actor=admin, organisation_id=org.pk, name="SIS")
    c = Client(headers={"X-API-Key": raw})
    data = unit_data(study_element_id="K1")
    r = c.put("/api/v1/catalogue/course-units/by-id/K1", data, content_type="application/json")
    assert r.status_code == 200, r.content
    assert CourseUnit.objects.get().organisation_id == org.pk
    r = c.put("/api/v1/catalogue/realisations/by-id/KR1", realisation_data("K1", realisation_id="KR1"),
              content_type="application/json")
    assert r.status_code == 200, r.content
    r = c.put(f"/api/v1/catalogue/course-units/by-id/K1?organisation_id={other.pk}", data,
              content_type="application/json")
    assert r.status_code == 403
    assert CourseUnit.objects.filter(organisation_id=other.pk).count() == 0
    r = c.put("/api/v1/catalogue/course-units/by-id/K1", unit_data(study_element_id="K1", teaching_languages=[]),
              content_type="application/json")
    assert (r.status_code, r.json()["code"]) == (422, "validation_failed")
    r = c.delete("/api/v1/catalogue/course-units/by-id/K1")
    assert (r.status_code, r.json()["code"]) == (409, "catalogue.course_unit_has_realisations")


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("own", 200), ("other", 403), ("norole", 403)])
def test_permission_matrix_for_session_writes(who: str, status: int) -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    c = Client()
    if who != "anonymous":
        user = UserFactory()
        if who == "own":
            grant(user, org, Role.CATALOGUE_EDITOR)
        elif who == "other":
            grant(user, other, Role.CATALOGUE_EDITOR)
        c.force_login(user)
    before = AuditEvent.objects.count()
    r = c.put(f"/api/v1/catalogue/course-units/by-id/P1?organisation_id={org.pk}", unit_data(study_element_id="P1"),
              content_type="application/json")
    assert r.status_code == status
    if status != 200:
        assert CourseUnit.objects.count() == 0
        assert AuditEvent.objects.count() == before
    else:
        assert CourseUnit.objects.get().external_id == "P1"
