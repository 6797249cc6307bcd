"""Study records through the exchange (R-REC-1–3, R-EXC-1, R-EXC-4): CREATE_STUDYRECORD_REQUEST from the host's
system and STUDYRECORD_REPLY_REQUEST from the home's, and the same messages for what the offices do on the pages."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from joopas.access.api import Role, create_api_key
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.core.models import AuditEvent
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import TYPES
from joopas.organisations.models import Organisation
from joopas.records import services
from joopas.records.models import Credit, Record
from joopas.registrations.tests.factories import accepted, make_world, register
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db


def _key(org: Any) -> str:
    user = UserFactory()
    grant(user, org, Role.MAIN_USER)
    return create_api_key(actor=user, organisation_id=org.pk, name="SIS")[1]


@pytest.fixture
def world() -> dict[str, Any]:
    w = make_world()
    for name, tk in (("hy", "01901"), ("aalto", "10076"), ("tuni", "10122")):
        Organisation.objects.filter(pk=w[name].pk).update(tk_code=tk)
        w[name].refresh_from_db()
        w[f"{name}_key"] = _key(w[name])
    return w


def post(w: dict[str, Any], org: str, type_: str, payload: dict[str, Any], *, message_id: str | None = None) -> Any:
    env = {"message_id": message_id or str(uuid.uuid4()), "type": type_, "schema_version": "1",
           "sent_at": "2026-12-18T14:00:00+02:00", "payload": payload}
    return Client().post("/api/v1/exchange/messages", data=json.dumps(env), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {w[f'{org}_key']}")


def record_payload(w: dict[str, Any], reg: Any, *, scale: int | str = 1, grade: str = "4",
                   transaction: str = "NEW_COMPLETED_CREDIT", identifier: str = "AALTO-778899",
                   receiving: str = "01901", sending: str = "10076") -> dict[str, Any]:
    host_right = StudyRight.objects.filter(person_id=reg.host_person_id).exclude(kind="home").order_by("-id").first()
    return {
        "sendingOrganisation": sending, "receivingOrganisation": receiving,
        "sendingTime": "2026-12-18T14:00:00+02:00", "routingType": "CROSS_STUDY",
        "student": {"oid": w["person"].learner_oid, "firstNames": "Testi", "surName": "Opiskelija",
                    "homeStudyRightIdentifier": {"organisationTkCodeReference": "01901",
                                                 "studyRightId": w["right"].identifier},
                    "hostStudyRightIdentifier": {"organisationTkCodeReference": "10076",
                                                 "studyRightId": host_right.identifier if host_right else "NONE"}},
        "completedCredits": [{
            "completedCreditIdentifier": identifier,
            "completedCreditTarget": {"completedCreditTargetType": "REALISATION",
                                      "completedCreditTargetId": w["real"].external_id},
            "completedCreditName": {"values": {"fi": "Ohjelmoinnin perusteet"}},
            "completedCreditStatus": "ACCEPTED", "scope": 5,
            "assessment": {"gradingScale": {"scale": scale}, "grade": {"code": grade}},
            "completionDate": today().isoformat(), "languagesOfCompletion": ["fi"],
            "acceptors": [{"firstNames": "Tiina", "surName": "Opettaja"}],
            "transaction": transaction, "type": 2, "minEduGuidanceArea": 6}]}


def _nothing_but_refusals() -> tuple[int, int, int]:
    return Record.objects.count(), Credit.objects.count(), Delivery.objects.count()


def test_r_rec_1_a_record_from_the_host_system_becomes_a_credit_at_home_and_reaches_the_home_system(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    mid = str(uuid.uuid4())
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg), message_id=mid)
    assert r.status_code == 202, r.json()
    record = Record.objects.get()
    assert (record.organisation_id, record.host_person_id, record.realisation_id, record.grade, record.scale,
            record.credits, record.external_id, record.assessor) == \
        (world["aalto"].pk, reg.host_person_id, world["real"].pk, "4", "0-5", Decimal("5.0"), "AALTO-778899",
         "Tiina Opettaja")
    assert record.source["minEduGuidanceArea"] == 6  # every field kept as sent
    credit = Credit.objects.get()
    assert (credit.home_organisation_id, credit.home_person_id, credit.original_organisation_id, credit.status,
            str(credit.request_message_id)) == (world["hy"].pk, world["person"].pk, world["aalto"].pk, "received", mid)
    msg = Message.objects.get(message_id=mid)
    assert (msg.recipient_id, msg.order_key) == (world["hy"].pk, f"student:{world['person'].learner_oid}")
    assert list(Delivery.objects.filter(message__type="CREATE_STUDYRECORD_REQUEST")
                .values_list("message_id", "receiver_id")) == [(msg.pk, world["hy"].pk)]
    actor = AuditEvent.objects.filter(event="records.record.created").get().actor_label
    assert actor == f"system of organisation {world['aalto'].pk} (exchange message {mid})"


def test_r_rec_2_a_grade_not_in_its_stated_scale_is_refused_and_nothing_changes(world: dict[str, Any]) -> None:
    reg = accepted(world)
    before = _nothing_but_refusals()
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg, scale=2, grade="4"))
    assert r.status_code == 422
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("records.grade_not_in_scale", "payload/completedCredits/0/assessment/grade/code")]
    assert _nothing_but_refusals() == before
    # an unknown scale code names the scale
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg, scale="tenths", grade="4"))
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("records.unknown_scale", "payload/completedCredits/0/assessment/gradingScale/scale")]
    assert _nothing_but_refusals() == before


def test_r_rec_2_v9_scale_1_writes_a_failed_grade_as_hyl_and_ects_is_named_by_its_code(world: dict[str, Any]) -> None:
    reg = accepted(world)
    assert post(world, "aalto", "CREATE_STUDYRECORD_REQUEST",
                record_payload(world, reg, grade="HYL", identifier="A1")).status_code == 202
    assert post(world, "aalto", "CREATE_STUDYRECORD_REQUEST",
                record_payload(world, reg, scale="ects", grade="B", identifier="A2")).status_code == 202
    assert list(Record.objects.order_by("id").values_list("scale", "grade")) == [("0-5", "0"), ("ects", "B")]


def test_r_rec_1_a_record_for_a_student_never_accepted_is_refused(world: dict[str, Any]) -> None:
    reg = register(world)  # registered (a provisional host right), never accepted
    before = _nothing_but_refusals()
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg))
    assert r.status_code == 422
    assert [(e["code"], e["path"]) for e in r.json()["details"]["errors"]] == \
        [("records.student_not_accepted", "payload/student")]
    assert _nothing_but_refusals() == before


def test_r_exc_4_a_record_speaks_only_for_its_sender_and_goes_only_to_the_students_home(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    before = _nothing_but_refusals()
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg, sending="01901"))
    assert (r.status_code, r.json()["details"]["errors"][0]["code"], r.json()["details"]["errors"][0]["path"]) == \
        (403, "records.not_sender", "payload/sendingOrganisation")
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg, receiving="10122"))
    assert (r.status_code, r.json()["details"]["errors"][0]["code"], r.json()["details"]["errors"][0]["path"]) == \
        (403, "records.not_home", "payload/receivingOrganisation")
    # Tampere sends a record of Aalto's student: it has no such host right
    r = post(world, "tuni", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg, sending="10122"))
    assert r.status_code == 403
    assert _nothing_but_refusals() == before


def test_r_exc_1_the_same_record_message_twice_records_once(world: dict[str, Any]) -> None:
    reg = accepted(world)
    mid = str(uuid.uuid4())
    first = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg), message_id=mid)
    again = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg), message_id=mid)
    assert (first.status_code, again.status_code, again.json()) == (202, 202, first.json())
    assert (Record.objects.count(), Credit.objects.count(),
            Delivery.objects.filter(message__type="CREATE_STUDYRECORD_REQUEST").count()) == (1, 1, 1)
    # a new message with the identifier already used is refused: corrections name it
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg))
    assert (r.status_code, r.json()["details"]["errors"][0]["code"]) == (409, "records.already_recorded")


def test_r_rec_2_the_home_systems_reply_decides_the_credit_and_reaches_the_host(world: dict[str, Any]) -> None:
    reg = accepted(world)
    mid = str(uuid.uuid4())
    post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg), message_id=mid)
    reply = str(uuid.uuid4())
    r = post(world, "hy", "STUDYRECORD_REPLY_REQUEST", {
        "studyRecordRequestId": mid, "status": "RECORD_REJECTED",
        "rejectionReason": {"values": {"fi": "Suoritus on jo hyväksiluettu."}}}, message_id=reply)
    assert r.status_code == 202, r.json()
    credit = Credit.objects.get()
    assert (credit.status, credit.reason) == ("rejected", "Suoritus on jo hyväksiluettu.")
    answer = Message.objects.get(message_id=reply)
    assert answer.in_reply_to.message_id == uuid.UUID(mid)
    assert list(Delivery.objects.filter(message=answer).values_list("receiver_id", flat=True)) == [world["aalto"].pk]


def test_r_exc_4_a_reply_by_the_wrong_institution_is_refused(world: dict[str, Any]) -> None:
    reg = accepted(world)
    mid = str(uuid.uuid4())
    post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg), message_id=mid)
    deliveries = Delivery.objects.count()
    for org in ("tuni", "aalto"):  # another institution, and the sender itself
        r = post(world, org, "STUDYRECORD_REPLY_REQUEST", {"studyRecordRequestId": mid, "status": "RECORDED"})
        assert (r.status_code, r.json()["details"]["errors"][0]["code"],
                r.json()["details"]["errors"][0]["path"]) == \
            (403, "exchange.reply_not_allowed", "payload/studyRecordRequestId")
    assert (Credit.objects.get().status, Delivery.objects.count()) == ("received", deliveries)


def test_r_rec_3_a_correction_and_a_removal_by_message_follow_the_same_path(world: dict[str, Any]) -> None:
    reg = accepted(world)
    post(world, "aalto", "CREATE_STUDYRECORD_REQUEST", record_payload(world, reg))
    credit = Credit.objects.get()
    credit.status = "accepted"
    credit.save()
    fix = str(uuid.uuid4())
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST",
             record_payload(world, reg, grade="5", transaction="CORRECTION"), message_id=fix)
    assert r.status_code == 202, r.json()
    record, credit = Record.objects.get(), Credit.objects.get()
    assert (record.status, record.grade, credit.status, credit.original_grade, str(credit.request_message_id)) == \
        ("corrected", "5", "received", "5", fix)
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST",
             record_payload(world, reg, transaction="REMOVAL"))
    assert r.status_code == 202, r.json()
    assert (Record.objects.get().status, Credit.objects.get().status) == ("removed", "withdrawn")
    assert Delivery.objects.filter(receiver_id=world["hy"].pk, message__type="CREATE_STUDYRECORD_REQUEST").count() == 3
    r = post(world, "aalto", "CREATE_STUDYRECORD_REQUEST",
             record_payload(world, reg, transaction="CORRECTION", identifier="NO-SUCH"))
    assert (r.status_code, r.json()["details"]["errors"][0]["path"]) == \
        (404, "payload/completedCredits/0/completedCreditIdentifier")


def _record_in_ui(w: dict[str, Any], reg: Any, grade: str = "B", scale: str = "ects") -> Record:
    return services.record_create(actor=w["host_officer"], host_person_id=reg.host_person_id,
                                  realisation_id=w["real"].pk, completion_date=today(), credits=Decimal("5"),
                                  grade=grade, scale=scale, assessor="Tiina Opettaja")


def test_r_rec_1_a_record_entered_at_the_host_reaches_the_home_system_and_the_decision_answers_it(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    record = _record_in_ui(world, reg)
    sent = Message.objects.get(type="CREATE_STUDYRECORD_REQUEST")
    assert (sent.sender_id, sent.recipient_id, sent.inbound) == (world["aalto"].pk, world["hy"].pk, False)
    assert list(Delivery.objects.filter(message=sent).values_list("receiver_id", flat=True)) == [world["hy"].pk]
    TYPES["CREATE_STUDYRECORD_REQUEST"].model.model_validate_json(json.dumps(sent.payload), strict=True)
    cc = sent.payload["completedCredits"][0]
    assert (cc["completedCreditIdentifier"], cc["transaction"], cc["assessment"], cc["scope"]) == \
        (f"joopas-{record.pk}", "NEW_COMPLETED_CREDIT", {"gradingScale": {"scale": "ects"}, "grade": {"code": "B"}}, 5.0)
    assert cc["completedCreditTarget"] == {"completedCreditTargetType": "REALISATION",
                                           "completedCreditTargetId": world["real"].external_id,
                                           "completedCreditTargetIdentifierCode": world["real"].code}
    assert sent.payload["student"]["homeStudyRightIdentifier"]["studyRightId"] == world["right"].identifier
    credit = Credit.objects.get()
    assert credit.request_message_id == sent.message_id
    # the home officer decides on the page: the host's system gets the answer
    services.credit_decide(actor=world["home_officer"], credit_id=credit.pk, accept=True, converted_grade="4",
                           home_scale="0-5")
    answer = Message.objects.get(type="STUDYRECORD_REPLY_REQUEST")
    assert (answer.sender_id, answer.payload) == \
        (world["hy"].pk, {"studyRecordRequestId": str(sent.message_id), "status": "RECORDED"})
    assert list(Delivery.objects.filter(message=answer).values_list("receiver_id", flat=True)) == [world["aalto"].pk]


def test_r_rec_3_a_correction_and_removal_on_the_page_are_sent_and_the_home_system_may_answer(
        world: dict[str, Any]) -> None:
    reg = accepted(world)
    record = _record_in_ui(world, reg)
    services.record_correct(actor=world["host_officer"], record_id=record.pk, grade="A", scale="ects",
                            credits=Decimal("5"), completion_date=today() - dt.timedelta(days=1))
    fix = Message.objects.filter(type="CREATE_STUDYRECORD_REQUEST").order_by("-id").first()
    assert fix is not None
    assert (fix.payload["completedCredits"][0]["transaction"], fix.payload["completedCredits"][0]["assessment"]) == \
        ("CORRECTION", {"gradingScale": {"scale": "ects"}, "grade": {"code": "A"}})
    # the home system answers the correction (a message Joopas sent on the host's behalf)
    r = post(world, "hy", "STUDYRECORD_REPLY_REQUEST", {"studyRecordRequestId": str(fix.message_id),
                                                         "status": "RECORDED"})
    assert r.status_code == 202, r.json()
    assert Credit.objects.get().status == "accepted"
    assert not Message.objects.filter(type="STUDYRECORD_REPLY_REQUEST", inbound=False).exists()  # no echo
    services.record_remove(actor=world["host_officer"], record_id=record.pk, reason="väärä opiskelija")
    removal = Message.objects.filter(type="CREATE_STUDYRECORD_REQUEST").order_by("-id").first()
    assert removal is not None and removal.payload["completedCredits"][0]["transaction"] == "REMOVAL"
    keys = set(Delivery.objects.filter(receiver_id=world["hy"].pk, message__type="CREATE_STUDYRECORD_REQUEST")
               .values_list("order_key", flat=True))
    assert keys == {f"student:{world['person'].learner_oid}"}  # R-EXC-3: in order per student
