"""JOO application outcomes to the home and host systems through the exchange (issue 14 part 7): each step emits
one notification of its type, to the right receivers, with a payload that obeys its published model."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from joopas.applications import outcomes, services
from joopas.applications.messages import DECISION, ENDED, ENDORSEMENT, GRANTED
from joopas.applications.tests.factories import endorsed, granted, make_world, submitted
from joopas.core.clock import today
from joopas.exchange.models import Delivery, Message
from joopas.exchange.registry import TYPES
from joopas.organisations.tests.factories import OrganisationFactory
from joopas.rights import api as rights_api
from joopas.rights import services as rights_services

pytestmark = pytest.mark.django_db


def _with_tk_codes(w: dict[str, Any]) -> dict[str, Any]:
    model = OrganisationFactory._meta.model
    for name, tk in {"hy": "01901", "aalto": "10076", "tuni": "10122"}.items():
        model.objects.filter(pk=w[name].pk).update(tk_code=tk)
        w[name].refresh_from_db()
    return w


@pytest.fixture
def w() -> dict[str, Any]:
    return _with_tk_codes(make_world())


def _messages(type_name: str) -> list[Message]:
    return list(Message.objects.filter(type=type_name).order_by("id"))


def _receivers(msg: Message) -> list[int]:
    return sorted(Delivery.objects.filter(message=msg).values_list("receiver_id", flat=True))


def _valid(msg: Message) -> Any:
    return TYPES[msg.type].model.model_validate_json(json.dumps(msg.payload), strict=True)


def test_r_joo_1_endorsement_is_told_to_home_and_host(w: dict[str, Any]) -> None:
    app = endorsed(w)
    [msg] = _messages(ENDORSEMENT)
    assert (msg.sender_id, msg.inbound) == (w["hy"].pk, False)
    assert _receivers(msg) == sorted([w["hy"].pk, w["aalto"].pk])
    _valid(msg)
    p = msg.payload
    assert (p["applicationNumber"], p["status"], p["paymentCommitted"], p["decisionDue"]) == (
        app.number, "ENDORSED", True, app.decision_due.isoformat())
    assert (p["homeOrganisationTkCode"], p["hostOrganisationTkCode"]) == ("01901", "10076")
    assert p["student"] == {"oid": w["person"].learner_oid, "firstNames": w["person"].first_names,
                            "surName": w["person"].last_name, "homeStudentNumber": w["person"].student_number}
    assert p["homeStudyRightIdentifier"] == {"organisationTkCodeReference": "01901",
                                             "studyRightId": w["right"].identifier}
    assert [(e["type"], e["studyElementId"], e["studyElementIdentifierCode"]) for e in p["entities"]] == [
        ("STUDY_MODULE", w["module_a"].external_id, w["module_a"].code),
        ("STUDY_MODULE", w["module_b"].external_id, w["module_b"].code)]
    assert _messages(DECISION) == []


def test_r_joo_1_declined_is_not_delivered_to_the_host(w: dict[str, Any]) -> None:
    app = submitted(w)
    services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=False, reason="Ei sovi HOPSiin")
    [msg] = _messages(ENDORSEMENT)
    assert _receivers(msg) == [w["hy"].pk]
    assert not Delivery.objects.filter(receiver_id=w["aalto"].pk).exists()
    _valid(msg)
    assert (msg.payload["status"], msg.payload["reason"], msg.payload["paymentCommitted"]) == (
        "DECLINED", "Ei sovi HOPSiin", False)
    assert "decisionDue" not in msg.payload


def test_r_joo_2_r_joo_3_decision_and_granted_right_are_told_to_host_and_home(w: dict[str, Any]) -> None:
    app = granted(w)
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    [decision] = _messages(DECISION)
    [grant] = _messages(GRANTED)
    for msg in (decision, grant):
        assert msg.sender_id == w["aalto"].pk
        assert _receivers(msg) == sorted([w["hy"].pk, w["aalto"].pk])
        _valid(msg)
    assert [(e["studyElementId"], e["decision"], e.get("reason")) for e in decision.payload["entities"]] == [
        (w["module_a"].external_id, "GRANTED", None), (w["module_b"].external_id, "REJECTED", "Ei tilaa")]
    assert decision.payload["hostStudyRightIdentifier"] == {"organisationTkCodeReference": "10076",
                                                            "studyRightId": joo.identifier}
    g = grant.payload
    assert (g["validFrom"], g["validUntil"], g["applicationNumber"]) == (
        joo.start_date.isoformat(), joo.end_date.isoformat() if joo.end_date else None, app.number)
    assert [(e["type"], e["studyElementId"]) for e in g["grantedEntities"]] == [
        ("STUDY_MODULE", w["module_a"].external_id)]
    assert g["homeStudyRightIdentifier"]["studyRightId"] == w["right"].identifier
    assert (g["student"]["oid"], g["student"]["email"]) == (joo.learner_oid, joo.email)


def test_r_joo_2_all_rejected_sends_no_granted_right(w: dict[str, Any]) -> None:
    app = endorsed(w)
    a, b = list(app.entities.order_by("position"))
    services.decide(actor=w["host_officer"], application_id=app.pk,
                    decisions={a.pk: ("rejected", "Täynnä"), b.pk: ("rejected", "Täynnä")})
    [decision] = _messages(DECISION)
    _valid(decision)
    assert "hostStudyRightIdentifier" not in decision.payload
    assert _messages(GRANTED) == []


def test_r_joo_4_right_ended_with_the_home_right_is_told_to_host_and_home(w: dict[str, Any]) -> None:
    app = granted(w)
    rights_services.right_status_change(actor=w["home_officer"], right_id=w["right"].pk, to="ended")
    [msg] = _messages(ENDED)
    assert msg.sender_id == w["aalto"].pk
    assert _receivers(msg) == sorted([w["hy"].pk, w["aalto"].pk])
    _valid(msg)
    assert (msg.payload["endDate"], msg.payload["reason"], msg.payload["applicationNumber"]) == (
        today().isoformat(), "HOME_RIGHT_ENDED", app.number)


def test_r_joo_5_host_degree_reason_in_the_ended_payload(w: dict[str, Any]) -> None:
    app = granted(w)
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None
    ended = dataclasses.replace(joo, end_date=today(), end_reason="host_degree")
    outcomes.right_ended(ended, app)
    [msg] = _messages(ENDED)
    _valid(msg)
    assert msg.payload["reason"] == "HOST_DEGREE"


def test_organisations_without_tk_code_are_named_by_oid() -> None:
    w = make_world()
    endorsed(w)
    [msg] = _messages(ENDORSEMENT)
    _valid(msg)
    assert (msg.payload["homeOrganisationTkCode"], msg.payload["hostOrganisationTkCode"]) == (
        w["hy"].tk_code or w["hy"].oid, w["aalto"].tk_code or w["aalto"].oid)


def test_a_refused_step_emits_nothing(w: dict[str, Any]) -> None:
    """An endorsement by an officer of another institution is refused and nothing is sent."""
    from joopas.core.errors import PermissionDenied

    app = submitted(w)
    with pytest.raises(PermissionDenied):
        services.endorse(actor=w["tuni_officer"], application_id=app.pk, endorse=True)
    assert Message.objects.filter(type__startswith="JOO_").count() == 0
