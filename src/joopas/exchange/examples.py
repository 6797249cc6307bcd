"""Example messages: one full envelope per registered type (each app gives its types' examples when it
registers them). Shown in docs/exchange.md and the HTML guide, exported to docs/api/messages/v1/examples/,
and validated by the tests (also against RIPA v9 where it has the type). The transport's own types'
examples are here."""

from __future__ import annotations

from typing import Any

from joopas.exchange.data import EXAMPLE
from joopas.exchange.registry import examples

__all__ = ["ACKNOWLEDGEMENT", "STUDENT", "STUDENT_REPLY", "STUDY_RIGHT", "STUDY_RIGHT_REPLY", "envelope", "examples"]


def envelope(n: int, type_: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Example envelope number `n` (its message_id ends in n) of a type."""
    return {"message_id": f"5f0c6a1e-3b1d-4c8e-9a57-{n:012d}", "type": type_, "schema_version": "1",
            "sent_at": EXAMPLE.sent_at, **extra, "payload": payload}


_STUDENT = {"oid": "1.2.246.562.24.10000000008", "personId": "010190-123F",
            "firstNames": "Olli Ilmari", "surName": "Opiskelija", "givenName": "Olli",
            "email": ["olli.opiskelija@example.fi"], "phone": [{"number": "+358401234567"}],
            "address": [{"street": "Yliopistonkatu 4", "postalCode": "00100", "postOffice": "Helsinki",
                         "country": "246"}],
            "preferredLanguage": "fi"}
_STUDY_RIGHT = {"oid": "1.2.246.562.24.10000000008", "homeStudyRight": {
    "identifiers": {"organisationTkCodeReference": EXAMPLE.hy_tk, "studyRightId": "HY-SR-2024-0042"},
    "studyRightStatus": {"studyRightStatusValue": 1, "startDate": "2024-08-01", "endDate": "2029-07-31"},
    "eligibleForNetworkStudies": True}}

STUDENT = envelope(21, "UPDATE_STUDENT_REQUEST", _STUDENT, recipient=EXAMPLE.aalto_oid)
STUDENT_REPLY = envelope(22, "UPDATE_STUDENT_REPLY_REQUEST", {
    "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000021", "status": "UPDATED"})
STUDY_RIGHT = envelope(23, "UPDATE_STUDENT_STUDYRIGHT_REQUEST", _STUDY_RIGHT, recipient=EXAMPLE.aalto_oid)
STUDY_RIGHT_REPLY = envelope(24, "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", {
    "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000023", "status": "REJECTED",
    "rejectionReason": {"values": {"fi": "Opiskelijaa ei löydy.", "en": "Student not found."}}})
ACKNOWLEDGEMENT = envelope(25, "ACKNOWLEDGEMENT", {
    "requestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000010", "messageType": "COURSEUNIT_CREATED_NOTIFICATION",
    "receivingOrganisationTkCode": EXAMPLE.hy_tk})
