"""Issue 13, "done when": the whole loop driven by two institutions' systems through `/api/v1/exchange` only.

Helsinki's system registers its student to Aalto's realisation (CREATE_REGISTRATION_REQUEST); Aalto's system
pulls its feed, finds the request and accepts it (REGISTRATION_REPLY_REQUEST, with the host student number);
Helsinki's feed has the reply; Aalto's system sends the study record (CREATE_STUDYRECORD_REQUEST); Helsinki's
feed has it and Helsinki's system records it (STUDYRECORD_REPLY_REQUEST), which reaches Aalto's feed. Every
message is acknowledged. (The world — institutions, network, offering, the student and the home right — is set
up as each institution would have sent it before; the test then only speaks HTTP.)
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from joopas.core.clock import today
from joopas.registrations.tests.messaging import make_keyed_world, realisation_item, request
from joopas.rights.models import StudyRight

pytestmark = pytest.mark.django_db


class System:
    """An institution's system: its API key, its feed cursor."""

    def __init__(self, key: str) -> None:
        self.client, self.key, self.cursor = Client(), key, 0

    def send(self, type_: str, payload: dict[str, Any]) -> str:
        mid = str(uuid.uuid4())
        env = {"message_id": mid, "type": type_, "schema_version": "1", "sent_at": "2026-12-02T10:00:00+02:00",
               "payload": payload}
        answer = self.client.post("/api/v1/exchange/messages", data=json.dumps(env), content_type="application/json",
                                  HTTP_AUTHORIZATION=f"Bearer {self.key}")
        assert answer.status_code == 202, answer.json()
        return mid

    def pull(self) -> list[dict[str, Any]]:
        answer = self.client.get(f"/api/v1/exchange/feed?after={self.cursor}", HTTP_AUTHORIZATION=f"Bearer {self.key}")
        assert answer.status_code == 200, answer.json()
        body = answer.json()
        self.cursor = body["next_cursor"] or self.cursor
        for item in body["messages"]:
            self.send("ACKNOWLEDGEMENT", {"requestId": item["message_id"]})
        messages: list[dict[str, Any]] = body["messages"]
        return messages

    def status(self, message_id: str) -> dict[str, Any]:
        answer = self.client.get(f"/api/v1/exchange/messages/{message_id}", HTTP_AUTHORIZATION=f"Bearer {self.key}")
        assert answer.status_code == 200, answer.json()
        status: dict[str, Any] = answer.json()
        return status


def test_the_loop_by_two_institutions_systems() -> None:
    w = make_keyed_world()
    hy, aalto = System(w["hy_key"]), System(w["aalto_key"])

    registration = hy.send("CREATE_REGISTRATION_REQUEST", request(w, realisation_item(w["real"], w["unit"])))
    incoming = [m for m in aalto.pull() if m["type"] == "CREATE_REGISTRATION_REQUEST"]
    assert [m["message_id"] for m in incoming] == [registration]
    assert incoming[0]["payload"]["selections"][0]["selectionItemId"] == w["real"].external_id

    reply = aalto.send("REGISTRATION_REPLY_REQUEST", {
        "registrationRequestId": registration, "status": "REGISTERED", "hostStudentNumber": "A1234567",
        "selections": [{"selectionItemId": w["real"].external_id, "selectionItemType": "REALISATION",
                        "selectionItemStatus": 2}]})
    answers = [m for m in hy.pull() if m["type"] == "REGISTRATION_REPLY_REQUEST"]
    assert [(m["message_id"], m["payload"]["selections"][0]["selectionItemStatus"]) for m in answers] == [(reply, 2)]

    host_right = StudyRight.objects.get(person__organisation_id=w["aalto"].pk, kind="host_official")
    record = aalto.send("CREATE_STUDYRECORD_REQUEST", {
        "sendingOrganisation": "10076", "receivingOrganisation": "01901",
        "sendingTime": "2026-12-18T14:00:00+02:00", "routingType": "CROSS_STUDY",
        "student": {"oid": w["person"].learner_oid, "firstNames": w["person"].first_names,
                    "surName": w["person"].last_name, "hostStudentNumber": "A1234567",
                    "homeStudyRightIdentifier": {"organisationTkCodeReference": "01901",
                                                 "studyRightId": w["right"].identifier},
                    "hostStudyRightIdentifier": {"organisationTkCodeReference": "10076",
                                                 "studyRightId": host_right.identifier}},
        "completedCredits": [{
            "completedCreditIdentifier": "AALTO-778899",
            "completedCreditTarget": {"completedCreditTargetType": "REALISATION",
                                      "completedCreditTargetId": w["real"].external_id},
            "completedCreditName": {"values": {"fi": "Ohjelmoinnin perusteet"}},
            "completedCreditStatus": "ACCEPTED", "scope": 5,
            "assessment": {"gradingScale": {"scale": 1}, "grade": {"code": "4"}},
            "completionDate": today().isoformat(), "languagesOfCompletion": ["fi"],
            "acceptors": [{"firstNames": "Tiina", "surName": "Opettaja"}],
            "transaction": "NEW_COMPLETED_CREDIT", "type": 2, "minEduGuidanceArea": 6}]})
    records = [m for m in hy.pull() if m["type"] == "CREATE_STUDYRECORD_REQUEST"]
    assert [m["message_id"] for m in records] == [record]

    recorded = hy.send("STUDYRECORD_REPLY_REQUEST", {"studyRecordRequestId": record, "status": "RECORDED"})
    assert [m["message_id"] for m in aalto.pull() if m["type"] == "STUDYRECORD_REPLY_REQUEST"] == [recorded]

    # each side followed its messages to "acknowledged" (R-EXC-2)
    for system, mid in ((hy, registration), (aalto, reply), (aalto, record), (hy, recorded)):
        deliveries = system.status(mid)["deliveries"]
        assert [d["status"] for d in deliveries] == ["acknowledged"], (mid, deliveries)
