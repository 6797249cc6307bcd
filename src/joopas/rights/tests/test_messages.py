"""Student and study-right updates through the exchange (R-REG-7, data minimisation §12; R-EXC-3, R-EXC-4)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import TYPES
from joopas.networks.tests.factories import make_network
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import importer, services
from joopas.rights.models import Attendance, Person, StudyRight
from joopas.rights.tests.factories import make_home_right, make_person, officer

pytestmark = pytest.mark.django_db

STUDENT_TYPES = ("UPDATE_STUDENT_REQUEST", "UPDATE_STUDENT_STUDYRIGHT_REQUEST")


def _key(org: Any) -> str:
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    return create_api_key(actor=user, organisation_id=org.pk, name="SIS")[1]


@pytest.fixture
def world() -> dict[str, Any]:
    """Helsinki (home), Aalto (host) and Tampere in a network; a Helsinki student with an eligible home right."""
    w: dict[str, Any] = {name: OrganisationFactory(tk_code=tk)
                         for name, tk in (("hy", "01901"), ("aalto", "10076"), ("tuni", "10122"))}
    w["network"] = make_network(w["hy"], [w["aalto"], w["tuni"]])
    w["home_officer"] = officer(w["hy"])
    w["person"] = make_person(w["hy"], actor=w["home_officer"])
    w["right"] = make_home_right(w["person"], actor=w["home_officer"], networks=[w["network"]],
                                 end=today() + dt.timedelta(days=900))
    for name in ("hy", "aalto", "tuni"):
        w[f"{name}_key"] = _key(w[name])
    return w


class Accepted:
    """What an accepted registration leaves at the host (R-REG-2/3/6): a copy of the home record and an official
    host right granted on the home right."""

    def __init__(self, w: dict[str, Any], at: str = "aalto") -> None:
        host = services.host_person_for(home_person_id=w["person"].pk, host_organisation_id=w[at].pk)
        right = services.provisional_right_create(host_person_id=host.pk, identifier=f"{at.upper()}-{host.pk}",
                                                  start_date=today(), end_date=today() + dt.timedelta(days=300),
                                                  home_right_id=w["right"].pk)
        services.host_right_make_official(actor=None, right_id=right.pk, end_date=today() + dt.timedelta(days=300))
        self.host_person_id, self.host_right_id = host.pk, right.pk


def accepted(w: dict[str, Any], at: str = "aalto") -> Accepted:
    return Accepted(w, at)


def post(w: dict[str, Any], org: str, type_: str, payload: dict[str, Any], *, recipient: str | None = None,
         message_id: str | None = None) -> Any:
    env: dict[str, Any] = {"message_id": message_id or str(uuid.uuid4()), "type": type_, "schema_version": "1",
                           "sent_at": "2026-12-18T14:00:00+02:00", "payload": payload}
    if recipient:
        env["recipient"] = w[recipient].oid
    return Client().post("/api/v1/exchange/messages", data=json.dumps(env), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {w[f'{org}_key']}")


def student(w: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"oid": w["person"].learner_oid, "firstNames": w["person"].first_names, "surName": "Uusinimi",
            "email": ["uusi@example.fi"], **changes}


def study_right(w: dict[str, Any], *, end: str, status: int = 1, keywords: list[Any] | None = None) -> dict[str, Any]:
    right: dict[str, Any] = {
        "identifiers": {"organisationTkCodeReference": "01901", "studyRightId": w["right"].identifier},
        "studyRightStatus": {"studyRightStatusValue": status, "startDate": w["right"].start_date.isoformat(),
                             "endDate": end}}
    if keywords is not None:
        right["keywords"] = keywords
    return {"oid": w["person"].learner_oid, "homeStudyRight": right}


def _student_deliveries(receiver: Any) -> list[tuple[str, str]]:
    return list(Delivery.objects.filter(receiver_id=receiver.pk, message__type__in=STUDENT_TYPES)
                .order_by("id").values_list("message__type", "order_key"))


def test_r_reg_7_a_student_update_to_an_institution_without_a_right_of_the_student_is_refused(
        world: dict[str, Any]) -> None:
    """Issue 12's finding: personal data flows only to institutions that hold a registration or a right of the
    student (data minimisation §12). Tampere has neither: refused, nothing delivered, nothing changed."""
    accepted(world)
    before = (Person.objects.get(pk=world["person"].pk).last_name, Delivery.objects.count())
    mid = str(uuid.uuid4())
    r = post(world, "hy", "UPDATE_STUDENT_REQUEST", student(world), recipient="tuni", message_id=mid)
    assert r.status_code == 403
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("rights.recipient_holds_no_right", "recipient")]
    assert (Person.objects.get(pk=world["person"].pk).last_name, Delivery.objects.count()) == before
    msg = Message.objects.get(message_id=mid)  # only the refusal is kept
    assert (msg.status, list(msg.deliveries.all())) == ("refused", [])
    # the same for a study-right update, and for a student no institution knows
    r = post(world, "hy", "UPDATE_STUDENT_STUDYRIGHT_REQUEST", study_right(world, end="2027-07-31"),
             recipient="tuni")
    assert (r.status_code, r.json()["details"]["errors"][0]["code"]) == (403, "rights.recipient_holds_no_right")
    r = post(world, "hy", "UPDATE_STUDENT_REQUEST", student(world, oid="1.2.246.562.24.10000000003"),
             recipient="aalto")
    assert (r.status_code, r.json()["details"]["errors"][0]["code"]) == (403, "rights.recipient_holds_no_right")
    assert Delivery.objects.count() == before[1]


def test_r_reg_7_a_student_update_to_a_host_with_a_right_updates_home_and_reaches_the_host(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    mid = str(uuid.uuid4())
    r = post(world, "hy", "UPDATE_STUDENT_REQUEST", student(world), recipient="aalto", message_id=mid)
    assert r.status_code == 202, r.json()
    home, copy = Person.objects.get(pk=world["person"].pk), Person.objects.get(pk=reg.host_person_id)
    assert (home.last_name, home.email, copy.last_name, copy.email) == \
        ("Uusinimi", "uusi@example.fi", "Uusinimi", "uusi@example.fi")
    msg = Message.objects.get(message_id=mid)
    # the addressed host gets the home system's own message, and no second copy from Joopas
    assert _student_deliveries(world["aalto"]) == \
        [("UPDATE_STUDENT_REQUEST", f"student:{world['person'].learner_oid}")]
    assert list(msg.deliveries.values_list("receiver_id", flat=True)) == [world["aalto"].pk]
    # the host answers; only the addressed host may
    r = post(world, "tuni", "UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": mid, "status": "UPDATED"})
    assert (r.status_code, r.json()["details"]["errors"][0]["code"]) == (403, "exchange.reply_not_allowed")
    r = post(world, "aalto", "UPDATE_STUDENT_REPLY_REQUEST", {"studentRequestId": mid, "status": "UPDATED"})
    assert r.status_code == 202


def test_r_reg_7_a_study_right_update_from_home_moves_the_host_rights_end_and_reaches_the_host(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    host_right = StudyRight.objects.get(pk=reg.host_right_id)
    new_end = host_right.end_date - dt.timedelta(days=10)
    term = [{"key": f"{today().isoformat()}/{(today() + dt.timedelta(days=120)).isoformat()}",
             "keySet": "attendance", "value": {"values": {"fi": "poissa"}}}]
    r = post(world, "hy", "UPDATE_STUDENT_STUDYRIGHT_REQUEST", study_right(world, end=new_end.isoformat(),
                                                                          keywords=term), recipient="aalto")
    assert r.status_code == 202, r.json()
    home, host_right = StudyRight.objects.get(pk=world["right"].pk), StudyRight.objects.get(pk=reg.host_right_id)
    assert (home.end_date, host_right.end_date) == (new_end, new_end)
    assert list(Attendance.objects.filter(study_right=home).values_list("term_start", "present")) == \
        [(today(), False)]
    assert _student_deliveries(world["aalto"]) == \
        [("UPDATE_STUDENT_STUDYRIGHT_REQUEST", f"student:{world['person'].learner_oid}")]
    # an ended right at home ends the host right's end today; an illegal step names the field
    r = post(world, "hy", "UPDATE_STUDENT_STUDYRIGHT_REQUEST", study_right(world, end=new_end.isoformat(), status=3),
             recipient="aalto")
    assert r.status_code == 202, r.json()
    assert (StudyRight.objects.get(pk=world["right"].pk).status,
            StudyRight.objects.get(pk=reg.host_right_id).end_date) == ("ended", today())
    r = post(world, "hy", "UPDATE_STUDENT_STUDYRIGHT_REQUEST", study_right(world, end=new_end.isoformat(), status=1),
             recipient="aalto")
    assert (r.status_code, r.json()["details"]["errors"][0]["path"]) == \
        (422, "payload/homeStudyRight/studyRightStatus/studyRightStatusValue")


def test_r_exc_4_a_study_right_update_names_only_the_senders_own_rights(world: dict[str, Any]) -> None:
    accepted(world)
    payload = study_right(world, end="2027-07-31")
    payload["homeStudyRight"]["identifiers"]["organisationTkCodeReference"] = "10122"
    r = post(world, "hy", "UPDATE_STUDENT_STUDYRIGHT_REQUEST", payload, recipient="aalto")
    assert (r.status_code, r.json()["details"]["errors"][0]["code"], r.json()["details"]["errors"][0]["path"]) == \
        (403, "rights.study_right.not_own", "payload/homeStudyRight/identifiers/organisationTkCodeReference")


def test_r_reg_7_home_changes_in_joopas_are_sent_to_every_host_with_a_right_in_order_per_student(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    officer, person, right = world["home_officer"], world["person"], world["right"]
    services.person_upsert(actor=officer, organisation_id=world["hy"].pk, data=services.PersonInput(
        first_names=person.first_names, last_name="Muutettu", learner_oid=person.learner_oid,
        email="muutettu@example.fi"))
    services.right_dates_update(actor=officer, right_id=right.pk, start_date=right.start_date,
                                end_date=today() + dt.timedelta(days=30))
    services.attendance_set(actor=officer, right_id=right.pk, term_start=today(),
                            term_end=today() + dt.timedelta(days=120), present=True)
    key = f"student:{person.learner_oid}"
    assert _student_deliveries(world["aalto"]) == [("UPDATE_STUDENT_REQUEST", key),
                                                   ("UPDATE_STUDENT_STUDYRIGHT_REQUEST", key),
                                                   ("UPDATE_STUDENT_STUDYRIGHT_REQUEST", key)]
    assert _student_deliveries(world["tuni"]) == []  # no right there: nothing (data minimisation)
    sent = list(Message.objects.filter(type__in=STUDENT_TYPES).order_by("id"))
    assert all((m.sender_id, m.recipient_id, m.inbound) == (world["hy"].pk, world["aalto"].pk, False) for m in sent)
    assert sent[0].payload == {"oid": person.learner_oid, "firstNames": person.first_names, "surName": "Muutettu",
                               "email": ["muutettu@example.fi"]}
    last = sent[2].payload["homeStudyRight"]
    assert last["studyRightStatus"] == {"studyRightStatusValue": 1, "startDate": right.start_date.isoformat(),
                                        "endDate": (today() + dt.timedelta(days=30)).isoformat()}
    assert last["keywords"][0]["key"] == f"{today().isoformat()}/{(today() + dt.timedelta(days=120)).isoformat()}"
    for m in sent:  # Joopas obeys its own schemas
        TYPES[m.type].model.model_validate_json(json.dumps(m.payload), strict=True)
    # the host right's end moved with the home right's (R-REG-3/R-REG-7), and the host's system was told
    assert StudyRight.objects.get(pk=reg.host_right_id).end_date == today() + dt.timedelta(days=30)
    # the host may answer a message Joopas sent in the home institution's name
    r = post(world, "aalto", "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST",
             {"studentRequestId": str(sent[1].message_id), "status": "UPDATED"})
    assert r.status_code == 202, r.json()


def test_r_reg_7_an_unchanged_save_or_reimport_sends_nothing_and_a_changed_import_does(world: dict[str, Any]) -> None:
    accepted(world)
    officer, person, right = world["home_officer"], world["person"], world["right"]
    services.person_upsert(actor=officer, organisation_id=world["hy"].pk, data=services.PersonInput(
        first_names=person.first_names, last_name=person.last_name, learner_oid=person.learner_oid,
        email=person.email))
    services.right_dates_update(actor=officer, right_id=right.pk, start_date=right.start_date, end_date=right.end_date)
    assert _student_deliveries(world["aalto"]) == []
    end = today() + dt.timedelta(days=200)
    csv = ("hetu,learner_oid,student_number,first_names,last_name,email,right_identifier,start_date,end_date,status,"
           f"degree_programme,networks\n,{person.learner_oid},,{person.first_names},{person.last_name},{person.email},"
           f"{right.identifier},{right.start_date.isoformat()},{end.isoformat()},active,,{world['network'].code}\n")
    plan = importer.plan(csv, organisation_id=world["hy"].pk)
    assert plan.ok, plan.errors
    importer.apply(plan, actor=officer, organisation_id=world["hy"].pk)
    assert [t for t, _k in _student_deliveries(world["aalto"])] == ["UPDATE_STUDENT_STUDYRIGHT_REQUEST"]


def test_r_reg_7_the_home_systems_update_reaches_every_other_host_with_a_right_once(world: dict[str, Any]) -> None:
    """The addressed host gets the home system's message; Tampere, which also holds a right of the student, gets the
    same update from Joopas in the home's name — and nobody gets it twice."""
    accepted(world, "aalto")
    accepted(world, "tuni")
    mid = str(uuid.uuid4())
    assert post(world, "hy", "UPDATE_STUDENT_REQUEST", student(world), recipient="aalto",
                message_id=mid).status_code == 202
    key = f"student:{world['person'].learner_oid}"
    assert _student_deliveries(world["aalto"]) == [("UPDATE_STUDENT_REQUEST", key)]
    assert _student_deliveries(world["tuni"]) == [("UPDATE_STUDENT_REQUEST", key)]
    told = Message.objects.get(type="UPDATE_STUDENT_REQUEST", inbound=False)
    assert (told.sender_id, told.recipient_id, told.caused_by_id, told.payload["surName"]) == \
        (world["hy"].pk, world["tuni"].pk, None, "Uusinimi")
    assert Message.objects.get(message_id=mid).deliveries.get().receiver_id == world["aalto"].pk
