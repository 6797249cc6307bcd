"""R-EXC-6: what an institution's system does with DELETE_STUDYMODULE_REQUEST, its catalogue editor can do in
the pages: the study modules list (with their course units) and a delete that asks first."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.models import CourseUnit, StudyModule
from joopas.catalogue.tests.factories import make_module, make_unit
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _editor(org: Any, lang: str = "en") -> Client:
    user = UserFactory()
    grant(user, org, Role.CATALOGUE_EDITOR)
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


def test_r_exc_6_the_list_shows_the_own_modules_with_their_course_units() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    module = make_module(org, code="TILA-MOD", name={"fi": "Tilastotiede", "en": "Statistics"})
    make_unit(org, parents=[module.external_id])
    make_module(other, code="MUU-MOD")
    page = _editor(org).get("/catalogue/edit/modules/").content.decode()
    assert "TILA-MOD" in page and "MUU-MOD" not in page
    assert "1 study module" in page
    assert '<td class="num">1</td>' in page
    assert f'href="/catalogue/edit/modules/{module.pk}/delete/"' in page


def test_r_exc_6_delete_asks_first_then_deletes_the_module_and_keeps_its_course_units() -> None:
    org = OrganisationFactory()
    module = make_module(org, code="TILA-MOD")
    unit = make_unit(org, parents=[module.external_id])
    c = _editor(org, "fi")
    ask = c.get(f"/catalogue/edit/modules/{module.pk}/delete/").content.decode()
    assert "Poistetaanko opintokokonaisuus TILA-MOD" in ask
    assert StudyModule.objects.filter(pk=module.pk).exists()
    answer = c.post(f"/catalogue/edit/modules/{module.pk}/delete/")
    assert answer.status_code == 302 and answer["Location"] == "/catalogue/edit/modules/"
    assert not StudyModule.objects.filter(pk=module.pk).exists()
    assert CourseUnit.objects.filter(pk=unit.pk).exists()
    row = AuditEvent.objects.get(event="catalogue.study_module_deleted")
    assert row.before == {"external_id": module.external_id, "code": "TILA-MOD"}


@pytest.mark.parametrize(("who", "get_status", "post_status"),
                         [("anonymous", 302, 302), ("other", 403, 403), ("no_role", 403, 403), ("own", 200, 302)])
def test_permission_matrix(who: str, get_status: int, post_status: int) -> None:
    """A denial changes nothing and writes no audit row."""
    org, other = OrganisationFactory(), OrganisationFactory()
    module = make_module(org)
    c = Client()
    if who == "own":
        c = _editor(org)
    elif who == "other":
        c = _editor(other)
    elif who == "no_role":
        c.force_login(UserFactory())
    before = AuditEvent.objects.filter(event="catalogue.study_module_deleted").count()
    assert c.get(f"/catalogue/edit/modules/{module.pk}/delete/").status_code == get_status
    response = c.post(f"/catalogue/edit/modules/{module.pk}/delete/")
    assert response.status_code == post_status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    gone = not StudyModule.objects.filter(pk=module.pk).exists()
    assert gone is (who == "own")
    after = AuditEvent.objects.filter(event="catalogue.study_module_deleted").count()
    assert after == before + (1 if who == "own" else 0)
    if who in ("other", "no_role"):
        assert c.get("/catalogue/edit/modules/").status_code == (200 if who == "other" else 403)


def test_an_unknown_module_is_404() -> None:
    org = OrganisationFactory()
    c = _editor(org)
    assert c.get("/catalogue/edit/modules/999999/delete/").status_code == 404
    assert c.post("/catalogue/edit/modules/999999/delete/").status_code == 404
