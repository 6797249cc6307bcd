"""R-EXC-6: what a home institution's system does with CREATE_REGISTRATION_REQUEST, its study office can do in the
pages — register its student to another institution's course, with the same choices and rules as the student."""

from __future__ import annotations

from typing import Any

import pytest

from joopas.accounts.tests.factories import UserFactory
from joopas.core.models import AuditEvent
from joopas.core.tests import matrix
from joopas.core.tests.matrix import logged_in as _client
from joopas.exchange.models import Message
from joopas.registrations import rules
from joopas.registrations.models import Registration, Selection
from joopas.registrations.tests.factories import make_world, register
from joopas.rights.tests.factories import make_home_right, make_person, officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def _url(w: dict[str, Any]) -> str:
    return f"/registrations/register-student/{w['unit'].pk}/"


def _state() -> tuple[int, int, int]:
    return Registration.objects.count(), Selection.objects.count(), Message.objects.count()


def test_r_exc_6_the_home_office_registers_its_student_as_its_system_could(w: dict[str, Any]) -> None:
    """Found by the study right's identifier; the course page's choices; the same service (R-REG-1, R-REG-2, the
    host's copy of the request); the read is audited (R-ACC-6)."""
    c = _client(w["home_officer"])
    page = c.get(_url(w) + f"?study_right={w['right'].identifier}").content.decode()
    assert f"{w['person'].first_names} {w['person'].last_name}" in page
    assert f'name="realisations" value="{w["real"].pk}"' in page and f'value="{w["other"].pk}"' in page
    read = AuditEvent.objects.get(event="registrations.on_behalf.read")
    assert read.after == {"person_oids": [w["person"].learner_oid], "course_unit_id": w["unit"].pk}
    route = f"{w['right'].pk}-{w['network'].pk}"
    answer = c.post(_url(w), {"study_right": w["right"].identifier, "route": route, "realisations": [w["real"].pk]})
    assert answer.status_code == 302
    assert answer["Location"].startswith("/registrations/outgoing/?q=")
    reg = Registration.objects.get()
    assert (reg.home_person_id, reg.network_id, reg.host_organisation_id) == (w["person"].pk, w["network"].pk,
                                                                             w["aalto"].pk)
    assert reg.registered_by == w["home_officer"].email
    assert list(reg.selections.values_list("realisation_id", "status")) == [(w["real"].pk, rules.PENDING)]
    assert Message.objects.filter(type="CREATE_REGISTRATION_REQUEST", inbound=False, recipient_id=w["aalto"].pk).count() == 1
    # the realisation registered to is not offered again
    again = c.get(_url(w) + f"?study_right={w['right'].identifier}").content.decode()
    assert f'name="realisations" value="{w["real"].pk}"' not in again and f'value="{w["other"].pk}"' in again


def test_r_exc_6_an_unknown_identifier_or_another_institutions_right_finds_no_one(w: dict[str, Any]) -> None:
    """Only the acting office's own degree study rights are found; a wrong identifier is said plainly, in the
    officer's language, and nothing is read or changed."""
    c = _client(w["home_officer"], "fi")
    page = c.get(_url(w) + "?study_right=EI-OLE").content.decode()
    assert "Korkeakoulullasi ei ole Joopasissa tutkinto-opiskeluoikeutta tällä tunnisteella." in page
    assert 'aria-invalid="true"' in page
    tuni_office = officer(w["tuni"])
    stranger = make_person(w["tuni"], actor=tuni_office)
    right = make_home_right(stranger, actor=tuni_office)
    page = c.get(_url(w) + f"?study_right={right.identifier}").content.decode()
    assert stranger.last_name not in page
    before = _state()
    assert c.post(_url(w), {"study_right": right.identifier, "route": f"{right.pk}-{w['network'].pk}",
                            "realisations": [w["real"].pk]}).status_code == 404
    assert _state() == before
    assert not AuditEvent.objects.filter(event="registrations.on_behalf.read").exists()


def test_r_exc_6_refusals_read_as_for_the_student_and_change_nothing(w: dict[str, Any]) -> None:
    """R-REG-1 through the page: a realisation already registered to (sent by a stale form) is refused at the
    field in the officer's words, and a right not eligible for the course's networks gets no form."""
    register(w)
    c = _client(w["home_officer"])
    before = _state()
    answer = c.post(_url(w), {"study_right": w["right"].identifier, "route": f"{w['right'].pk}-{w['network'].pk}",
                              "realisations": [w["real"].pk]})
    assert answer.status_code == 200
    assert "The student is already registered to this course." in answer.content.decode()
    assert _state() == before
    plain = make_home_right(make_person(w["hy"], actor=w["home_officer"]), actor=w["home_officer"], networks=[])
    page = c.get(_url(w) + f"?study_right={plain.identifier}").content.decode()
    assert "is not marked for any network that offers this course" in page and 'name="realisations"' not in page


def test_r_exc_6_a_course_of_the_own_institution_is_registered_in_the_own_system(w: dict[str, Any]) -> None:
    page = _client(w["host_officer"]).get(_url(w)).content.decode()
    assert "This course is at your own institution." in page and 'name="study_right"' not in page


def test_the_course_page_links_officers_of_other_institutions_to_the_page(w: dict[str, Any]) -> None:
    link = f'href="{_url(w)}"'
    assert link in _client(w["home_officer"]).get(f"/catalogue/course/{w['unit'].pk}/").content.decode()
    assert link not in _client(w["host_officer"]).get(f"/catalogue/course/{w['unit'].pk}/").content.decode()
    assert link not in _client(w["student"]).get(f"/catalogue/course/{w['unit'].pk}/").content.decode()


@pytest.mark.parametrize("actor", matrix.ACTORS)
def test_permission_matrix(w: dict[str, Any], actor: str) -> None:
    """Anonymous: the login page; no office role: 403; an office elsewhere finds no student of this one and
    cannot register them (404); the own office registers. A denial changes nothing."""
    users = {"own": w["home_officer"], "other": officer(w["tuni"]), "no_role": UserFactory()}
    data = {"study_right": w["right"].identifier, "route": f"{w['right'].pk}-{w['network'].pk}",
            "realisations": [w["real"].pk]}
    before = _state()
    response = matrix.send(matrix.client_for(actor, users), method="post", url=_url(w), data=data)
    if actor == "own":
        matrix.assert_allowed(response, "register for student")
        assert _state()[0] == before[0] + 1
        return
    if actor == "other":
        assert response.status_code == 404
    else:
        matrix.assert_denied(response, "register for student", actor=actor, api=False)
    assert _state() == before


def test_bad_input_never_causes_a_500(w: dict[str, Any]) -> None:
    c = _client(w["home_officer"])
    before = _state()
    for query in ("?study_right=" + "x" * 500, "?study_right[]=1", "?study_right=%C3%28"):
        assert c.get(_url(w) + query).status_code == 200
    assert c.get(_url(w) + "?study_right=%00").status_code == 400  # the edge refuses a NUL byte in any request
    assert c.get("/registrations/register-student/999999/").status_code == 404
    for data in ({"study_right": w["right"].identifier, "route": "x-y", "realisations": ["a"]},
                 {"study_right": w["right"].identifier, "route": f"{w['right'].pk}-999999"},
                 {"study_right": w["right"].identifier}):
        assert c.post(_url(w), data).status_code == 200
    assert _state() == before

