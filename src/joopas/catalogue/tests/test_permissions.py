"""Permission matrix: every catalogue page and endpoint for anonymous / own organisation / other organisation /
no role; every denial changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.models import CourseUnit, ImportRun, JooDeclaration, Realisation, StudyModule
from joopas.catalogue.tests.factories import make_realisation, make_unit, unit_data
from joopas.core.models import AuditEvent
from joopas.core.tests import matrix
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ACTORS = matrix.ACTORS


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: str  # formatted with the world's ids
    kind: str  # public | editor (an editor of any organisation) | org (an editor of the unit's organisation)
    data: dict[str, Any] | None = None
    api: bool = False


CASES = [
    Case("search", "get", "/catalogue/", "public"),
    Case("course", "get", "/catalogue/course/{unit}/", "public"),
    Case("institutions", "get", "/catalogue/institutions/", "public"),
    Case("editor", "get", "/catalogue/edit/", "editor"),
    Case("new unit form", "get", "/catalogue/edit/new/", "editor"),
    Case("unit form", "get", "/catalogue/edit/{unit}/", "org"),
    Case("unit save", "post", "/catalogue/edit/{unit}/", "org", {"code": "X"}),
    Case("unit archive", "post", "/catalogue/edit/{unit}/archive/", "org", {}),
    Case("unit marketed", "post", "/catalogue/edit/{unit}/marketed/", "org", {"marketed": "0"}),
    Case("new realisation form", "get", "/catalogue/edit/{unit}/realisations/new/", "org"),
    Case("realisation form", "get", "/catalogue/edit/{unit}/realisations/{real}/", "org"),
    Case("realisation extend", "post", "/catalogue/edit/{unit}/realisations/{real}/extend/", "org",
         {"new_end": "2099-01-01T00:00"}),
    Case("realisation archive", "post", "/catalogue/edit/{unit}/realisations/{real}/archive/", "org", {}),
    Case("JOO declaration", "get", "/catalogue/edit/joo/", "editor"),
    Case("import form", "get", "/catalogue/edit/import/", "editor"),
    Case("export", "get", "/catalogue/edit/export.jsonl?organisation={org}", "org"),
    # API
    Case("api search", "get", "/api/v1/catalogue/search", "public", api=True),
    Case("api course unit", "get", "/api/v1/catalogue/course-units/{unit}", "public", api=True),
    Case("api put course unit", "put", "/api/v1/catalogue/course-units/by-id/{ext}?organisation_id={org}", "org",
         {"unit": True}, api=True),
    Case("api delete realisation", "delete",
         "/api/v1/catalogue/realisations/by-id/{real_ext}?organisation_id={org}", "org", api=True),
]


def _world() -> dict[str, Any]:
    org, other = OrganisationFactory(), OrganisationFactory()
    own = UserFactory()
    grant(own, org, Role.CATALOGUE_EDITOR)
    outsider = UserFactory()
    grant(outsider, other, Role.CATALOGUE_EDITOR)
    unit = make_unit(org)
    real = make_realisation(unit)
    return {"org": org.pk, "unit": unit.pk, "ext": unit.external_id, "real": real.pk, "real_ext": real.external_id,
            "users": {"own": own, "other": outsider, "no_role": UserFactory()}}


def snapshot() -> tuple[Any, ...]:
    return (list(CourseUnit.objects.order_by("id").values_list("id", "code", "status", "marketed", "updated_at")),
            list(Realisation.objects.order_by("id").values_list("id", "status", "enrolment_end", "updated_at")),
            StudyModule.objects.count(), JooDeclaration.objects.count(), ImportRun.objects.count(),
            AuditEvent.objects.count())


def _request(client: Client, case: Case, world: dict[str, Any]) -> Any:
    data = case.data or {}
    if case.api and data.get("unit"):
        data = unit_data(study_element_id=world["ext"])
    if case.method == "delete":
        return client.delete(case.url.format(**world))
    return matrix.send(client, method=case.method, url=case.url.format(**world), data=data, api=case.api)


def _allowed(case: Case, actor: str) -> bool:
    return {"public": True, "editor": actor in ("own", "other"), "org": actor == "own"}[case.kind]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case: Case, actor: str) -> None:
    world = _world()
    client = matrix.client_for(actor, world["users"])
    before = snapshot()
    response = _request(client, case, world)
    if _allowed(case, actor):
        matrix.assert_allowed(response, (case.name, actor), statuses=(200, 204, 302))
        return
    matrix.assert_denied(response, (case.name, actor), actor=actor, api=case.api,
                         api_codes=("catalogue.permission_denied",))
    if case.api and actor != "anonymous":
        assert response.json()["code"] == "catalogue.permission_denied"
    assert snapshot() == before
