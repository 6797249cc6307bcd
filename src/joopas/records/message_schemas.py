"""Payloads of the study-record messages (RIPA v9 `studyrecord/*` and `common/completedCredit.json`), built from
the exchange's shared vocabulary. Every model refuses unknown fields; the JSON Schemas under
`docs/api/messages/v1/` are made from these (`joopas exchange export-schemas`).

Intentional differences from v9 (docs/exchange.md, "Study records"): `routingType` is `CROSS_STUDY` only (Joopas
carries cross-study records); `gradingScale.scale` is 1, 2, 3 as in v9 or, for the scales v9 has no number for,
the scale's code (`ects`, or one the host defined), and `grade.code` is then checked against that scale
(R-REC-2); `minEduGuidanceArea` may be left out; `studyRecordRequestId` is the `message_id` of the record message.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from joopas.exchange.data import (
    Address,
    CodeText,
    Credits,
    Identifier,
    Keyword,
    Language,
    LocalisedName,
    LocalisedString,
    NameText,
    NonEmpty,
    Person,
    PlainText,
    Strict,
    StudyRightIdentifiers,
)

TargetType = Literal["ASSESSMENT_ITEM", "COURSE_UNIT", "DEGREE", "STUDY_MODULE", "REALISATION"]
AssociationType = Literal["COMPLETION_OPTION", "ASSESSMENT_ITEM", "COURSE_UNIT", "STUDY_MODULE", "DEGREE",
                          "REALISATION"]
Transaction = Literal["NEW_COMPLETED_CREDIT", "NEW_CREDIT_REPLACES_FORMER", "CORRECTION", "REMOVAL"]


class StudyRecordStudent(Strict):
    """The student: named by the study rights at home and at the host (and the learner OID when known)."""

    homeEppn: NameText | None = None
    hostEppn: NameText | None = None
    firstNames: NameText | None = None
    surName: NameText | None = None
    givenName: NameText | None = None
    homeStudentNumber: NameText | None = None
    hostStudentNumber: NameText | None = None
    oid: NameText | None = Field(default=None, description="National learner number (oppijanumero)")
    personId: NameText | None = Field(default=None, description="Finnish personal identity code (hetu)")
    homeStudyRightIdentifier: StudyRightIdentifiers
    hostStudyRightIdentifier: StudyRightIdentifiers


class CompletedCreditTarget(Strict):
    """What was completed: the host's own identifier of the realisation, course unit, assessment item, …"""

    completedCreditTargetType: TargetType
    completedCreditTargetId: Identifier
    completedCreditTargetIdentifierCode: CodeText | None = None


class CompletedCreditAssociation(Strict):
    completedCreditAssociationType: AssociationType
    completedCreditAssociationId: Identifier
    completedCreditAssociationIdentifierCode: CodeText | None = None


class GradingScale(Strict):
    scale: Literal[1, 2, 3] | Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")] = \
        Field(description="1 = 0–5 (failed: HYL), 2 = pass/fail (HYV/HYL), 3 = 1–3 as in RIPA v9; for other scales "
                          "its code: `ects` (A–F) or a scale the host defined (R-REC-2)")


class Grade(Strict):
    egtCode: CodeText | None = None
    code: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9+.-]+$")] = Field(
        description="A grade of the stated scale (R-REC-2), e.g. 1–5 or HYL on scale 1, HYV/HYL on scale 2")


class Assessment(Strict):
    gradingScale: GradingScale
    grade: Grade
    egt: CodeText | None = None
    description: PlainText | None = None


class Acceptor(Person):
    surName: NonEmpty  # type: ignore[assignment]


class ResponsibleOrganisation(Strict):
    """The organisation that granted the completion (the host)."""

    erasmusCode: NameText | None = None
    erasmusCharterCode: NameText | None = None
    erasmusOrganisationStatisticsCode: int | None = None
    erasmusOrganisationName: NameText | None = None
    pic: int | None = None
    hei: NameText | None = None
    organisationIdentifier: NameText | None = None
    organisationTkCode: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[0-9A-Za-z.]+$",
                                             description="Statistics Finland code (the OID when there is none)")]
    organisationName: LocalisedName | None = None
    unitName: LocalisedName | None = None
    nameDescription: LocalisedString | None = None
    postalAddress: Address | None = None
    streetAddress: Address | None = None
    municipalityCode: CodeText | None = None
    phone: Keyword | None = Field(default=None, description="As in RIPA v9, a keyword (key = the number)")
    url: NameText | None = None


class CompletedCredit(Strict):
    """One completion (R-REC-1): the host is its master; `transaction` says whether it is new, replaces an
    earlier one, corrects or removes one (R-REC-3, by `completedCreditIdentifier`)."""

    educationInstitution: NameText | None = None
    completedCreditIdentifier: Identifier | None = Field(
        default=None, description="The host's own identifier of the completion; corrections and removals name it")
    completedCreditTarget: CompletedCreditTarget
    completedCreditAssociations: Annotated[list[CompletedCreditAssociation], Field(max_length=50)] | None = None
    assessmentItemRealisationsOfMethodOfCompletion: Annotated[list[Identifier], Field(max_length=50)] | None = None
    completedCreditName: LocalisedName
    completedCreditObjective: LocalisedString | None = None
    completedCreditContent: LocalisedString | None = None
    completedCreditStatus: Literal["NOT_PARTICIPATED", "ATTEMPT_ABANDONED", "ACCEPTED", "UNFINISHED"]
    scope: Credits
    assessment: Assessment
    completionDate: dt.date
    languagesOfCompletion: Annotated[list[Language], Field(min_length=1, max_length=20)]
    acceptors: Annotated[list[Acceptor], Field(min_length=1, max_length=50)]
    organisationResponsibleForCompletion: ResponsibleOrganisation | None = None
    transaction: Transaction
    type: Literal[1, 2, 3]
    minEduGuidanceArea: Literal[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] | None = None
    assessmentDate: dt.date | None = None


class CreateStudyRecordRequest(Strict):
    """The host's completions of one student it accepted, for the student's home institution (R-REC-1)."""

    sendingOrganisation: NonEmpty = Field(description="The host's Statistics Finland code (the sender)")
    receivingOrganisation: NonEmpty = Field(description="The home institution's Statistics Finland code")
    completedCredits: Annotated[list[CompletedCredit], Field(min_length=1, max_length=100)]
    sendingTime: AwareDatetime
    networkIdentifier: Identifier | None = None
    student: StudyRecordStudent
    routingType: Literal["CROSS_STUDY"]


class StudyRecordReplyRequest(Strict):
    """The home institution's answer: recorded, or rejected with a reason (R-REC-2)."""

    studyRecordRequestId: uuid.UUID = Field(description="message_id of the study-record message being answered")
    status: Literal["RECORDED", "RECORD_REJECTED"]
    rejectionReason: LocalisedString | None = None
