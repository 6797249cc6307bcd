"""Payloads of the student and study-right updates (RIPA v9 `student/*`), built from the exchange's shared
vocabulary. Every model refuses unknown fields; the JSON Schemas under `docs/api/messages/v1/` are made
from these (`joopas exchange export-schemas`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import Field

from joopas.exchange.data import (
    Address,
    CodeText,
    LocalisedString,
    NameText,
    NonEmpty,
    PersonIds,
    Phone,
    Strict,
    StudentWarning,
    StudyRight,
)
from joopas.rights import rules


class UpdateStudentRequest(PersonIds):
    """The home institution's student: personal and contact data (R-REG-7)."""

    firstNames: NonEmpty
    surName: NonEmpty
    givenName: NameText | None = None
    homeEppn: NameText | None = None
    hostEppn: NameText | None = None
    address: Annotated[list[Address], Field(min_length=1, max_length=20)] | None = None
    countryOfCitizenship: Annotated[list[Annotated[str, Field(pattern=r"^[0-9]{3}$")]],
                                    Field(min_length=1, max_length=20)] | None = None
    municipalityOfResidence: CodeText | None = None
    motherTongue: CodeText | None = None
    preferredLanguage: CodeText | None = None
    email: Annotated[list[NonEmpty], Field(min_length=1, max_length=20)] | None = None
    phone: Annotated[list[Phone], Field(min_length=1, max_length=20)] | None = None
    warnings: Annotated[list[StudentWarning], Field(min_length=1, max_length=50)] | None = None


class UpdateStudentStudyRightRequest(PersonIds):
    """The home institution's study right of the student: status, dates, type and (as `keywords` of the key set
    `attendance`) attendance per term (R-REG-7)."""

    homeStudyRight: StudyRight


class UpdateStudentReplyRequest(Strict):
    studentRequestId: uuid.UUID = Field(description="message_id of the update being answered")
    status: Literal["UPDATED", "REJECTED"]
    rejectionReason: LocalisedString | None = None


class UpdateStudentStudyRightReplyRequest(UpdateStudentReplyRequest):
    pass


# --- what Joopas sends on the home institution's behalf (R-REG-7) --------------------------------------------

ADDRESS_KEYS = ("street", "postalCode", "postOffice", "country")


def student_payload(*, learner_oid: str, first_names: str, last_name: str, email: str, phone: str,
                    address: dict[str, Any]) -> dict[str, Any]:
    """An UPDATE_STUDENT_REQUEST payload from a home record (the student is named by the learner OID: Joopas
    keeps no personal identity code in clear)."""
    payload: dict[str, Any] = {"oid": learner_oid, "firstNames": first_names, "surName": last_name}
    if email:
        payload["email"] = [email]
    if phone:
        payload["phone"] = [{"number": phone}]
    if address and all(isinstance(address.get(k), str) and address.get(k) for k in ADDRESS_KEYS):
        payload["address"] = [{k: address[k] for k in ADDRESS_KEYS}]
    return payload


def study_right_payload(*, learner_oid: str, organisation_code: str, identifier: str, status: str,
                        start_date: dt.date, end_date: dt.date | None, eligible: bool,
                        attendance: Iterable[tuple[dt.date, dt.date, bool]]) -> dict[str, Any]:
    """An UPDATE_STUDENT_STUDYRIGHT_REQUEST payload from a home study right: status, dates and attendance per
    term (as keywords of the set `attendance`)."""
    right: dict[str, Any] = {
        "identifiers": {"organisationTkCodeReference": organisation_code, "studyRightId": identifier},
        "studyRightStatus": {"studyRightStatusValue": rules.STATUS_VIRTA[status],
                             "startDate": start_date.isoformat(),
                             "endDate": rules.end_for_message(end_date).isoformat()},
        "eligibleForNetworkStudies": eligible,
    }
    keywords = [rules.attendance_keyword(s, e, p) for s, e, p in attendance]
    if keywords:
        right["keywords"] = keywords
    return {"oid": learner_oid, "homeStudyRight": right}
