"""Message schemas, version 1: the envelope and one strict Pydantic model per message type.

Names follow the vocabulary the Finnish student information systems already speak (RIPA v9 message
types and field names). Every model refuses unknown fields; the models are the single source of the
JSON Schemas published under `docs/api/messages/v1/` (`joopas exchange export-schemas`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
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


def _one_main_organiser(refs: list[OrganisationReference]) -> None:
    if sum(1 for r in refs if r.organisationRole == 1) != 1:
        raise ValueError("exactly one organisation reference must have organisationRole 1 (main organiser)")


class StudyElementReference(Strict):
    referenceIdentifier: NonEmpty
    referenceOrganizer: NonEmpty
    referenceType: Literal["COURSE_UNIT", "STUDY_MODULE", "ASSESSMENT_ITEM"]


class Realisation(Strict):
    realisationId: NonEmpty
    realisationIdentifierCode: NonEmpty | None = None
    name: LocalisedString
    status: Status = "ACTIVE"
    startDate: dt.date | None = None
    endDate: dt.date | None = None
    enrollmentStartDateTime: AwareDatetime | None = None
    enrollmentEndDateTime: AwareDatetime | None = None
    creditsMin: float | None = Field(default=None, ge=0)
    creditsMax: float | None = Field(default=None, ge=0)
    minSeats: int | None = Field(default=None, ge=0)
    maxSeats: int | None = Field(default=None, ge=0)
    teachingLanguage: list[NonEmpty] | None = None
    studyElementReferences: list[StudyElementReference] = Field(default_factory=list)
    organisationReferences: Annotated[list[OrganisationReference], Field(min_length=1)]
    cooperationNetworks: Annotated[list[CooperationNetwork], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Realisation:
        _one_main_organiser(self.organisationReferences)
        if self.startDate and self.endDate and self.endDate < self.startDate:
            raise ValueError("endDate is before startDate")
        if self.creditsMin is not None and self.creditsMax is not None and self.creditsMax < self.creditsMin:
            raise ValueError("creditsMax is less than creditsMin")
        return self


class NewRealisation(Realisation):
    """A realisation in a create message: it must reference at least one study element."""

    studyElementReferences: Annotated[list[StudyElementReference], Field(min_length=1)]
    startDate: dt.date
    endDate: dt.date


class StudyElementBase(Strict):
    studyElementId: NonEmpty
    studyElementIdentifierCode: str | None = None
    name: LocalisedString
    status: Status = "ACTIVE"
    abbreviation: str | None = None
    description: LocalisedString | None = None
    creditsMin: float | None = Field(default=None, ge=0)
    creditsMax: float | None = Field(default=None, ge=0)
    teachingLanguage: list[NonEmpty] | None = None
    validityStartDate: dt.date | None = None
    validityEndDate: dt.date | None = None
    organisationReferences: Annotated[list[OrganisationReference], Field(min_length=1)]
    cooperationNetworks: Annotated[list[CooperationNetwork], Field(min_length=1)]
    sendingTime: AwareDatetime

    @model_validator(mode="after")
    def _consistent(self) -> StudyElementBase:
        _one_main_organiser(self.organisationReferences)
        if self.creditsMin is not None and self.creditsMax is not None and self.creditsMax < self.creditsMin:
            raise ValueError("creditsMax is less than creditsMin")
        return self


class CourseUnit(StudyElementBase):
    type: Literal["COURSE_UNIT"]
    assessmentScale: Literal[1, 2, 3] | None = None
    realisations: list[Realisation] | None = None


class CourseUnitUpdate(CourseUnit):
    """The full new state of a course unit (realisations are ignored by RIPA and refused here)."""

    realisations: None = None


class StudyModule(StudyElementBase):
    """creditsMin/Max of a module are the credits required when optionality is MIN_MAX_CREDITS."""

    type: Literal["STUDY_MODULE"]
    optionality: Literal["ALL", "MIN_MAX_AMOUNT", "MIN_MAX_CREDITS"] | None = None
    amountValueMin: int | None = Field(default=None, ge=0)
    amountValueMax: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _optionality(self) -> StudyModule:
        amounts = (self.amountValueMin, self.amountValueMax)
        credits = (self.creditsMin, self.creditsMax)
        wanted = {None: (False, False), "ALL": (False, False), "MIN_MAX_AMOUNT": (True, False),
                  "MIN_MAX_CREDITS": (False, True)}[self.optionality]
        if wanted[0] != all(v is not None for v in amounts) or (not wanted[0] and any(v is not None for v in amounts)):
            raise ValueError("amountValueMin and amountValueMax are given exactly when optionality is MIN_MAX_AMOUNT")
        if wanted[1] != all(v is not None for v in credits) or (not wanted[1] and any(v is not None for v in credits)):
            raise ValueError("creditsMin and creditsMax are given exactly when optionality is MIN_MAX_CREDITS")
        return self


# --- offering requests ----------------------------------------------------------------------------

class CreateCourseUnitRequest(Strict):
    courseUnits: Annotated[list[CourseUnit], Field(min_length=1, max_length=100)]


class UpdateCourseUnitRequest(Strict):
    courseUnit: CourseUnitUpdate


class DeleteCourseUnitRequest(Strict):
    studyElementId: NonEmpty
    deleteRealisations: bool


class CreateStudyModuleRequest(Strict):
    studyModules: Annotated[list[StudyModule], Field(min_length=1, max_length=100)]


class UpdateStudyModuleRequest(Strict):
    studyModule: StudyModule


class DeleteStudyModuleRequest(Strict):
    studyElementId: NonEmpty
    deleteCourseUnits: bool


class CreateRealisationRequest(Strict):
    realisations: Annotated[list[NewRealisation], Field(min_length=1, max_length=100)]


class UpdateRealisationRequest(Strict):
    realisation: Realisation


class DeleteRealisationRequest(Strict):
    realisationId: NonEmpty


# --- notifications (platform → members of the affected networks) ----------------------------------

class NotifiedElement(Strict):
    referenceIdentifier: NonEmpty
    referenceOrganizer: NonEmpty
    type: Literal["COURSE_UNIT", "STUDY_MODULE", "REALISATION"]


class OfferingNotification(Strict):
    sendingOrganisationTkCode: NonEmpty
    timestamp: AwareDatetime
    created: list[NotifiedElement] | None = None
    updated: list[NotifiedElement] | None = None
    deleted: list[NotifiedElement] | None = None


class NetworkValidity(Strict):
    continuity: Literal["FIXED", "INDEFINITELY"]
    start: AwareDatetime
    end: AwareDatetime | None = None


class NetworkOrganisation(Strict):
    organisationTkCode: NonEmpty
    isCoordinator: bool
    validityInNetwork: NetworkValidity


class NetworkNotification(Strict):
    """A network was created or changed; sent to its member organisations."""

    network: NetworkBody


class NetworkBody(Strict):
    id: NonEmpty
    name: LocalisedString
    abbreviation: str | None = None
    networkType: Literal["CURRICULUM_LEVEL", "FREEDOM_OF_CHOICE", "JOO_AGREEMENT"]
    organisations: list[NetworkOrganisation]
    published: bool
    validity: NetworkValidity


NetworkNotification.model_rebuild()


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


@dataclass(frozen=True)
class MessageType:
    name: str
    model: type[BaseModel]
    inbound: bool  # may an organisation post it?
    addressed: bool = False  # needs an envelope recipient
    reply_to: tuple[str, ...] = ()  # types this one answers
    summary: str = ""


def _t(name: str, model: type[BaseModel], inbound: bool, summary: str, **kw: Any) -> MessageType:
    return MessageType(name, model, inbound, summary=summary, **kw)


_ELEMENTS = (("COURSEUNIT", "course unit"), ("STUDYMODULE", "study module"), ("REALISATION", "realisation"))

TYPES: dict[str, MessageType] = {
    t.name: t for t in [
        _t("CREATE_COURSEUNIT_REQUEST", CreateCourseUnitRequest, True, "Create course units (and their realisations)"),
        _t("UPDATE_COURSEUNIT_REQUEST", UpdateCourseUnitRequest, True, "Replace a course unit's data"),
        _t("DELETE_COURSEUNIT_REQUEST", DeleteCourseUnitRequest, True, "Delete a course unit"),
        _t("CREATE_STUDYMODULE_REQUEST", CreateStudyModuleRequest, True, "Create study modules"),
        _t("UPDATE_STUDYMODULE_REQUEST", UpdateStudyModuleRequest, True, "Replace a study module's data"),
        _t("DELETE_STUDYMODULE_REQUEST", DeleteStudyModuleRequest, True, "Delete a study module"),
        _t("CREATE_REALISATION_REQUEST", CreateRealisationRequest, True, "Create realisations"),
        _t("UPDATE_REALISATION_REQUEST", UpdateRealisationRequest, True, "Replace a realisation's data"),
        _t("DELETE_REALISATION_REQUEST", DeleteRealisationRequest, True, "Delete a realisation"),
        *[_t(f"{el}_{what}_NOTIFICATION", OfferingNotification, False,
             f"A {label} was {what.lower()} in a network you belong to")
          for el, label in _ELEMENTS for what in ("CREATED", "UPDATED", "DELETED")],
        _t("NETWORK_CREATED_NOTIFICATION", NetworkNotification, False, "You were included in a new network"),
        _t("NETWORK_UPDATED_NOTIFICATION", NetworkNotification, False, "A network you belong to changed"),
        _t("UPDATE_STUDENT_REQUEST", UpdateStudentRequest, True, "Home institution updates a student's details",
           addressed=True),
        _t("UPDATE_STUDENT_REPLY_REQUEST", UpdateStudentReplyRequest, True, "Host institution answers a student update",
           reply_to=("UPDATE_STUDENT_REQUEST",)),
        _t("UPDATE_STUDENT_STUDYRIGHT_REQUEST", UpdateStudentStudyRightRequest, True,
           "Home institution updates a student's study right", addressed=True),
        _t("UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", UpdateStudentStudyRightReplyRequest, True,
           "Host institution answers a study-right update", reply_to=("UPDATE_STUDENT_STUDYRIGHT_REQUEST",)),
        _t("ACKNOWLEDGEMENT", Acknowledgement, True, "Receiver confirms it has processed a message"),
    ]
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema 2020-12 for the envelope and every message type's payload."""
    base = "https://joopas.fi/schemas/exchange/v1/"
    out: dict[str, dict[str, Any]] = {}

    def finish(name: str, schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{base}{name}",
                "title": title, "description": description, **{k: v for k, v in schema.items() if k != "title"}}

    out["envelope.json"] = finish("envelope.json", Envelope.model_json_schema(), "Envelope",
                                  Envelope.__doc__ or "")
    for t in TYPES.values():
        name = f"{t.name.lower()}.json"
        schema = t.model.model_json_schema()
        schema.pop("description", None)
        out[name] = finish(name, schema, t.name, t.summary)
    return out
