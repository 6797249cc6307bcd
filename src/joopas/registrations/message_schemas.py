"""The registrations app's exchange message payloads (version 1), in the RIPA v9 vocabulary.

- `CREATE_REGISTRATION_REQUEST` (home institution → Joopas): a student of the sender registers to the
  receiving institution's studies in a network; selections in the three shapes of the vocabulary (a course
  unit; a realisation of a course unit; a realisation via an assessment item of a completion option), each
  with status 1 (register) or 4 (the student cancels).
- `REGISTRATION_REPLY_REQUEST` (host institution → Joopas): the host's decision per selection, status 0–5,
  with the host student number and host study right.

Each side receives the other's message as its forwarded copy (the message itself, as the reference vocabulary
does): the host the request, the home the reply. A registration's id (`registrationRequestId`) is the
message_id of the request the host received.

Strict Pydantic models built from the exchange's common vocabulary (`joopas.exchange.data`); registered in
`registrations/messages.py`; the source of the published JSON Schemas (`docs/api/messages/v1/`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from joopas.exchange.data import (
    EXAMPLE,
    Address,
    CodeText,
    Description,
    Identifier,
    Keyword,
    LocalisedString,
    NameText,
    NonEmpty,
    Phone,
    PlainText,
    Strict,
    StudentWarning,
    StudyRight,
    StudyRightIdentifiers,
    StudyRightType,
)

Country = Annotated[str, Field(pattern=r"^[0-9]{3}$", description="Statistics Finland country code, e.g. 246")]
SubGroups = Annotated[list[Identifier], Field(min_length=1, max_length=50,
                                              description="Sub-group selections (realisation groupSelections ids)")]
MAX_SELECTIONS = 50


# --- selections: the three shapes -----------------------------------------------------------------------

class SelectionParent(Strict):
    """An upper level of a selection: the course unit, or an assessment item → its completion option → its
    course unit."""

    selectionItemId: Identifier
    selectionItemType: Literal["COURSE_UNIT", "ASSESSMENT_ITEM", "COMPLETION_OPTION"]
    parent: SelectionParent | None = None


class RegistrationSelection(Strict):
    """What the student registers to. Exactly one of three shapes (RIPA registrationSelectionItemHier1/2/4):

    1. `COURSE_UNIT` without a parent: the course unit;
    2. `REALISATION` whose parent is its `COURSE_UNIT`: a realisation of the unit;
    3. `REALISATION` → `ASSESSMENT_ITEM` → `COMPLETION_OPTION` → `COURSE_UNIT`: a realisation via an
       assessment item of a completion option.

    `selectionItemStatus` 1 (PENDING: register) or 4 (ABORTED_BY_STUDENT: the student cancels an earlier
    registration); left out = 1."""

    selectionItemId: Identifier
    selectionItemType: Literal["COURSE_UNIT", "REALISATION"]
    selectionItemStatus: Literal[1, 4] | None = None
    selectionItemStatusInfo: PlainText | None = None
    parent: SelectionParent | None = None
    subGroupSelections: SubGroups | None = None

    @model_validator(mode="after")
    def _shape(self) -> RegistrationSelection:
        shape = self.shape()
        if shape is None:
            raise ValueError("a selection is a COURSE_UNIT without parent, a REALISATION whose parent is its "
                             "COURSE_UNIT, or a REALISATION → ASSESSMENT_ITEM → COMPLETION_OPTION → COURSE_UNIT")
        return self

    def chain(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        p = self.parent
        while p is not None:
            out.append((p.selectionItemType, p.selectionItemId))
            p = p.parent
        return out

    def shape(self) -> str | None:
        """"course_unit", "realisation", "assessment_item" or None (not one of the three)."""
        types = [t for t, _id in self.chain()]
        if self.selectionItemType == "COURSE_UNIT":
            return "course_unit" if not types else None
        if types == ["COURSE_UNIT"]:
            return "realisation"
        if types == ["ASSESSMENT_ITEM", "COMPLETION_OPTION", "COURSE_UNIT"]:
            return "assessment_item"
        return None

    def course_unit_id(self) -> str:
        return self.selectionItemId if self.selectionItemType == "COURSE_UNIT" else self.chain()[-1][1]

    def item(self, kind: str) -> str:
        return next((i for t, i in self.chain() if t == kind), "")


# --- the student ---------------------------------------------------------------------------------------

class HomeRightStatus(Strict):
    studyRightStatusValue: Literal[1, 2, 3, 4, 5] = Field(description="1 active, 2 option, 3 ended, 4 passivated, "
                                                                      "5 forfeited (VIRTA)")
    startDate: dt.date
    endDate: dt.date | None = Field(default=None, description="Required by RIPA; null for an open-ended right")

    @model_validator(mode="after")
    def _order(self) -> HomeRightStatus:
        if self.endDate is not None and self.endDate < self.startDate:
            raise ValueError("endDate is before startDate")
        return self


class HomeStudyRight(Strict):
    """The home study right the student registers with (R-NET-2); `identifiers.studyRightId` is the home
    institution's own identifier of it, known to Joopas."""

    identifiers: StudyRightIdentifiers
    studyRightStatus: HomeRightStatus
    studyRightType: StudyRightType | None = None
    keywords: Annotated[list[Keyword], Field(max_length=50)] | None = None
    eligibleForNetworkStudies: bool | None = None


class ExtendedStudent(Strict):
    """The student as the home institution knows them (RIPA extendedStudent): `homeStudyRight` is the right the
    student registers with (its holder is the student); `oid` (learner number) and `personId` (hetu) are checked
    against the holder when given. Joopas does not require date of birth, gender, citizenship or mother tongue
    (data minimisation): a registration made in its pages does not have them."""

    oid: NonEmpty | None = Field(default=None, description="National learner number (oppijanumero, 1.2.246.562.24.*)")
    personId: NonEmpty | None = Field(default=None, description="Finnish personal identity code (hetu)")
    homeEppn: NameText | None = None
    hostEppn: NameText | None = None
    firstNames: NameText | None = None
    surName: NameText | None = None
    givenName: NameText | None = None
    homeStudentNumber: NameText | None = None
    hostStudentNumber: NameText | None = None
    homeStudyRight: HomeStudyRight
    hostStudyRight: StudyRight | None = None
    dateOfBirth: dt.date | None = None
    gender: Annotated[int, Field(ge=0, le=9, description="Statistics Finland: 1 male, 2 female, 9 unknown")] | None = None
    addresses: Annotated[list[Address], Field(max_length=20)] | None = None
    countryOfCitizenship: Country | None = None
    municipalityOfResidence: CodeText | None = None
    motherTongue: CodeText | None = None
    preferredLanguage: CodeText | None = None
    email: Annotated[list[NonEmpty], Field(max_length=20)] | None = None
    phone: Annotated[list[Phone], Field(min_length=1, max_length=20)] | None = None
    safetyProhibition: bool | None = None


class CreateRegistrationRequest(Strict):
    """A student of the sender registers to studies of the receiving institution in a network (R-REG-1)."""

    sendingOrganisationTkCode: NonEmpty = Field(description="The sender's Statistics Finland code (the home)")
    receivingOrganisationTkCode: NonEmpty = Field(description="The host's Statistics Finland code")
    enrolmentDateTime: AwareDatetime
    student: ExtendedStudent
    networkIdentifier: Identifier
    networkDescription: PlainText | None = None
    selections: Annotated[list[RegistrationSelection], Field(min_length=1, max_length=MAX_SELECTIONS)]
    warnings: Annotated[list[StudentWarning], Field(max_length=50)] | None = None
    descriptions: Annotated[list[Description], Field(max_length=50)] | None = None


# --- the host's reply ------------------------------------------------------------------------------------

class Rank(Strict):
    rankAll: int | None = None
    maxSeatsAll: int | None = None
    rankCrossStudy: int | None = None
    maxSeatsCrossStudy: int | None = None


class ReplySelection(Strict):
    """The host's decision on one selection: 0 NOT_ENROLLED, 1 PENDING, 2 ACCEPTED, 3 REJECTED,
    4 ABORTED_BY_STUDENT, 5 ABORTED_BY_TEACHER."""

    selectionItemId: Identifier
    selectionItemType: Literal["COURSE_UNIT", "REALISATION"]
    selectionItemStatus: Literal[0, 1, 2, 3, 4, 5]
    selectionItemStatusInfo: PlainText | None = None
    subGroupSelections: Annotated[list[Identifier], Field(max_length=50)] | None = None
    rank: Rank | None = None


class RegistrationReplyRequest(Strict):
    """The host answers a registration: `REGISTERED` / `REGISTRATION_REJECTED` with a status per selection,
    or `RECEIVED` alone (a person decides later). Accepted only from the registration's host (R-EXC-4)."""

    registrationRequestId: uuid.UUID = Field(description="The registration's id: the message_id of the "
                                                         "CREATE_REGISTRATION_REQUEST the host received")
    status: Literal["REGISTERED", "REGISTRATION_REJECTED", "RECEIVED"]
    selections: Annotated[list[ReplySelection], Field(min_length=1, max_length=MAX_SELECTIONS)] | None = None
    hostStudyRight: StudyRight | None = None
    hostStudentEppn: NonEmpty | None = None
    hostStudentNumber: NonEmpty | None = None
    statusInfo: PlainText | None = None
    rejectionReason: LocalisedString | None = None

    @model_validator(mode="after")
    def _branch(self) -> RegistrationReplyRequest:
        if self.status == "RECEIVED":
            extra = sorted(self.model_fields_set - {"registrationRequestId", "status"})
            if extra:
                raise ValueError(f"a RECEIVED reply has only registrationRequestId and status (not {', '.join(extra)})")
        elif self.selections is None:
            raise ValueError("selections are required unless the status is RECEIVED")
        return self


# --- examples (docs/exchange.md; they validate against RIPA v9 too) ------------------------------------------

REQUEST_ID = "5f0c6a1e-3b1d-4c8e-9a57-000000000041"
STUDENT_OID = "1.2.246.562.24.10000000003"


def _study_right(tk: str, ident: str, start: str, end: str) -> dict[str, Any]:
    return {"identifiers": {"organisationTkCodeReference": tk, "studyRightId": ident},
            "studyRightStatus": {"studyRightStatusValue": 1, "startDate": start, "endDate": end},
            "studyRightType": "1",
            "keywords": [{"key": "kandi", "keySet": "koulutustyyppi",
                          "value": {"values": {"fi": "Alempi korkeakoulututkinto", "en": "Bachelor's degree"}},
                          "keySetValue": {"values": {"fi": "Koulutustyyppi", "en": "Type of education"}}}],
            "eligibleForNetworkStudies": True}


def example_request() -> dict[str, Any]:
    return {
        "sendingOrganisationTkCode": EXAMPLE.hy_tk,
        "receivingOrganisationTkCode": EXAMPLE.aalto_tk,
        "enrolmentDateTime": "2026-12-02T10:15:00+02:00",
        "student": {
            "oid": STUDENT_OID, "personId": "010190-123M",
            "homeEppn": "olli.opiskelija@helsinki.fi", "hostEppn": None,
            "firstNames": "Olli Ilmari", "surName": "Opiskelija", "givenName": "Olli",
            "homeStudentNumber": "014123456", "hostStudentNumber": None,
            "homeStudyRight": _study_right(EXAMPLE.hy_tk, "HY-SR-2024-0042", "2024-08-01", "2029-07-31"),
            "hostStudyRight": None,
            "dateOfBirth": "1990-01-01", "gender": 1,
            "addresses": [{"street": "Yliopistonkatu 4", "postalCode": "00100", "postOffice": "Helsinki",
                           "country": "246"}],
            "countryOfCitizenship": "246", "municipalityOfResidence": "091", "motherTongue": "fi",
            "preferredLanguage": "fi", "email": ["olli.opiskelija@example.fi"],
            "phone": [{"number": "+358401234567", "description": "Matkapuhelin"}],
            "safetyProhibition": False,
        },
        "networkIdentifier": EXAMPLE.network,
        "networkDescription": "HY–Aalto JOO-verkosto",
        "selections": [
            {"selectionItemId": "TILA-101", "selectionItemType": "COURSE_UNIT", "selectionItemStatus": 1,
             "selectionItemStatusInfo": None, "parent": None, "subGroupSelections": None},
            {"selectionItemId": "TILA-101-2027-K", "selectionItemType": "REALISATION", "selectionItemStatus": 1,
             "selectionItemStatusInfo": "Harjoitusryhmä 1", "subGroupSelections": ["TILA-101-2027-K-H1"],
             "parent": {"selectionItemId": "TILA-101", "selectionItemType": "COURSE_UNIT", "parent": None}},
            {"selectionItemId": "TILA-101-2027-T1", "selectionItemType": "REALISATION", "selectionItemStatus": 1,
             "selectionItemStatusInfo": None, "subGroupSelections": None,
             "parent": {"selectionItemId": "TILA-101-T", "selectionItemType": "ASSESSMENT_ITEM",
                        "parent": {"selectionItemId": "TILA-101-S1", "selectionItemType": "COMPLETION_OPTION",
                                   "parent": {"selectionItemId": "TILA-101", "selectionItemType": "COURSE_UNIT",
                                              "parent": None}}}},
        ],
        "warnings": [{"type": "OTHER", "description": {"values": {"fi": "Opiskelija on vaihdossa keväällä."}},
                      "startDate": "2027-01-01", "endDate": "2027-05-31", "studyRightId": "HY-SR-2024-0042"}],
        "descriptions": [{"key": EXAMPLE.hy_tk, "name": {"values": {"fi": "Lisätieto"}},
                          "value": {"values": {"fi": "Sivuaineopinnot"}}}],
    }


def example_reply() -> dict[str, Any]:
    return {
        "registrationRequestId": REQUEST_ID,
        "status": "REGISTERED",
        "selections": [
            {"selectionItemId": "TILA-101", "selectionItemType": "COURSE_UNIT", "selectionItemStatus": 2,
             "selectionItemStatusInfo": None, "subGroupSelections": None, "rank": None},
            {"selectionItemId": "TILA-101-2027-K", "selectionItemType": "REALISATION", "selectionItemStatus": 2,
             "selectionItemStatusInfo": "Hyväksytty ryhmään 1", "subGroupSelections": ["TILA-101-2027-K-H1"],
             "rank": {"rankAll": 12, "maxSeatsAll": 40, "rankCrossStudy": 3, "maxSeatsCrossStudy": 10}},
            {"selectionItemId": "TILA-101-2027-T1", "selectionItemType": "REALISATION", "selectionItemStatus": 3,
             "selectionItemStatusInfo": "Tentti on täynnä", "subGroupSelections": None, "rank": None},
        ],
        "hostStudyRight": _study_right(EXAMPLE.aalto_tk, "AALTO-JOO-2026-0007", "2026-12-02", "2027-07-31"),
        "hostStudentEppn": "olli.opiskelija@aalto.fi",
        "hostStudentNumber": "A1234567",
        "statusInfo": "Osittain hyväksytty",
        "rejectionReason": {"values": {"fi": "Tentti on täynnä.", "sv": "Tentamen är full.",
                                       "en": "The exam is full."}},
    }
