"""The catalogue's exchange message payloads (version 1): offering requests and offering notifications,
and the example data of their documented examples.

Strict Pydantic models in the RIPA v9 vocabulary, built from the exchange's common vocabulary
(`joopas.exchange.data`); registered with the exchange in `catalogue/messages.py`. They are the
source of the published JSON Schemas (`docs/api/messages/v1/`), so a change here is a schema change.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from joopas.exchange.data import (
    EXAMPLE,
    CooperationNetwork,
    LocalisedString,
    NonEmpty,
    OrganisationReference,
    Status,
    Strict,
    one_main_organiser,
)


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
        one_main_organiser(self.organisationReferences)
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
        one_main_organiser(self.organisationReferences)
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


# --- examples (docs/exchange.md, the guide, docs/api/messages/v1/examples/) -------------------------

_LS = {"values": {"fi": "Tilastotieteen perusteet", "sv": "Grunderna i statistik", "en": "Basics of Statistics"}}
_ORG = [{"organisationRole": 1, "target": {"organisationTkCode": EXAMPLE.hy_tk}}]
_NETS = [{"id": EXAMPLE.network, "enrollable": True}]


def example_realisation(rid: str = "TILA-101-2027-K") -> dict[str, Any]:
    return {
        "realisationId": rid, "realisationIdentifierCode": "TILA-101/2027K",
        "name": {"values": {"fi": "Tilastotieteen perusteet, kevät 2027", "en": "Basics of Statistics, spring 2027"}},
        "status": "ACTIVE", "startDate": "2027-01-12", "endDate": "2027-03-05",
        "enrollmentStartDateTime": "2026-12-01T09:00:00+02:00", "enrollmentEndDateTime": "2027-01-08T23:59:00+02:00",
        "creditsMin": 5, "creditsMax": 5, "maxSeats": 40, "teachingLanguage": ["fi"],
        "studyElementReferences": [{"referenceIdentifier": "TILA-101", "referenceOrganizer": EXAMPLE.hy_tk,
                                    "referenceType": "COURSE_UNIT"}],
        "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def example_course_unit() -> dict[str, Any]:
    return {
        "studyElementId": "TILA-101", "studyElementIdentifierCode": "TILA-101", "type": "COURSE_UNIT",
        "name": _LS, "status": "ACTIVE", "creditsMin": 5, "creditsMax": 5, "teachingLanguage": ["fi", "en"],
        "assessmentScale": 1, "sendingTime": EXAMPLE.sent_at,
        "description": {"values": {"fi": "Johdatus tilastolliseen päättelyyn.", "en": "An introduction to inference."}},
        "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def example_study_module() -> dict[str, Any]:
    return {
        "studyElementId": "TILA-MOD", "type": "STUDY_MODULE",
        "name": {"values": {"fi": "Tilastotieteen opintokokonaisuus", "en": "Statistics module"}},
        "creditsMin": 25, "creditsMax": 25, "teachingLanguage": ["fi"], "sendingTime": EXAMPLE.sent_at,
        "optionality": "MIN_MAX_CREDITS", "organisationReferences": _ORG, "cooperationNetworks": _NETS,
    }


def example_notification(what: str, kind: str, ident: str) -> dict[str, Any]:
    return {"sendingOrganisationTkCode": EXAMPLE.hy_tk, "timestamp": EXAMPLE.sent_at,
            what: [{"referenceIdentifier": ident, "referenceOrganizer": EXAMPLE.hy_tk, "type": kind}]}
