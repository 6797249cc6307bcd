"""The catalogue's exchange message payloads (version 1): offering requests and offering notifications,
and the example data of their documented examples.

Strict Pydantic models in the RIPA v9 vocabulary, built from the exchange's common vocabulary
(`joopas.exchange.data`); registered with the exchange in `catalogue/messages.py`. They are the
source of the published JSON Schemas (`docs/api/messages/v1/`), so a change here is a schema change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from joopas.exchange.data import (
    EXAMPLE,
    Address,
    Code,
    CodeText,
    CooperationNetwork,
    Credits,
    Description,
    ExternalCode,
    GroupQuota,
    Identifier,
    Keyword,
    Language,
    LocalisedName,
    LocalisedString,
    NameText,
    NonEmpty,
    OrganisationReference,
    PersonReference,
    Seats,
    Status,
    Strict,
    one_main_organiser,
    partial,
)

GuidanceArea = Annotated[int, Field(ge=1, le=12)]


def _dates(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start and end and end < start:
        raise ValueError(f"{what}: the end date is before the start date")


def _credits(lo: float | None, hi: float | None) -> None:
    if lo is not None and hi is not None and hi < lo:
        raise ValueError("creditsMax is less than creditsMin")


class StudyElementReference(Strict):
    """What a realisation belongs to: a course unit, or an assessment item of one (`referenceIdentifier` is
    then the course unit's studyElementId and `referenceAssessmentItemId` the item's id)."""

    referenceIdentifier: Identifier
    referenceOrganizer: NonEmpty
    referenceType: Literal["COURSE_UNIT", "STUDY_MODULE", "ASSESSMENT_ITEM"]
    referenceAssessmentItemId: Identifier | None = None

    @model_validator(mode="after")
    def _item(self) -> StudyElementReference:
        if (self.referenceType == "ASSESSMENT_ITEM") != (self.referenceAssessmentItemId is not None):
            raise ValueError("referenceAssessmentItemId is given exactly when referenceType is ASSESSMENT_ITEM")
        return self


class SelectionValue(Strict):
    id: Identifier
    name: LocalisedName
    minSeats: Seats | None = None
    maxSeats: Seats | None = None
    groupQuotas: Annotated[list[GroupQuota], Field(max_length=50)] | None = None


class Selection(Strict):
    """A choice the student makes when enrolling (e.g. a teaching group)."""

    title: LocalisedString | None = None
    type: Literal["CHOOSE_ONE", "CHOOSE_MANY"] | None = None
    selectionValues: Annotated[list[SelectionValue], Field(min_length=1, max_length=200)]


class QuestionSet(Strict):
    title: LocalisedString | None = None
    questions: Annotated[list[LocalisedString], Field(max_length=100)] | None = None


class Realisation(Strict):
    realisationId: Identifier
    realisationIdentifierCode: CodeText | None = None
    name: LocalisedName
    status: Status | None = Field(default=None, description="ACTIVE when left out")
    startDate: dt.date | None = None
    endDate: dt.date | None = None
    enrollmentStartDateTime: AwareDatetime | None = None
    enrollmentEndDateTime: AwareDatetime | None = None
    enrollmentClosed: bool | None = Field(default=None, description="true: enrolment is closed whatever the dates say")
    creditsMin: Credits | None = None
    creditsMax: Credits | None = None
    minSeats: Seats | None = None
    maxSeats: Seats | None = None
    teachingLanguage: Annotated[list[Language], Field(max_length=20)] | None = None
    location: Address | None = None
    personReferences: Annotated[list[PersonReference], Field(max_length=100)] | None = None
    organisationSpecificDescriptions: Annotated[list[Description], Field(max_length=50)] | None = None
    selections: Annotated[list[Selection], Field(min_length=1, max_length=50)] | None = None
    questionSets: Annotated[list[QuestionSet], Field(max_length=50)] | None = None
    groupSelections: Annotated[list[Selection], Field(min_length=1, max_length=50)] | None = None
    groupQuotas: Annotated[list[GroupQuota], Field(max_length=50)] | None = Field(
        default=None, description="Seats per network: information only (R-OFF-3)")
    minEduGuidanceArea: Annotated[list[GuidanceArea], Field(max_length=12)] | None = None
    studyElementReferences: Annotated[list[StudyElementReference], Field(max_length=50)] = Field(default_factory=list)
    organisationReferences: Annotated[list[OrganisationReference], Field(min_length=1, max_length=20)]
    cooperationNetworks: Annotated[list[CooperationNetwork], Field(max_length=50)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Realisation:
        one_main_organiser(self.organisationReferences)
        _dates(self.startDate, self.endDate, "startDate/endDate")
        _credits(self.creditsMin, self.creditsMax)
        if self.minSeats is not None and self.maxSeats is not None and self.maxSeats < self.minSeats:
            raise ValueError("maxSeats is less than minSeats")
        return self


class NestedRealisation(Realisation):
    """A realisation inside a course unit or assessment item of a create message: offered in ≥ 1 network."""

    cooperationNetworks: Annotated[list[CooperationNetwork], Field(min_length=1, max_length=50)]


class NewRealisation(NestedRealisation):
    """A realisation in a create message: it must reference its course unit (or an assessment item of it)."""

    studyElementReferences: Annotated[list[StudyElementReference], Field(min_length=1, max_length=50)]
    startDate: dt.date
    endDate: dt.date


class StudyElementBase(Strict):
    studyElementId: Identifier
    studyElementIdentifierCode: CodeText | None = None
    studyElementPermanentId: Identifier | None = None
    name: LocalisedName
    status: Status | None = Field(default=None, description="ACTIVE when left out")
    abbreviation: NameText | None = None
    description: LocalisedString | None = None
    objective: LocalisedString | None = Field(default=None, description="Learning outcomes")
    content: LocalisedString | None = None
    preconditions: LocalisedString | None = Field(default=None, description="Prerequisites")
    furtherInformation: LocalisedString | None = None
    creditsMin: Credits | None = None
    creditsMax: Credits | None = None
    creditsDescription: LocalisedString | None = None
    teachingLanguage: Annotated[list[Language], Field(max_length=20)] | None = None
    languagesOfCompletion: Annotated[list[Language], Field(max_length=20)] | None = None
    validityStartDate: dt.date | None = None
    validityEndDate: dt.date | None = None
    missing: bool | None = None
    createdTime: AwareDatetime | None = None
    updatedTime: AwareDatetime | None = None
    classificationCodes: Annotated[list[ExternalCode], Field(max_length=50)] | None = None
    personReferences: Annotated[list[PersonReference], Field(max_length=100)] | None = None
    keywords: Annotated[list[Keyword], Field(max_length=100)] | None = None
    targetGroups: Annotated[list[Code], Field(max_length=50)] | None = None
    organisationSpecificDescriptions: Annotated[list[Description], Field(max_length=50)] | None = None
    minEduGuidanceArea: Annotated[list[GuidanceArea], Field(max_length=12)] | None = None
    organisationReferences: Annotated[list[OrganisationReference], Field(min_length=1, max_length=20)]
    cooperationNetworks: Annotated[list[CooperationNetwork], Field(max_length=50)] | None = None
    sendingTime: AwareDatetime

    @model_validator(mode="after")
    def _consistent(self) -> StudyElementBase:
        one_main_organiser(self.organisationReferences)
        _credits(self.creditsMin, self.creditsMax)
        _dates(self.validityStartDate, self.validityEndDate, "validityStartDate/validityEndDate")
        return self


class ParentReference(Strict):
    """A study module the course unit belongs to (of the same organiser, in the offering)."""

    referenceIdentifier: Identifier
    referenceOrganizer: NonEmpty
    referenceType: Literal["STUDY_MODULE"]
    onlyEnrollableWithParent: bool | None = None
    referenceCode: CodeText | None = None


class AssessmentItem(Strict):
    """What is assessed (an exam, independent work, teaching participation); registrations may refer to it."""

    assessmentItemId: Identifier
    primaryCourseUnitId: Identifier | None = Field(default=None, description="Not used (as in RIPA v9)")
    type: Literal["INDEPENDENT_WORK", "EXAM", "TEACHING_PARTICIPATION"] | None = None
    name: LocalisedName | None = None
    creditsMin: Credits | None = None
    creditsMax: Credits | None = None
    realisations: Annotated[list[NestedRealisation], Field(max_length=100)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentItem:
        _credits(self.creditsMin, self.creditsMax)
        return self


class CompletionOption(Strict):
    """One way to complete the course unit, with its assessment items."""

    completionOptionId: Identifier
    description: NameText | None = None
    name: LocalisedName | None = None
    assessmentItems: Annotated[list[AssessmentItem], Field(max_length=50)] | None = None


class CourseUnit(StudyElementBase):
    type: Literal["COURSE_UNIT"]
    assessmentScale: Literal[1, 2, 3] | None = None
    learningMaterials: Annotated[list[LocalisedString], Field(max_length=50)] | None = None
    examBookEnquiry: bool | None = None
    groupSize: Seats | None = None
    completionOptions: Annotated[list[CompletionOption], Field(max_length=20)] | None = None
    parents: Annotated[list[ParentReference], Field(max_length=50)] | None = None
    onlyEnrollableWithParent: bool | None = None
    realisations: Annotated[list[NestedRealisation], Field(max_length=100)] | None = None

    @model_validator(mode="after")
    def _unique_items(self) -> CourseUnit:
        ids = [a.assessmentItemId for o in self.completionOptions or [] for a in o.assessmentItems or []]
        if len(ids) != len(set(ids)):
            raise ValueError("assessmentItemId values must be unique within the course unit")
        return self


class NewCourseUnit(CourseUnit):
    """A course unit in a create message: offered in ≥ 1 network."""

    cooperationNetworks: Annotated[list[CooperationNetwork], Field(min_length=1, max_length=50)]


StudyModuleType = Literal["BASIC_STUDIES", "SUBJECT_STUDIES", "ADVANCED_STUDIES", "LANGUAGE_STUDIES", "INTERNSHIP",
                          "POSTGRADUATE_STUDIES", "OTHER"]


class StudyModule(StudyElementBase):
    """creditsMin/Max of a module are the credits required when optionality is MIN_MAX_CREDITS; `credits` is
    the module's own extent."""

    type: Literal["STUDY_MODULE"]
    optionality: Literal["ALL", "MIN_MAX_AMOUNT", "MIN_MAX_CREDITS"] | None = None
    optionalityFurtherInformation: LocalisedString | None = None
    amountValueMin: Seats | None = None
    amountValueMax: Seats | None = None
    credits: Credits | None = None
    studyModuleType: StudyModuleType | None = None

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


class SubElementCourseUnit(NewCourseUnit):
    """A course unit created inside a study module (it becomes the module's child)."""


class SubElementStudyModule(StudyModule):
    """A study module created inside a study module (its child), with its own sub-elements."""

    cooperationNetworks: Annotated[list[CooperationNetwork], Field(min_length=1, max_length=50)]
    subElements: Annotated[list[Annotated[SubElementCourseUnit | SubElementStudyModule, Field(discriminator="type")]],
                           Field(max_length=200)] | None = None


class NewStudyModule(SubElementStudyModule):
    """A study module in a create message, with its structure (`subElements`, created with it)."""


class SubElementReference(Strict):
    """An existing element of the sender that is part of the module (update messages)."""

    studyElementId: Identifier
    organisationReferences: Annotated[list[OrganisationReference], Field(min_length=1, max_length=20)]
    type: Literal["COURSE_UNIT", "STUDY_MODULE"]
    onlyEnrollableWithParent: bool | None = None


class StudyModuleState(StudyModule):
    """A study module as an update leaves it: the structure names existing elements."""

    subElements: Annotated[list[SubElementReference], Field(max_length=200)] | None = None


SubElementStudyModule.model_rebuild()
NewStudyModule.model_rebuild()

# --- offering requests ----------------------------------------------------------------------------

if TYPE_CHECKING:  # for mypy: the update models have the fields of the full ones (all optional at runtime)
    CourseUnitUpdate = CourseUnit
    StudyModuleUpdate = StudyModuleState
    RealisationUpdate = Realisation
else:
    CourseUnitUpdate = partial(
        CourseUnit, "CourseUnitUpdate", keep=("studyElementId",), drop=("realisations",),
        doc="The fields of a course unit that change: `studyElementId` and any others; fields left out keep their "
            "values, null clears one. Realisations are not changed by this message (as in RIPA).")
    StudyModuleUpdate = partial(StudyModuleState, "StudyModuleUpdate", keep=("studyElementId",),
                                doc="The fields of a study module that change: `studyElementId` and any others.")
    RealisationUpdate = partial(Realisation, "RealisationUpdate", keep=("realisationId",),
                                doc="The fields of a realisation that change: `realisationId` and any others.")


class CreateCourseUnitRequest(Strict):
    courseUnits: Annotated[list[NewCourseUnit], Field(min_length=1, max_length=100)]


class UpdateCourseUnitRequest(Strict):
    courseUnit: CourseUnitUpdate


class DeleteCourseUnitRequest(Strict):
    studyElementId: Identifier
    deleteRealisations: bool


class CreateStudyModuleRequest(Strict):
    studyModules: Annotated[list[NewStudyModule], Field(min_length=1, max_length=100)]


class UpdateStudyModuleRequest(Strict):
    studyModule: StudyModuleUpdate


class DeleteStudyModuleRequest(Strict):
    studyElementId: Identifier
    deleteCourseUnits: bool


class CreateRealisationRequest(Strict):
    realisations: Annotated[list[NewRealisation], Field(min_length=1, max_length=100)]


class UpdateRealisationRequest(Strict):
    realisation: RealisationUpdate


class DeleteRealisationRequest(Strict):
    realisationId: Identifier


# --- notifications (platform → members of the affected networks) ----------------------------------

class NotifiedElement(Strict):
    referenceIdentifier: NonEmpty
    referenceOrganizer: NonEmpty
    type: Literal["COURSE_UNIT", "STUDY_MODULE", "REALISATION"]
    element: dict[str, Any] | None = Field(
        default=None, description="created/updated: the element as its organiser's system sent it (after an update, "
                                  "with the update applied), every RIPA v9 field passed on unchanged")


class OfferingNotification(Strict):
    sendingOrganisationTkCode: NonEmpty
    timestamp: AwareDatetime
    created: list[NotifiedElement] | None = None
    updated: list[NotifiedElement] | None = None
    deleted: list[NotifiedElement] | None = None


# --- examples (docs/exchange.md, the guide, docs/api/messages/v1/examples/) -------------------------
# Every RIPA v9 field of the element is filled once (R-EXC-5), so the examples double as the list of what
# Joopas accepts; each validates against the corrected RIPA v9 schemas (test_example_is_compatible_with_ripa_v9).

_LS = {"values": {"fi": "Tilastotieteen perusteet", "sv": "Grunderna i statistik", "en": "Basics of Statistics"}}
_HY = {"organisationTkCode": EXAMPLE.hy_tk, "organisationIdentifier": EXAMPLE.hy_oid,
       "organisationName": {"values": {"fi": "Helsingin yliopisto", "sv": "Helsingfors universitet",
                                       "en": "University of Helsinki"}},
       "unitName": {"values": {"fi": "Matemaattis-luonnontieteellinen tiedekunta", "en": "Faculty of Science"}},
       "nameDescription": {"values": {"fi": "Tilastotieteen opetus", "en": "Teaching of statistics"}},
       "postalAddress": {"street": "PL 68", "postalCode": "00014", "postOffice": "Helsingin yliopisto", "country": "246"},
       "streetAddress": {"street": "Pietari Kalmin katu 5", "postalCode": "00560", "postOffice": "Helsinki",
                         "country": "246"},
       "municipalityCode": "091", "phone": {"number": "+358294150000", "description": "Vaihde"},
       "url": "https://www.helsinki.fi"}
_ORG = [{"organisationRole": 1, "target": {"organisationTkCode": EXAMPLE.hy_tk}}]
_ORG_FULL = [{"organisationRole": 1, "percent": 100, "target": _HY,
              "description": {"values": {"fi": "Järjestäjä", "en": "Organiser"}}}]
_NETS = [{"id": EXAMPLE.network, "enrollable": True}]
_NETS_FULL = [{"id": EXAMPLE.network, "enrollable": True, "validityStartDate": "2026-08-01",
               "validityEndDate": "2028-07-31"}]
_TEACHER = {"person": {"firstNames": "Maija Helena", "givenName": "Maija", "surName": "Meikäläinen",
                       "homeEppn": "maija.meikalainen@helsinki.fi", "hostEppn": None},
            "personRole": {"key": "teacher", "codeSetKey": "personRole"}}
_RESPONSIBLE = {"person": {"firstNames": "Matti", "surName": "Virtanen"},
                "personRole": {"key": "responsible-teacher", "codeSetKey": "personRole"}}


def _quota(seats: int) -> dict[str, Any]:
    return {"minSeats": 0, "maxSeats": seats, "networkIdentifiers": [EXAMPLE.network]}


def example_realisation(rid: str = "TILA-101-2027-K") -> dict[str, Any]:
    return {
        "realisationId": rid, "realisationIdentifierCode": "TILA-101/2027K",
        "name": {"values": {"fi": "Tilastotieteen perusteet, kevät 2027", "en": "Basics of Statistics, spring 2027"}},
        "status": "ACTIVE", "startDate": "2027-01-12", "endDate": "2027-03-05",
        "enrollmentStartDateTime": "2026-12-01T09:00:00+02:00", "enrollmentEndDateTime": "2027-01-08T23:59:00+02:00",
        "enrollmentClosed": False,
        "creditsMin": 5, "creditsMax": 5, "minSeats": 10, "maxSeats": 40, "teachingLanguage": ["fi"],
        "location": {"street": "Pietari Kalmin katu 5", "postalCode": "00560", "postOffice": "Helsinki",
                     "country": "246"},
        "personReferences": [_TEACHER, {"definition": "Tilastotieteen assistentit"}],
        "organisationSpecificDescriptions": [{"key": EXAMPLE.hy_tk, "name": {"values": {"fi": "Opetusaika"}},
                                              "value": {"values": {"fi": "Ti ja to klo 10–12"}}}],
        "selections": [{"title": {"values": {"fi": "Harjoitusryhmä", "en": "Exercise group"}}, "type": "CHOOSE_ONE",
                        "selectionValues": [{"id": "TILA-101-2027-K-H1", "minSeats": 5, "maxSeats": 20,
                                             "name": {"values": {"fi": "Ryhmä 1 (ti)", "en": "Group 1 (Tue)"}},
                                             "groupQuotas": [_quota(5)]}]}],
        "questionSets": [{"title": {"values": {"fi": "Ennakkotiedot"}},
                          "questions": [{"values": {"fi": "Oletko suorittanut lukion pitkän matematiikan?"}}]}],
        "groupSelections": [{"title": {"values": {"fi": "Opetuskieli"}}, "type": "CHOOSE_ONE",
                             "selectionValues": [{"id": "TILA-101-2027-K-FI", "name": {"values": {"fi": "Suomi"}}}]}],
        "groupQuotas": [_quota(10)], "minEduGuidanceArea": [5],
        "studyElementReferences": [{"referenceIdentifier": "TILA-101", "referenceOrganizer": EXAMPLE.hy_tk,
                                    "referenceType": "COURSE_UNIT"},
                                   {"referenceIdentifier": "TILA-101", "referenceOrganizer": EXAMPLE.hy_tk,
                                    "referenceType": "ASSESSMENT_ITEM", "referenceAssessmentItemId": "TILA-101-T"}],
        "organisationReferences": _ORG_FULL, "cooperationNetworks": _NETS_FULL,
    }


def _element_texts(what: str) -> dict[str, Any]:
    return {
        "description": {"values": {"fi": f"Johdatus {what}.", "en": "An introduction to statistical inference."}},
        "objective": {"values": {"fi": "Opiskelija osaa tehdä yksinkertaisia tilastollisia päätelmiä.",
                                 "en": "The student can draw simple statistical inferences."}},
        "content": {"values": {"fi": "Todennäköisyys, otanta, estimointi ja testaus.",
                               "en": "Probability, sampling, estimation and testing."}},
        "preconditions": {"values": {"fi": "Lukion pitkä matematiikka tai vastaavat tiedot.",
                                     "en": "Upper secondary advanced mathematics or equivalent."}},
        "furtherInformation": {"values": {"fi": "Kurssilla käytetään R-ohjelmaa.", "en": "The course uses R."}},
        "creditsDescription": {"values": {"fi": "5 op", "en": "5 cr"}},
        "languagesOfCompletion": ["fi", "en"], "validityStartDate": "2026-08-01", "validityEndDate": "2028-07-31",
        "missing": False, "createdTime": "2026-05-04T10:00:00+03:00", "updatedTime": "2026-11-20T14:15:00+02:00",
        "classificationCodes": [{"codeKey": "isced2011koulutusalataso2", "codeValue": "054",
                                 "codeStartDate": "2026-08-01", "codeEndDate": None}],
        "keywords": [{"key": "tilastotiede", "keySet": "aihe",
                      "value": {"values": {"fi": "tilastotiede", "sv": "statistik", "en": "statistics"}},
                      "keySetValue": {"values": {"fi": "Aihe", "en": "Subject"}}}],
        "targetGroups": [{"key": "1", "codeSetKey": "kohderyhma"}],
        "organisationSpecificDescriptions": [{"key": EXAMPLE.hy_tk, "name": {"values": {"fi": "Lisätietoja"}},
                                              "value": {"values": {"fi": "Sopii sivuaineeksi."}}}],
        "minEduGuidanceArea": [5], "personReferences": [_RESPONSIBLE],
    }


def example_course_unit(sid: str = "TILA-101", code: str = "TILA-101") -> dict[str, Any]:
    return {
        "studyElementId": sid, "studyElementIdentifierCode": code, "studyElementPermanentId": f"hy-CU-{code}",
        "type": "COURSE_UNIT", "name": _LS, "abbreviation": "TILPER", "status": "ACTIVE", "creditsMin": 5,
        "creditsMax": 5, "teachingLanguage": ["fi", "en"], "assessmentScale": 1, "sendingTime": EXAMPLE.sent_at,
        **_element_texts("tilastolliseen päättelyyn"),
        "learningMaterials": [{"values": {"fi": "Moore, McCabe: Introduction to the Practice of Statistics."}}],
        "examBookEnquiry": False, "groupSize": 40, "onlyEnrollableWithParent": False,
        "completionOptions": [{
            "completionOptionId": f"{sid}-S1", "description": "Luennot ja tentti",
            "name": {"values": {"fi": "Luennot ja tentti", "en": "Lectures and exam"}},
            "assessmentItems": [{"assessmentItemId": f"{sid}-T", "primaryCourseUnitId": None, "type": "EXAM",
                                 "name": {"values": {"fi": "Tentti", "en": "Exam"}}, "creditsMin": 5, "creditsMax": 5,
                                 "realisations": []}]}],
        "organisationReferences": _ORG_FULL, "cooperationNetworks": _NETS_FULL,
    }


def example_study_module() -> dict[str, Any]:
    return {
        "studyElementId": "TILA-MOD", "studyElementIdentifierCode": "TILA-MOD", "studyElementPermanentId": "hy-SM-1",
        "type": "STUDY_MODULE", "abbreviation": "TILMOD", "status": "ACTIVE",
        "name": {"values": {"fi": "Tilastotieteen opintokokonaisuus", "en": "Statistics module"}},
        "creditsMin": 25, "creditsMax": 25, "credits": 25, "teachingLanguage": ["fi"], "sendingTime": EXAMPLE.sent_at,
        **_element_texts("tilastotieteeseen"),
        "optionality": "MIN_MAX_CREDITS",
        "optionalityFurtherInformation": {"values": {"fi": "Valitse opintojaksoja 25 opintopisteen edestä."}},
        "studyModuleType": "BASIC_STUDIES",
        "subElements": [example_course_unit("TILA-102", "TILA-102") | {
            "name": {"values": {"fi": "Regressioanalyysi", "en": "Regression analysis"}}}],
        "organisationReferences": _ORG_FULL, "cooperationNetworks": _NETS_FULL,
    }


def example_notification(what: str, kind: str, ident: str) -> dict[str, Any]:
    return {"sendingOrganisationTkCode": EXAMPLE.hy_tk, "timestamp": EXAMPLE.sent_at,
            what: [{"referenceIdentifier": ident, "referenceOrganizer": EXAMPLE.hy_tk, "type": kind}]}
