"""Message schemas, version 1: the envelope, the common vocabulary and the transport's own payloads.

Names follow the vocabulary the Finnish student information systems already speak (RIPA v9 message
types and field names). Every model refuses unknown fields; the models are the single source of the
JSON Schemas published under `docs/api/messages/v1/` (`joopas exchange export-schemas`).

The domain apps define their message types' payload models in their own `messages` modules from the
vocabulary here (imported through `joopas.exchange.data`) and register them (`joopas.exchange.api`).
This module holds the envelope, the shared vocabulary, and the types the exchange registers itself
(acknowledgements and the addressed student / study-right updates with their replies).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"
NonEmpty = Annotated[str, Field(min_length=1, max_length=500)]
Status = Literal["ACTIVE", "CANCELLED", "ARCHIVED"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# --- common ---------------------------------------------------------------------------------------

class LocalisedValues(Strict):
    fi: str | None = None
    sv: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_language(self) -> LocalisedValues:
        if not any((self.fi, self.sv, self.en)):
            raise ValueError("give the text in at least one of fi, sv, en")
        return self


class LocalisedString(Strict):
    """A text in Finnish, Swedish and/or English: `{"values": {"fi": …}}`."""

    values: LocalisedValues


class CooperationNetwork(Strict):
    """A reference to a network the element is offered in."""

    id: NonEmpty
    validityStartDate: dt.date | None = None
    validityEndDate: dt.date | None = None
    enrollable: bool | None = None


class OrganisationTarget(Strict):
    organisationTkCode: NonEmpty
    organisationIdentifier: str | None = None
    organisationName: LocalisedString | None = None


class OrganisationReference(Strict):
    """1 = main organiser, 2 = other organiser."""

    organisationRole: Literal[1, 2]
    target: OrganisationTarget
    percent: int | None = Field(default=None, ge=0, le=100)
    description: LocalisedString | None = None


def one_main_organiser(refs: list[OrganisationReference]) -> None:
    if sum(1 for r in refs if r.organisationRole == 1) != 1:
        raise ValueError("exactly one organisation reference must have organisationRole 1 (main organiser)")


# --- students ---------------------------------------------------------------------------------------

class Phone(Strict):
    number: NonEmpty
    description: str | None = None


class Address(Strict):
    street: str
    postalCode: str
    postOffice: str
    country: Annotated[str, Field(pattern=r"^[0-9]{3}$", description="Statistics Finland country code, e.g. 246")]


class StudentWarning(Strict):
    type: Literal["NOT_ELIGIBLE_FOR_CROSS_STUDIES", "OTHER"]
    description: LocalisedString | None = None
    startDate: dt.date | None = None
    endDate: dt.date | None = None
    studyRightId: NonEmpty | None = None


class PersonIds(Strict):
    oid: NonEmpty | None = Field(default=None, description="National learner number (oppijanumero, 1.2.246.562.24.*)")
    personId: NonEmpty | None = Field(default=None, description="Finnish personal identity code (hetu)")

    @model_validator(mode="after")
    def _one_id(self) -> PersonIds:
        if not (self.oid or self.personId):
            raise ValueError("give oid or personId")
        return self


class UpdateStudentRequest(PersonIds):
    firstNames: NonEmpty
    surName: NonEmpty
    givenName: str | None = None
    homeEppn: str | None = None
    hostEppn: str | None = None
    address: Annotated[list[Address], Field(min_length=1)] | None = None
    countryOfCitizenship: Annotated[list[Annotated[str, Field(pattern=r"^[0-9]{3}$")]], Field(min_length=1)] | None = None
    municipalityOfResidence: str | None = None
    motherTongue: str | None = None
    preferredLanguage: str | None = None
    email: Annotated[list[NonEmpty], Field(min_length=1)] | None = None
    phone: Annotated[list[Phone], Field(min_length=1)] | None = None
    warnings: Annotated[list[StudentWarning], Field(min_length=1)] | None = None


class StudyRightIdentifiers(Strict):
    organisationTkCodeReference: NonEmpty
    studyRightId: NonEmpty


class StudyRightStatus(Strict):
    studyRightStatusValue: Literal[1, 2, 3, 4, 5]
    startDate: dt.date
    endDate: dt.date

    @model_validator(mode="after")
    def _order(self) -> StudyRightStatus:
        if self.endDate < self.startDate:
            raise ValueError("endDate is before startDate")
        return self


class StudyRight(Strict):
    identifiers: StudyRightIdentifiers
    studyRightStatus: StudyRightStatus
    eligibleForNetworkStudies: bool | None = None


class UpdateStudentStudyRightRequest(PersonIds):
    homeStudyRight: StudyRight


class UpdateStudentReplyRequest(Strict):
    studentRequestId: uuid.UUID = Field(description="message_id of the update being answered")
    status: Literal["UPDATED", "REJECTED"]
    rejectionReason: LocalisedString | None = None


class UpdateStudentStudyRightReplyRequest(UpdateStudentReplyRequest):
    pass


class Acknowledgement(Strict):
    requestId: uuid.UUID = Field(description="message_id of the message being acknowledged")
    messageType: str | None = None
    receivingOrganisationTkCode: NonEmpty | None = Field(
        default=None, description="Statistics Finland code of the organisation that sent the acknowledged message")


# --- envelope -------------------------------------------------------------------------------------

class Envelope(Strict):
    """What every POST /api/v1/exchange/messages carries. The sender is the API key's organisation."""

    message_id: uuid.UUID
    type: Annotated[str, Field(min_length=1, max_length=60)]
    schema_version: Literal["1"]
    sent_at: AwareDatetime
    recipient: NonEmpty | None = Field(
        default=None, description="OID of the addressed organisation (student and study-right updates)")
    payload: dict[str, Any]

    @model_validator(mode="after")
    def _sane_time(self) -> Envelope:
        offset = self.sent_at.utcoffset() or dt.timedelta(0)
        if abs(offset) > dt.timedelta(hours=14) or not 2000 <= self.sent_at.year <= 2999:
            raise ValueError("sent_at must be a real time (years 2000–2999, UTC offset within ±14 hours)")
        return self
