"""Registrations through the exchange (issue 13 parts 3 and 6): CREATE_REGISTRATION_REQUEST from the home,
REGISTRATION_REPLY_REQUEST from the host, each forwarded to the other side; the pages' and services' actions
reach the other side's system too (R-EXC-4: only the parties of the registration)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from joopas.core.models import AuditEvent
from joopas.exchange.models import Message
from joopas.registrations import services
from joopas.registrations.models import Registration, Selection
from joopas.registrations.tests.messaging import (
    TK,
    delivered,
    envelope,
    make_keyed_world,
    post,
    realisation_item,
    reply,
    reply_item,
    request,
)
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> dict[str, Any]:
    return make_keyed_world()


def _state() -> tuple[Any, ...]:
    return (list(Registration.objects.values_list("id", "host_right_id")),
            list(Selection.objects.values_list("id", "status", "host_student_number")),
            list(StudyRight.objects.values_list("id", "kind", "end_date")))


def _create(client: Client, w: dict[str, Any], payload: dict[str, Any] | None = None,
            message_id: str | None = None) -> tuple[Any, str]:
    env = envelope("CREATE_REGISTRATION_REQUEST", payload or request(w), message_id)
    return post(client, w["hy_key"], env), env["message_id"]


def test_r_reg_1_registration_by_message_is_forwarded_to_the_host_only(client: Client, w: dict[str, Any]) -> None:
    answer, mid = _create(client, w)
    assert answer.status_code == 202, answer.json()
    reg = Registration.objects.get()
    assert (str(reg.request_id), reg.home_organisation_id, reg.host_organisation_id) == (mid, w["hy"].pk,
                                                                                          w["aalto"].pk)
    assert reg.source["networkIdentifier"] == w["network"].code
    assert list(reg.selections.values_list("kind", "realisation_id", "status", "home_person_id")) == [
        ("realisation", w["real"].pk, 1, w["person"].pk)]
    assert StudyRight.objects.get(pk=reg.host_right_id).kind == "host_provisional"  # R-REG-2
    host_copy = delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")
    assert [str(m.message_id) for m in host_copy] == [mid]  # the request itself, forwarded
    assert host_copy[0].recipient_id == w["aalto"].pk  # the one organisation whose reply is accepted
    assert delivered(w["hy"], "CREATE_REGISTRATION_REQUEST") == []
    assert delivered(w["tuni"], "CREATE_REGISTRATION_REQUEST") == []
    audit = AuditEvent.objects.get(event="registrations.registration.created")
    assert (audit.person_oid, audit.actor_id) == (w["person"].learner_oid, None)
    assert str(w["hy"].pk) in audit.actor_label


def test_r_exc_1_the_same_message_twice_makes_one_registration(client: Client, w: dict[str, Any]) -> None:
    first, mid = _create(client, w)
    again, _mid = _create(client, w, message_id=mid)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json()
    assert Registration.objects.count() == 1
    assert len(delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")) == 1


def test_r_reg_1_the_same_registration_in_a_new_message_is_a_duplicate(client: Client, w: dict[str, Any]) -> None:
    _create(client, w)
    before = _state()
    answer, _mid = _create(client, w)
    assert answer.status_code == 409
    assert answer.json()["details"]["errors"] == [
        {"code": "registrations.duplicate", "path": "payload/selections/0", "message": answer.json()["details"]
         ["errors"][0]["message"]}]
    assert _state() == before


def test_the_three_selection_shapes(client: Client, w: dict[str, Any]) -> None:
    from joopas.networks.tests.factories import make_targeting

    make_targeting(w["network"], realisation=w["other"])
    unit = {"selectionItemId": w["unit"].external_id, "selectionItemType": "COURSE_UNIT", "parent": None}
    via_item = {"selectionItemId": w["other"].external_id, "selectionItemType": "REALISATION",
                "subGroupSelections": ["G1"],
                "parent": {"selectionItemId": "T1", "selectionItemType": "ASSESSMENT_ITEM",
                           "parent": {"selectionItemId": "S1", "selectionItemType": "COMPLETION_OPTION",
                                      "parent": {**unit}}}}
    answer, _mid = _create(client, w, request(w, unit, realisation_item(w["real"], w["unit"]), via_item))
    assert answer.status_code == 202, answer.json()
    sels = list(Selection.objects.order_by("id").values_list("kind", "course_unit_id", "realisation_id",
                                                             "assessment_item_ref", "completion_option_ref",
                                                             "sub_groups"))
    assert sels == [("course_unit", w["unit"].pk, None, "", "", []),
                    ("realisation", w["unit"].pk, w["real"].pk, "", "", []),
                    ("assessment_item", w["unit"].pk, w["other"].pk, "T1", "S1", ["G1"])]


def test_a_selection_in_none_of_the_three_shapes_is_refused(client: Client, w: dict[str, Any]) -> None:
    bad = {"selectionItemId": w["real"].external_id, "selectionItemType": "REALISATION", "parent": None}
    answer, _mid = _create(client, w, request(w, bad))
    assert answer.status_code == 422
    assert [e["path"] for e in answer.json()["details"]["errors"]] == ["payload/selections/0"]
    assert Registration.objects.count() == 0


def test_r_exc_4_a_request_comes_only_from_the_students_home(client: Client, w: dict[str, Any]) -> None:
    """Aalto cannot register Helsinki's student (the study right named is Helsinki's)."""
    payload = request(w, sendingOrganisationTkCode=TK["aalto"])
    answer = post(client, w["aalto_key"], envelope("CREATE_REGISTRATION_REQUEST", payload))
    assert answer.status_code == 403
    assert answer.json()["details"]["errors"][0]["code"] == "registrations.not_home_institution"
    assert answer.json()["details"]["errors"][0]["path"] == \
        "payload/student/homeStudyRight/identifiers/organisationTkCodeReference"
    spoofed = post(client, w["hy_key"], envelope("CREATE_REGISTRATION_REQUEST",
                                                 request(w, sendingOrganisationTkCode=TK["tuni"])))
    assert spoofed.status_code == 403
    assert spoofed.json()["details"]["errors"][0]["code"] == "registrations.not_sender"
    assert Registration.objects.count() == 0


def test_the_host_replies_by_message_and_the_home_receives_the_reply(client: Client, w: dict[str, Any]) -> None:
    _answer, mid = _create(client, w)
    env = envelope("REGISTRATION_REPLY_REQUEST", reply(mid, reply_item(w["real"], 2), hostStudentNumber="A777"))
    answer = post(client, w["aalto_key"], env)
    assert answer.status_code == 202, answer.json()
    sel = Selection.objects.get()
    assert (sel.status, sel.host_student_number) == (2, "A777")
    reg = Registration.objects.get()
    assert StudyRight.objects.get(pk=reg.host_right_id).kind == "host_official"  # R-REG-3
    home_copy = delivered(w["hy"], "REGISTRATION_REPLY_REQUEST")
    assert [str(m.message_id) for m in home_copy] == [env["message_id"]]
    assert delivered(w["tuni"], "REGISTRATION_REPLY_REQUEST") == []
    # the same reply again (a resend with a new id) changes nothing
    again = post(client, w["aalto_key"], envelope("REGISTRATION_REPLY_REQUEST", reply(mid, reply_item(w["real"], 2))))
    assert again.status_code == 202
    assert Selection.objects.get().status == 2


def test_a_rejection_by_message_needs_a_reason_and_gives_it_to_the_student(client: Client, w: dict[str, Any]) -> None:
    _answer, mid = _create(client, w)
    bare = post(client, w["aalto_key"], envelope("REGISTRATION_REPLY_REQUEST", reply(mid, reply_item(w["real"], 3),
                                                                                      status="REGISTRATION_REJECTED")))
    assert bare.status_code == 422
    assert bare.json()["details"]["errors"][0]["code"] == "registrations.selection.reason_required"
    assert bare.json()["details"]["errors"][0]["path"] == "payload/selections/0/selectionItemStatus"
    ok = post(client, w["aalto_key"], envelope("REGISTRATION_REPLY_REQUEST", reply(
        mid, reply_item(w["real"], 3), status="REGISTRATION_REJECTED",
        rejectionReason={"values": {"fi": "Kurssi on täynnä.", "en": "The course is full."}})))
    assert ok.status_code == 202
    assert list(Selection.objects.values_list("status", "reason")) == [(3, "Kurssi on täynnä.")]  # the service language


def test_r_exc_4_a_reply_for_a_registration_addressed_to_another_institution(client: Client,
                                                                            w: dict[str, Any]) -> None:
    """Tampere answers Helsinki's registration addressed to Aalto: refused, nothing changes."""
    _answer, mid = _create(client, w)
    before = _state()
    answer = post(client, w["tuni_key"], envelope("REGISTRATION_REPLY_REQUEST", reply(mid, reply_item(w["real"], 2))))
    assert answer.status_code == 403
    assert answer.json()["details"]["errors"][0]["code"] == "exchange.reply_not_allowed"
    assert answer.json()["details"]["errors"][0]["path"] == "payload/registrationRequestId"
    assert _state() == before
    assert delivered(w["hy"], "REGISTRATION_REPLY_REQUEST") == []
    unknown = post(client, w["aalto_key"], envelope("REGISTRATION_REPLY_REQUEST",
                                                    reply(str(uuid.uuid4()), reply_item(w["real"], 2))))
    assert unknown.status_code == 422
    assert _state() == before


def test_r_reg_4_the_home_cancels_by_message_with_status_4(client: Client, w: dict[str, Any]) -> None:
    _create(client, w)
    answer, mid = _create(client, w, request(w, realisation_item(w["real"], w["unit"], status=4)))
    assert answer.status_code == 202, answer.json()
    assert list(Selection.objects.values_list("status", flat=True)) == [4]
    assert Registration.objects.count() == 1
    assert [str(m.message_id) for m in delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")][-1] == mid
    nothing = _create(client, w, request(w, realisation_item(w["real"], w["unit"], status=4)))[0]
    assert nothing.status_code == 404
    assert nothing.json()["details"]["errors"][0]["path"] == "payload/selections/0/selectionItemStatus"


def test_pages_and_services_reach_the_other_sides_system(client: Client, w: dict[str, Any]) -> None:
    """The student registers in the pages: the host's system gets a request it can answer; the host's officer
    decides in the pages: the home's system gets the reply; the student cancels: the host gets status 4."""
    reg = services.registration_create(actor=w["student"], home_right_id=w["right"].pk, network_id=w["network"].pk,
                                       realisation_ids=[w["real"].pk])
    sent = delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")
    assert [m.message_id for m in sent] == [reg.request_id]
    payload = sent[0].payload
    assert payload["student"]["oid"] == w["person"].learner_oid
    assert payload["selections"] == [{"selectionItemStatus": 1, "selectionItemId": w["real"].external_id,
                                      "selectionItemType": "REALISATION",
                                      "parent": {"selectionItemId": w["unit"].external_id,
                                                 "selectionItemType": "COURSE_UNIT", "parent": None}}]
    assert delivered(w["hy"], "CREATE_REGISTRATION_REQUEST") == []
    sel = reg.selections.get()
    services.selection_decide(actor=w["host_officer"], selection_id=sel.pk, accept=True, host_student_number="B1")
    replies = delivered(w["hy"], "REGISTRATION_REPLY_REQUEST")
    assert [(m.sender_id, m.payload["registrationRequestId"], m.payload["selections"][0]["selectionItemStatus"],
             m.payload["hostStudentNumber"]) for m in replies] == [(w["aalto"].pk, str(reg.request_id), 2, "B1")]
    services.selection_cancel(actor=w["student"], selection_id=sel.pk)
    cancels = delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")
    assert len(cancels) == 2 and cancels[-1].payload["selections"][0]["selectionItemStatus"] == 4
    assert Message.objects.filter(type="CREATE_REGISTRATION_REQUEST", recipient_id=w["tuni"].pk).count() == 0


def test_the_host_system_answers_a_registration_made_in_the_pages(client: Client, w: dict[str, Any]) -> None:
    reg = services.registration_create(actor=w["student"], home_right_id=w["right"].pk, network_id=w["network"].pk,
                                       realisation_ids=[w["real"].pk])
    answer = post(client, w["aalto_key"], envelope("REGISTRATION_REPLY_REQUEST",
                                                   reply(str(reg.request_id), reply_item(w["real"], 2))))
    assert answer.status_code == 202, answer.json()
    assert Selection.objects.get().status == 2
    assert len(delivered(w["hy"], "REGISTRATION_REPLY_REQUEST")) == 1


def test_a_student_without_a_learner_number_is_named_by_the_home_study_right(w: dict[str, Any]) -> None:
    from joopas.accounts import api as accounts_api
    from joopas.accounts.tests.factories import UserFactory
    from joopas.rights.tests.factories import make_home_right, make_person

    person = make_person(w["hy"], actor=w["home_officer"], learner_oid="", student_number="")
    right = make_home_right(person, actor=w["home_officer"], networks=[w["network"]])
    student = UserFactory()
    accounts_api.identity_bind(user_id=student.pk, key=person.hetu_key)
    reg = services.registration_create(actor=student, home_right_id=right.pk, network_id=w["network"].pk,
                                       realisation_ids=[w["real"].pk])
    sent = delivered(w["aalto"], "CREATE_REGISTRATION_REQUEST")
    assert [m.message_id for m in sent] == [reg.request_id]
    assert "oid" not in sent[0].payload["student"]
    assert sent[0].payload["student"]["homeStudyRight"]["identifiers"]["studyRightId"] == right.identifier
