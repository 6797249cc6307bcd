"""The rights app's exchange message types: student and study-right updates from the home institution's system,
with the hosts' replies (RIPA v9 `student/*`).

R-REG-7: the home institution is the master of its student's personal and contact data, study-right dates
and status, and attendance. An update from the home system changes the home records here (through the
services, so the hosts' copies follow) and is delivered to the addressed host only when that host holds a
right of the student (data minimisation §12: personal data only where the student studies); other hosts
holding a right are told by messages in the home institution's name. Changes made in Joopas itself (pages,
bulk import) are told the same way (`services._tell_hosts`). Registered at start-up like every app's
`messages` module (`joopas.exchange.api`).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.accounts import api as accounts_api
from joopas.core.errors import DomainError, PermissionDenied, ValidationFailed
from joopas.exchange.api import (
    EXAMPLE,
    Inbound,
    example_envelope,
    register_message_type,
    register_recipient_check,
    register_type_words,
)
from joopas.rights import rules, selectors, services
from joopas.rights.codes import ErrorCode
from joopas.rights.message_schemas import (
    UpdateStudentReplyRequest,
    UpdateStudentRequest,
    UpdateStudentStudyRightReplyRequest,
    UpdateStudentStudyRightRequest,
)
from joopas.rights.models import Person

NAME_MAX, PHONE_MAX = 200, 40  # the person record's column widths


def _identity(payload: UpdateStudentRequest | UpdateStudentStudyRightRequest) -> tuple[str, str]:
    """The student's identity as the person records keep it: (identity-code digest, learner OID)."""
    hetu_key = oid = ""
    try:
        if payload.personId:
            hetu_key = accounts_api.identity_key(hetu=payload.personId)[0]
    except DomainError as exc:
        raise ValidationFailed(exc.message, code=exc.code, details={"path": "payload/personId"}) from exc
    try:
        if payload.oid:
            oid = accounts_api.identity_key(person_oid=payload.oid)[1]
    except DomainError as exc:
        raise ValidationFailed(exc.message, code=exc.code, details={"path": "payload/oid"}) from exc
    return hetu_key, oid


def _home_person(inbound: Inbound) -> Person | None:
    """The sender's own record of the student (an update touches only the sender's data, R-EXC-4)."""
    assert isinstance(inbound.payload, UpdateStudentRequest | UpdateStudentStudyRightRequest)
    hetu_key, oid = _identity(inbound.payload)
    return selectors.match_person(inbound.sender_id, hetu_key=hetu_key, learner_oid=oid)


def recipient_holds_right(inbound: Inbound) -> None:
    """R-REG-7 (data minimisation §12): a student update reaches only an institution that holds a registration or
    a right of that student (a registration always comes with a host right, R-REG-2); otherwise the message is
    refused and nothing is delivered or stored but the refusal."""
    assert isinstance(inbound.payload, UpdateStudentRequest | UpdateStudentStudyRightRequest)
    hetu_key, oid = _identity(inbound.payload)
    home = selectors.match_person(inbound.sender_id, hetu_key=hetu_key, learner_oid=oid)
    if inbound.recipient_id is None or not selectors.holds_right_of(
            inbound.recipient_id, hetu_key=hetu_key, learner_oid=oid, home_person_id=home.pk if home else None):
        raise PermissionDenied(_("The receiving institution has no registration or study right of this student, so "
                                 "the student's data is not sent there."),
                               code=ErrorCode.RECIPIENT_HOLDS_NO_RIGHT, details={"path": "recipient"})


def _too_long(value: str, limit: int, path: str) -> None:
    if len(value) > limit:
        raise ValidationFailed(_("At most %(n)d characters.") % {"n": limit}, code="schema.string_too_long",
                               details={"path": path})


def _student_update(inbound: Inbound) -> None:
    """R-REG-7: the home system's student update changes the home record (the hosts' copies follow); the hosts
    other than the addressed one are told by Joopas, the addressed one gets this message."""
    payload = inbound.payload
    assert isinstance(payload, UpdateStudentRequest)
    home = _home_person(inbound)
    if home is None:  # Joopas has no record of the student at the sender: the message is only delivered
        return
    _too_long(payload.firstNames, NAME_MAX, "payload/firstNames")
    _too_long(payload.surName, NAME_MAX, "payload/surName")
    changes: dict[str, object] = {"first_names": payload.firstNames.strip(), "last_name": payload.surName.strip()}
    if payload.email is not None:
        _too_long(payload.email[0], 254, "payload/email/0")
        changes["email"] = payload.email[0].strip()
    if payload.phone is not None:
        _too_long(payload.phone[0].number, PHONE_MAX, "payload/phone/0/number")
        changes["phone"] = payload.phone[0].number.strip()
    if payload.address is not None:
        changes["address"] = payload.address[0].model_dump()
    with services.hosts_told_once(skip={inbound.recipient_id} if inbound.recipient_id else set()):
        services.person_update(actor=inbound.actor, person_id=home.pk, changes=changes)


def _attendance(payload: UpdateStudentStudyRightRequest) -> list[tuple[dt.date, dt.date, bool]]:
    terms = []
    for i, kw in enumerate(payload.homeStudyRight.keywords or []):
        if kw.keySet != rules.ATTENDANCE_KEY_SET:
            continue  # other keywords are passed on unchanged
        values = kw.value.values if kw.value is not None else None
        try:
            terms.append(rules.attendance_from_keyword(kw.key, values.en if values else None,
                                                       values.fi if values else None))
        except (ValueError, DomainError) as exc:
            raise ValidationFailed(_("An attendance keyword has the key <term start>/<term end> (YYYY-MM-DD) and "
                                     "the value present or absent (läsnä or poissa): %(e)s") % {"e": exc},
                                   code=ErrorCode.ATTENDANCE_KEYWORD,
                                   details={"path": f"payload/homeStudyRight/keywords/{i}"}) from exc
    return terms


def _study_right_update(inbound: Inbound) -> None:
    """R-REG-7: the home system's study-right update changes the home right's status, dates and attendance (the
    host rights granted on it follow: a new end moves their end); the other hosts are told by Joopas."""
    payload = inbound.payload
    assert isinstance(payload, UpdateStudentStudyRightRequest)
    base = "payload/homeStudyRight"
    ids, state = payload.homeStudyRight.identifiers, payload.homeStudyRight.studyRightStatus
    if inbound.sender_tk_code and ids.organisationTkCodeReference != inbound.sender_tk_code:
        raise PermissionDenied(_("A study-right update names only the sender's own study rights."),
                               code=ErrorCode.NOT_OWN_STUDY_RIGHT,
                               details={"path": f"{base}/identifiers/organisationTkCodeReference"})
    attendance = _attendance(payload)
    right = selectors.home_right_by_identifier(inbound.sender_id, ids.studyRightId)
    if right is None:  # not in Joopas: the message is only delivered
        return
    home = _home_person(inbound)
    if home is None or home.pk != right.person_id:
        raise ValidationFailed(_("The study right belongs to another student."), code=ErrorCode.NOT_OWN_STUDY_RIGHT,
                               details={"path": f"{base}/identifiers/studyRightId"})
    wanted = rules.VIRTA_STATUS[state.studyRightStatusValue]
    end = rules.end_from_message(state.endDate)
    with services.hosts_told_once(skip={inbound.recipient_id} if inbound.recipient_id else set()):
        try:
            steps = rules.status_steps(right.status, wanted)
        except DomainError as exc:
            raise ValidationFailed(exc.message, code=exc.code,
                                   details={"path": f"{base}/studyRightStatus/studyRightStatusValue"}) from exc
        for step in steps:
            services.right_status_change(actor=inbound.actor, right_id=right.pk, to=step,
                                         reason=f"exchange message {inbound.message_id}")
        if (right.start_date, right.end_date) != (state.startDate, end):
            services.right_dates_update(actor=inbound.actor, right_id=right.pk, start_date=state.startDate,
                                        end_date=end)
        for term_start, term_end, present in attendance:
            services.attendance_set(actor=inbound.actor, right_id=right.pk, term_start=term_start,
                                    term_end=term_end, present=present)


# --- examples (every v9 field filled) -----------------------------------------------------------------------

_OID = "1.2.246.562.24.10000000003"
STUDENT = example_envelope(21, "UPDATE_STUDENT_REQUEST", {
    "oid": _OID, "personId": "010190-123M", "firstNames": "Olli Ilmari", "surName": "Opiskelija", "givenName": "Olli",
    "homeEppn": "olli.opiskelija@helsinki.fi", "hostEppn": "olli.opiskelija@aalto.fi",
    "address": [{"street": "Yliopistonkatu 4", "postalCode": "00100", "postOffice": "Helsinki", "country": "246"}],
    "countryOfCitizenship": ["246"], "municipalityOfResidence": "091", "motherTongue": "fi",
    "preferredLanguage": "fi", "email": ["olli.opiskelija@example.fi"],
    "phone": [{"number": "+358401234567", "description": "Matkapuhelin"}],
    "warnings": [{"type": "OTHER", "description": {"values": {"fi": "Osoite vanhentunut.",
                                                              "en": "The address is out of date."}},
                  "startDate": "2026-11-01", "endDate": "2026-12-31", "studyRightId": "HY-SR-2024-0042"}],
}, recipient=EXAMPLE.aalto_oid)
STUDENT_REPLY = example_envelope(22, "UPDATE_STUDENT_REPLY_REQUEST", {
    "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000021", "status": "REJECTED",
    "rejectionReason": {"values": {"fi": "Opiskelijaa ei löydy.", "sv": "Studenten hittas inte.",
                                   "en": "Student not found."}}})
STUDY_RIGHT = example_envelope(23, "UPDATE_STUDENT_STUDYRIGHT_REQUEST", {
    "oid": _OID, "personId": "010190-123M",
    "homeStudyRight": {
        "identifiers": {"organisationTkCodeReference": EXAMPLE.hy_tk, "studyRightId": "HY-SR-2024-0042"},
        "studyRightStatus": {"studyRightStatusValue": 1, "startDate": "2024-08-01", "endDate": "2029-07-31"},
        "studyRightType": "1",
        "keywords": [{"key": "2026-08-01/2026-12-31", "keySet": "attendance",
                      "value": {"values": {"fi": "läsnä", "sv": "närvarande", "en": "present"}},
                      "keySetValue": {"values": {"fi": "Läsnäolo", "sv": "Närvaro", "en": "Attendance"}}}],
        "eligibleForNetworkStudies": True}}, recipient=EXAMPLE.aalto_oid)
STUDY_RIGHT_REPLY = example_envelope(24, "UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", {
    "studentRequestId": "5f0c6a1e-3b1d-4c8e-9a57-000000000023", "status": "REJECTED",
    "rejectionReason": {"values": {"fi": "Opinto-oikeutta ei löydy.", "sv": "Studierätten hittas inte.",
                                   "en": "Study right not found."}}})


register_message_type("UPDATE_STUDENT_REQUEST", UpdateStudentRequest, inbound=True, addressed=True,
                      handler=_student_update, summary="Home institution updates a student's details",
                      example=STUDENT)
register_recipient_check("UPDATE_STUDENT_REQUEST", recipient_holds_right)
register_message_type("UPDATE_STUDENT_REPLY_REQUEST", UpdateStudentReplyRequest, inbound=True,
                      reply_to=("UPDATE_STUDENT_REQUEST",), summary="Host institution answers a student update",
                      example=STUDENT_REPLY)
register_message_type("UPDATE_STUDENT_STUDYRIGHT_REQUEST", UpdateStudentStudyRightRequest, inbound=True,
                      addressed=True, handler=_study_right_update,
                      summary="Home institution updates a student's study right", example=STUDY_RIGHT)
register_recipient_check("UPDATE_STUDENT_STUDYRIGHT_REQUEST", recipient_holds_right)
register_message_type("UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", UpdateStudentStudyRightReplyRequest, inbound=True,
                      reply_to=("UPDATE_STUDENT_STUDYRIGHT_REQUEST",),
                      summary="Host institution answers a study-right update", example=STUDY_RIGHT_REPLY)

register_type_words("UPDATE_STUDENT_REQUEST", label=gettext_lazy("Student update"),
                    sentence=gettext_lazy("%(sender)s sent an update of a student's details"),
                    description=gettext_lazy("Home institution updates a student's details"))
register_type_words("UPDATE_STUDENT_REPLY_REQUEST", label=gettext_lazy("Answer to a student update"),
                    sentence=gettext_lazy("%(sender)s answered a student update"),
                    description=gettext_lazy("Host institution answers a student update"))
register_type_words("UPDATE_STUDENT_STUDYRIGHT_REQUEST", label=gettext_lazy("Study-right update"),
                    sentence=gettext_lazy("%(sender)s sent an update of a student's study right"),
                    description=gettext_lazy("Home institution updates a student's study right"))
register_type_words("UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", label=gettext_lazy("Answer to a study-right update"),
                    sentence=gettext_lazy("%(sender)s answered a study-right update"),
                    description=gettext_lazy("Host institution answers a study-right update"))
