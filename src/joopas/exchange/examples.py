"""One example message of every type: shown in docs/exchange.md and the HTML guide, exported to
docs/api/messages/v1/examples/, and validated by the tests (also against RIPA v9 where it has the type)."""

from __future__ import annotations

from typing import Any

HY_OID, HY_TK = "1.2.246.562.10.39218317368", "01901"
AALTO_OID, AALTO_TK = "1.2.246.562.10.56753942459", "10076"
NETWORK = "ETELA-RISTIIN"  # a demo network with both HY and Aalto as members
SENT_AT = "2026-11-23T09:30:00+02:00"

_LS = {"values": {"fi": "Tilastotieteen perusteet", "sv": "Grunderna i statistik", "en": "Basics of Statistics"}}
_ORG = [{"organisationRole": 1, "target": {"organisationTkCode": HY_TK}}]
_NETS = [{"id": NETWORK, "enrollable": True}]


def _realisation(rid: str = "TILA-101-2027-K") -> dict[str, Any]:
    return {
        "realisationId": rid, "realisationIdentifierCode": "TILA-101/2027K",
        "name": {"values": {"fi": "Tilastotieteen perusteet, kevät 2027", "en": "Basics of Statistics, spring 2027"}},
        "status": "ACTIVE", "startDate": "2027-01-12", "endDate": "2027-03-05",
        "enrollmentStartDateTime": "2026-12-01T09:00:00+02:00", "enrollmentEndDateTime": "2027-01-08T23:59:00+02:00",
        "creditsMin": 5, "creditsMax": 5, "maxSeats": 40, "teachingLanguage": ["fi"],
        "studyElementReferences": [{"referenceIdentifier": "TILA-101", "referenceOrganizer": HY_TK,
                                    "referenceType": "COURSE_UNIT"}],
        "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def _course_unit() -> dict[str, Any]:
    return {
        "studyElementId": "TILA-101", "studyElementIdentifierCode": "TILA-101", "type": "COURSE_UNIT",
        "name": _LS, "status": "ACTIVE", "creditsMin": 5, "creditsMax": 5, "teachingLanguage": ["fi", "en"],
        "assessmentScale": 1, "sendingTime": SENT_AT,
        "description": {"values": {"fi": "Johdatus tilastolliseen päättelyyn.", "en": "An introduction to inference."}},
        "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def _study_module() -> dict[str, Any]:
    return {
        "studyElementId": "TILA-MOD", "type": "STUDY_MODULE",
        "name": {"values": {"fi": "Tilastotieteen opintokokonaisuus", "en": "Statistics module"}},
        "creditsMin": 25, "creditsMax": 25, "teachingLanguage": ["fi"], "sendingTime": SENT_AT,
        "optionality": "MIN_MAX_CREDITS", "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def _env(n: int, type_: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"message_id": f"5f0c6a1e-3b1d-4c8e-9a57-{n:012d}", "type": type_, "schema_version": "1",
            "sent_at": SENT_AT, **extra, "payload": payload}


def _notification(what: str, kind: str, ident: str) -> dict[str, Any]:
    return {"sendingOrganisationTkCode": HY_TK, "timestamp": SENT_AT,
            what: [{"referenceIdentifier": ident, "referenceOrganizer": HY_TK, "type": kind}]}


_NETWORK = {"network": {
    "id": NETWORK, "name": {"values": {"fi": "HY–Aalto JOO-verkosto", "en": "HY–Aalto flexible studies network"}},
    "networkType": "CURRICULUM_LEVEL", "published": True,
    "validity": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"},
    "organisations": [
        {"organisationTkCode": HY_TK, "isCoordinator": True,
         "validityInNetwork": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"}},
        {"organisationTkCode": AALTO_TK, "isCoordinator": False,
         "validityInNetwork": {"continuity": "FIXED", "start": "2026-08-01T00:00:00+03:00",
                               "end": "2028-07-31T23:59:59+03:00"}}]}}

_STUDENT = {"oid": "1.2.246.562.24.10000000008", "personId": "010190-123F",
            "firstNames": "Olli Ilmari", "surName": "Opiskelija", "givenName": "Olli",
            "email": ["olli.opiskelija@example.fi"], "phone": [{"number": "+358401234567"}],
            "address": [{"street": "Yliopistonkatu 4", "postalCode": "00100", "postOffice": "Helsinki",
                         "country": "246"}],
            "preferredLanguage": "fi"}
_STUDY_RIGHT = {"oid": "1.2.246.562.24.10000000008", "homeStudyRight": {
    "identifiers": {"organisationTkCodeReference": HY_TK, "studyRightId": "HY-SR-2024-0042"},
    "studyRightStatus": {"studyRightStatusValue": 1, "startDate": "2024-08-01", "endDate": "2029-07-31"},
    "eligibleForNetworkStudies": True}}


def examples() -> dict[str, dict[str, Any]]:
    """Message type → one full example envelope (as an integrator would post or receive it)."""
    cu = _course_unit()
    return {
        "CREATE_COURSEUNIT_REQUEST": _env(1, "CREATE_COURSEUNIT_REQUEST", {"courseUnits": [cu]}),
        "UPDATE_COURSEUNIT_REQUEST": _env(2, "UPDATE_COURSEUNIT_REQUEST", {"courseUnit": {**cu, "creditsMax": 6}}),
        "DELETE_COURSEUNIT_REQUEST": _env(3, "DELETE_COURSEUNIT_REQUEST",
                                          {"studyElementId": "TILA-101", "deleteRealisations": True}),
        "CREATE_STUDYMODULE_REQUEST": _env(4, "CREATE_STUDYMODULE_REQUEST", {"studyModules": [_study_module()]}),
        "UPDATE_STUDYMODULE_REQUEST": _env(5, "UPDATE_STUDYMODULE_REQUEST", {"studyModule": _study_module()}),
        "DELETE_STUDYMODULE_REQUEST": _env(6, "DELETE_STUDYMODULE_REQUEST",
                                           {"studyElementId": "TILA-MOD", "deleteCourseUnits": False}),
        "CREATE_REALISATION_REQUEST": _env(7, "CREATE_REALISATION_REQUEST", {"realisations": [_realisation()]}),
        "UPDATE_REALISATION_REQUEST": _env(8, "UPDATE_REALISATION_REQUEST",
                                           {"realisation": {**_realisation(), "maxSeats": 60}}),
        "DELETE_REALISATION_REQUEST": _env(9, "DELETE_REALISATION_REQUEST", {"realisationId": "TILA-101-2027-K"}),
        "COURSEUNIT_CREATED_NOTIFICATION": _env(10, "COURSEUNIT_CREATED_NOTIFICATION",
                                                _notification("created", "COURSE_UNIT", "TILA-101")),
        "COURSEUNIT_UPDATED_NOTIFICATION": _env(11, "COURSEUNIT_UPDATED_NOTIFICATION",
                                                _notification("updated", "COURSE_UNIT", "TILA-101")),
        "COURSEUNIT_DELETED_NOTIFICATION": _env(12, "COURSEUNIT_DELETED_NOTIFICATION",
                                                _notification("deleted", "COURSE_UNIT", "TILA-101")),
        "STUDYMODULE_CREATED_NOTIFICATION": _env(13, "STUDYMODULE_CREATED_NOTIFICATION",
                                                 _notification("created", "STUDY_MODULE", "TILA-MOD")),
        "STUDYMODULE_UPDATED_NOTIFICATION": _env(14, "STUDYMODULE_UPDATED_NOTIFICATION",
                                                 _notification("updated", "STUDY_MODULE", "TILA-MOD")),
        "STUDYMODULE_DELETED_NOTIFICATION": _env(15, "STUDYMODULE_DELETED_NOTIFICATION",
                                                 _notification("deleted", "STUDY_MODULE", "TILA-MOD")),
        "REALISATION_CREATED_NOTIFICATION": _env(16, "REALISATION_CREATED_NOTIFICATION",
                                                 _notification("created", "REALISATION", "TILA-101-2027-K")),
        "REALISATION_UPDATED_NOTIFICATION": _env(17, "REALISATION_UPDATED_NOTIFICATION",
                                                 _notification("updated", "REALISATION", "TILA-101-2027-K")),
        "REALISATION_DELETED_NOTIFICATION": _env(18, "REALISATION_DELETED_NOTIFICATION",
                                                 _notification("deleted", "REALISATION", "TILA-101-2027-K")),
        "NETWORK_CREATED_NOTIFICATION": _env(19, "NETWORK_CREATED_NOTIFICATION", _NETWORK),
        "NETWORK_UPDATED_NOTIFICATION": _env(20, "NETWORK_UPDATED_NOTIFICATION", _NETWORK),
        "UPDATE_STUDENT_REQUEST": _env(21, "UPDATE_STUDENT_REQUEST", _STUDENT, recipient=AALTO_OID),
        "UPDATE_STUDENT_REPLY_REQUEST": _env(22, "UPDATE_STUDENT_REPLY_REQUEST", {
            "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000021", "status": "UPDATED"}),
        "UPDATE_STUDENT_STUDYRIGHT_REQUEST": _env(23, "UPDATE_STUDENT_STUDYRIGHT_REQUEST", _STUDY_RIGHT,
                                                  recipient=AALTO_OID),
        "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST": _env(24, "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", {
            "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000023", "status": "REJECTED",
            "rejectionReason": {"values": {"fi": "Opiskelijaa ei löydy.", "en": "Student not found."}}}),
        "ACKNOWLEDGEMENT": _env(25, "ACKNOWLEDGEMENT", {
            "requestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000010", "messageType": "COURSEUNIT_CREATED_NOTIFICATION",
            "receivingOrganisationTkCode": HY_TK}),
    }
