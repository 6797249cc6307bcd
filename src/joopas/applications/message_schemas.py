"""Payloads of the JOO application outcomes the home and host systems receive (issue 14 part 7, SPEC §5): the
home endorsed or declined (R-JOO-1), the host decided (R-JOO-2), the JOO study right was granted (R-JOO-3/6) or
ended by itself (R-JOO-4/5). Built from the exchange's shared vocabulary; every model refuses unknown fields; the
JSON Schemas under `docs/api/messages/v1/` are made from these (`joopas exchange export-schemas`).

RIPA v9 has no JOO messages: the field names follow its vocabulary (studyElementId, StudyRightIdentifiers,
firstNames / surName / oid, …). Organisations are named by their Statistics Finland code, or by their OID when
they have none (as the other notifications do)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from joopas.exchange.data import (
    CodeText,
    Credits,
    Identifier,
    LocalisedName,
    NameText,
    NonEmpty,
    PlainText,
    Strict,
    StudyRightIdentifiers,
)

MAX_ENTITIES = 50
EntityType = Literal["STUDY_MODULE", "COURSE_UNIT"]
OrganisationCode = Annotated[NonEmpty, Field(description="Statistics Finland code (tilastokeskuskoodi) of the "
                                                         "organisation, or its OID when it has none")]


class JooStudent(Strict):
    """The student as the home institution knows them."""

    oid: NameText | None = Field(default=None, description="National learner number (oppijanumero, 1.2.246.562.24.*)")
    firstNames: NonEmpty
    surName: NonEmpty
    homeStudentNumber: NameText | None = None


class JooRightStudent(JooStudent):
    """The student with what the host's identity management needs to open library and IT services (R-JOO-6)."""

    email: NameText | None = None
    hostStudentNumber: NameText | None = None


class JooEntity(Strict):
    """A requested (or granted) study entity of the host, in the student's order of preference."""

    type: EntityType
    studyElementId: Identifier = Field(description="The host's own identifier of the study module or course unit")
    studyElementIdentifierCode: CodeText | None = Field(default=None, description="The code shown to people")
    name: LocalisedName
    creditsMin: Credits | None = None
    creditsMax: Credits | None = None


class JooDecidedEntity(JooEntity):
    """A requested study entity with the host's decision (R-JOO-2): granted, or rejected with a reason."""

    decision: Literal["GRANTED", "REJECTED"]
    reason: PlainText | None = None


class JooApplication(Strict):
    applicationNumber: NonEmpty
    homeOrganisationTkCode: OrganisationCode
    hostOrganisationTkCode: OrganisationCode
    student: JooStudent
    homeStudyRightIdentifier: StudyRightIdentifiers


class JooApplicationEndorsementNotification(JooApplication):
    """R-JOO-1: the home institution endorsed the application (it goes to the host, and the home commits to pay for
    the studies the host grants) or declined it with a reason (told to the home only: the host sees nothing of a
    declined application)."""

    status: Literal["ENDORSED", "DECLINED"]
    reason: PlainText | None = None
    decidedAt: AwareDatetime | None = Field(default=None, description="When the home institution decided")
    decisionDue: dt.date | None = Field(default=None, description="The host's decision is due by this day "
                                                                   "(endorsed only)")
    paymentCommitted: bool = Field(description="The home institution pays for the granted studies under the "
                                               "agreement's terms")
    entities: Annotated[list[JooEntity], Field(min_length=1, max_length=MAX_ENTITIES)]


class JooApplicationDecisionNotification(JooApplication):
    """R-JOO-2: the host decided every requested entity; when something was granted, the JOO study right
    (JOO_STUDYRIGHT_GRANTED_NOTIFICATION follows)."""

    decidedAt: AwareDatetime | None = None
    entities: Annotated[list[JooDecidedEntity], Field(min_length=1, max_length=MAX_ENTITIES)]
    hostStudyRightIdentifier: StudyRightIdentifiers | None = Field(
        default=None, description="The granted JOO study right (none when everything was rejected)")


class JooStudyRightGrantedNotification(Strict):
    """R-JOO-3/6: the JOO study right at the host — at most two academic years, never past the home degree right —
    with the granted studies and the student data the host's identity management needs."""

    applicationNumber: NameText | None = None
    homeOrganisationTkCode: OrganisationCode
    hostOrganisationTkCode: OrganisationCode
    student: JooRightStudent
    hostStudyRightIdentifier: StudyRightIdentifiers
    homeStudyRightIdentifier: StudyRightIdentifiers | None = Field(
        default=None, description="The home degree study right the JOO right rests on")
    validFrom: dt.date
    validUntil: dt.date | None = None
    grantedEntities: Annotated[list[JooEntity], Field(min_length=1, max_length=MAX_ENTITIES)]


class JooStudyRightEndedNotification(Strict):
    """R-JOO-4/5: the JOO study right ended by itself — the home degree right ended, or the student became a degree
    student of the host (completions before the end date stay billable to the former home institution)."""

    applicationNumber: NameText | None = None
    homeOrganisationTkCode: OrganisationCode
    hostOrganisationTkCode: OrganisationCode
    student: JooStudent
    hostStudyRightIdentifier: StudyRightIdentifiers
    homeStudyRightIdentifier: StudyRightIdentifiers | None = None
    endDate: dt.date
    reason: Literal["HOME_RIGHT_ENDED", "HOST_DEGREE"]
