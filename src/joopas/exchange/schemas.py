"""Message schemas, version 1: the envelope, the common vocabulary and the transport's own payloads.

Names follow the vocabulary the Finnish student information systems already speak (RIPA v9 message
types and field names). Every model refuses unknown fields; the models are the single source of the
JSON Schemas published under `docs/api/messages/v1/` (`joopas exchange export-schemas`).

The domain apps define their message types' payload models in their own `messages` modules from the
vocabulary here (imported through `joopas.exchange.data`) and register them (`joopas.exchange.api`).
This module holds the envelope, the shared vocabulary (students and study rights included), and the one
type the exchange registers itself (acknowledgements). Student and study-right updates belong to the
rights app (`joopas.rights.message_schemas`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from joopas.core.text import PLAIN, PLAIN_TEXT
from joopas.core.text import plain_text as plain_text  # re-exported (joopas.exchange.data)

SCHEMA_VERSION = "1"
Status = Literal["ACTIVE", "CANCELLED", "ARCHIVED"]

# --- text policy (every text field of every message) -------------------------------------------------
# Plain text only (`joopas.core.text`, the one validator for messages, the JSON APIs and forms): markup and
# control characters other than tab and line breaks are refused with the field's path (`schema.markup`).
NAME_MAX, TEXT_MAX, ID_MAX, CODE_MAX = 500, 20_000, 150, 100


_PLAIN = PLAIN
PlainText = Annotated[str, Field(max_length=TEXT_MAX, description=PLAIN_TEXT), _PLAIN]  # descriptions, long texts
NameText = Annotated[str, Field(max_length=NAME_MAX, description=PLAIN_TEXT), _PLAIN]  # names, short texts
NonEmpty = Annotated[str, Field(min_length=1, max_length=NAME_MAX, description=PLAIN_TEXT), _PLAIN]  # required
Identifier = Annotated[str, Field(min_length=1, max_length=ID_MAX, description=PLAIN_TEXT),
                       _PLAIN]  # an institution's own identifier (studyElementId, realisationId, …)
CodeText = Annotated[str, Field(max_length=CODE_MAX, description=PLAIN_TEXT),
                     _PLAIN]  # a code shown to people (studyElementIdentifierCode, …)
Language = Annotated[str, Field(pattern=r"^[a-zA-Z]{2}$", description="ISO 639-1 language code (fi, sv, en, …)")]
Credits = Annotated[float, Field(ge=0, le=999, description="Credits (opintopisteet), at most one decimal"),
                    AfterValidator(lambda v: _one_decimal(v))]
Seats = Annotated[int, Field(ge=0, le=100_000)]
DATE_NOTE = "A date (YYYY-MM-DD)."


def _one_decimal(value: float) -> float:
    if abs(round(value, 1) - value) > 1e-9:
        raise PydanticCustomError("decimal_places", "Credits have at most one decimal.")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def partial(model: type[BaseModel], name: str, *, keep: tuple[str, ...], drop: tuple[str, ...] = (),
            doc: str = "") -> type[Strict]:
    """The model of a partial update: `keep` stays required, every other field of `model` becomes optional
    (left out = unchanged); `drop`ped fields may only be null. Field types and limits are `model`'s; the
    checks across fields run on the merged result (the handler validates it as `model`)."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        annotation = info.rebuild_annotation()
        if field_name in keep:
            fields[field_name] = (annotation, info)
        elif field_name in drop:
            fields[field_name] = (None, Field(default=None, description="Not accepted in an update (null only)."))
        else:
            fields[field_name] = (Optional[annotation], Field(default=None, description=info.description))  # noqa: UP045
    return create_model(name, __base__=Strict, __doc__=doc, __module__=model.__module__, **fields)


# --- common ---------------------------------------------------------------------------------------

class LocalisedValues(Strict):
    fi: PlainText | None = None
    sv: PlainText | None = None
    en: PlainText | None = None

    @model_validator(mode="after")
    def _one_language(self) -> LocalisedValues:
        if not any((self.fi, self.sv, self.en)):
            raise ValueError("give the text in at least one of fi, sv, en")
        return self


class LocalisedString(Strict):
    """A text in Finnish, Swedish and/or English: `{"values": {"fi": …}}` (each at most 20 000 characters)."""

    values: LocalisedValues


class NameValues(LocalisedValues):
    fi: NameText | None = None
    sv: NameText | None = None
    en: NameText | None = None


class LocalisedName(Strict):
    """A name in Finnish, Swedish and/or English: `{"values": {"fi": …}}` (each at most 500 characters)."""

    values: NameValues


class CooperationNetwork(Strict):
    """A network the element is offered in. The sender must be a member of it (R-NET-1) on the day the
    message is handled, or on `validityStartDate` when that is later."""

    id: Identifier
    validityStartDate: dt.date | None = None
    validityEndDate: dt.date | None = None
    enrollable: bool | None = None


class Phone(Strict):
    number: NonEmpty
    description: NameText | None = None


class Address(Strict):
    street: NameText
    postalCode: CodeText
    postOffice: NameText
    country: Annotated[str, Field(pattern=r"^[0-9]{3}$", description="Statistics Finland country code, e.g. 246")]


class OrganisationTarget(Strict):
    """An organisation, named by its Statistics Finland code (`organisationTkCode`, as SIS use it);
    `organisationIdentifier` may carry its OID."""

    organisationTkCode: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z]+$")]
    organisationIdentifier: NameText | None = None
    organisationName: LocalisedName | None = None
    unitName: LocalisedName | None = None
    nameDescription: LocalisedString | None = None
    postalAddress: Address | None = None
    streetAddress: Address | None = None
    municipalityCode: CodeText | None = None
    phone: Phone | None = None
    url: NameText | None = None


class OrganisationReference(Strict):
    """1 = main organiser (must be the sender), 2 = other organiser."""

    organisationRole: Literal[1, 2]
    target: OrganisationTarget
    percent: int | None = Field(default=None, ge=0, le=100)
    description: LocalisedString | None = None


def one_main_organiser(refs: list[OrganisationReference]) -> None:
    if sum(1 for r in refs if r.organisationRole == 1) != 1:
        raise ValueError("exactly one organisation reference must have organisationRole 1 (main organiser)")


class Code(Strict):
    """A value of a code set (`key` in the set `codeSetKey`)."""

    key: NonEmpty
    codeSetKey: NonEmpty


class ExternalCode(Strict):
    """A classification code (e.g. a field of education) with its validity."""

    codeKey: NonEmpty
    codeValue: NonEmpty
    codeStartDate: dt.date | None = None
    codeEndDate: dt.date | None = None


class Keyword(Strict):
    key: NonEmpty
    value: LocalisedString | None = None
    keySet: NonEmpty
    keySetValue: LocalisedString | None = None


class Description(Strict):
    """An organisation-specific description: `key` is the organisation's Statistics Finland code."""

    key: NameText
    name: LocalisedString
    value: LocalisedString


class Person(Strict):
    homeEppn: NameText | None = None
    hostEppn: NameText | None = None
    firstNames: NameText | None = None
    surName: NameText | None = None
    givenName: NameText | None = None


class PersonReference(Strict):
    """A person (teacher, responsible person) with a role, or only a `definition` (e.g. "Teachers of the
    department")."""

    person: Person | None = None
    personRole: Code | None = None
    definition: PlainText | None = None

    @model_validator(mode="after")
    def _named(self) -> PersonReference:
        if self.definition is None and (self.person is None or not self.person.surName or self.personRole is None):
            raise ValueError("give person (with surName) and personRole, or a definition")
        return self


class GroupQuota(Strict):
    """Seats for students of the named networks (information only, R-OFF-3)."""

    minSeats: Seats | None = None
    maxSeats: Seats | None = None
    networkIdentifiers: Annotated[list[Identifier], Field(max_length=50)]


# --- students (shared: student updates, registrations, study records) ---------------------------------------------------------------------------------------

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


StudyRightType = Literal["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "14", "15", "16", "17", "18",
                         "19", "aikuistenperusopetus", "ammatillinenkoulutus", "diatutkinto", "esiopetus",
                         "ibtutkinto", "internationalschool", "korkeakoulutus", "lukiokoulutus", "luva",
                         "perusopetukseenvalmistavaopetus", "perusopetuksenlisaopetus", "perusopetus",
                         "ylioppilastutkinto"]


class StudyRight(Strict):
    identifiers: StudyRightIdentifiers
    studyRightStatus: StudyRightStatus
    studyRightType: StudyRightType | None = Field(default=None, description="Study-right type code, as in RIPA v9")
    keywords: Annotated[list[Keyword], Field(max_length=50)] | None = None
    eligibleForNetworkStudies: bool | None = None


class Acknowledgement(Strict):
    requestId: uuid.UUID = Field(description="message_id of the message being acknowledged")
    messageType: Annotated[str, Field(max_length=60)] | None = None
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
