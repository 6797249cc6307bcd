"""The only writers of records: the host records (the master, R-REC-1); the home receives a credited copy,
converted by its table (R-REC-2); corrections and removals follow the same path (R-REC-3)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from joopas.catalogue import api as catalogue_api
from joopas.core import audit, transitions
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.exchange import api as exchange_api
from joopas.organisations import api as organisations_api
from joopas.records import policies, rules, selectors
from joopas.records.codes import ErrorCode, Event
from joopas.records.models import ConversionTable, Credit, Record
from joopas.registrations import api as registrations_api
from joopas.rights import api as rights_api


def _oid(person_id: int) -> str:
    person = rights_api.get_person(person_id)
    return person.learner_oid if person else ""


def _check_grade(organisation_id: int, scale: str, grade: str) -> None:
    rules.check_grade(rules.scale_of(scale, selectors.custom_scales(organisation_id)), grade)


def _credit_values(record: Record, home_organisation_id: int) -> dict[str, Any]:
    converted = rules.convert(record.grade, record.scale, selectors.conversion_for(home_organisation_id,
                                                                                  record.scale))
    return {"original_grade": record.grade, "original_scale": record.scale, "converted_grade": converted.grade,
            "home_scale": converted.scale, "conversion_note": converted.note}


@transaction.atomic
def record_create(*, actor: Any, host_person_id: int, realisation_id: int, completion_date: dt.date,
                  credits: Decimal, grade: str, scale: str, language: str = "fi", assessor: str = "",
                  external_id: str = "", source: dict[str, Any] | None = None,
                  via_message: uuid.UUID | None = None) -> Record:
    """R-REC-1: the host records a completion of a student it accepted; the home institution receives it as a
    credited completion naming the host, with the grade converted by the home's table (R-REC-2), and the home's
    system gets it as a CREATE_STUDYRECORD_REQUEST — unless it arrived as one (`via_message`, forwarded as is)."""
    realisation = catalogue_api.get_realisation_by_id(realisation_id)
    if realisation is None:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "realisation"})
    if not policies.can_record(actor, realisation.organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    accepted = registrations_api.accepted_registration(host_person_id=host_person_id, realisation_id=realisation_id)
    if accepted is None:
        raise ValidationFailed(code=ErrorCode.NOT_ACCEPTED, details={"path": "student"})
    rules.check_credits(credits)
    _check_grade(realisation.organisation_id, scale, grade)
    record = Record.objects.create(organisation_id=realisation.organisation_id, host_person_id=host_person_id,
                                   realisation_id=realisation_id, course_unit_id=realisation.course_unit_id,
                                   completion_date=completion_date, credits=credits, grade=grade, scale=scale,
                                   language=language, assessor=assessor, external_id=external_id,
                                   source=source or {})
    credit = Credit.objects.create(record=record, home_organisation_id=accepted.home_organisation_id,
                                   home_person_id=accepted.home_person_id,
                                   original_organisation_id=realisation.organisation_id,
                                   request_message_id=via_message,
                                   **_credit_values(record, accepted.home_organisation_id))
    audit.record(Event.RECORDED, actor=actor, subject=record, person_oid=_oid(host_person_id),
                 after={"grade": grade, "scale": scale, "credits": credits, "completion_date": completion_date})
    audit.record(Event.CREDIT_RECEIVED, subject=credit, organisation="", person_oid=_oid(accepted.home_person_id),
                 after={"original_grade": grade, "converted_grade": credit.converted_grade})
    if via_message is None:
        _send_record(record, credit, "NEW_COMPLETED_CREDIT")
    return record


@transaction.atomic
def record_correct(*, actor: Any, record_id: int, grade: str, scale: str, credits: Decimal,
                   completion_date: dt.date, source: dict[str, Any] | None = None,
                   via_message: uuid.UUID | None = None) -> Record:
    """R-REC-3: a correction at the host reaches the home copy, which waits for approval again, and the home's
    system (a CREATE_STUDYRECORD_REQUEST with transaction CORRECTION, unless it arrived as one)."""
    record = transitions.locked(Record.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=record_id)
    if not policies.can_record(actor, record.organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    rules.check_credits(credits)
    _check_grade(record.organisation_id, scale, grade)
    before = {"grade": record.grade, "scale": record.scale, "credits": record.credits}
    record.grade, record.scale, record.credits, record.completion_date = grade, scale, credits, completion_date
    if source is not None:
        record.source = source
    transitions.transition(record, to="corrected", table=rules.RECORD_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           actor=actor, event=Event.CORRECTED, person_oid=_oid(record.host_person_id),
                           extra_fields=["grade", "scale", "credits", "completion_date", "source", "updated_at"],
                           audit_after={"before": before, "grade": grade, "scale": scale})
    credit = Credit.objects.select_for_update().get(record=record)
    for k, v in _credit_values(record, credit.home_organisation_id).items():
        setattr(credit, k, v)
    credit.request_message_id = via_message
    transitions.transition(credit, to="received", table=rules.CREDIT_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           event=Event.CREDIT_UPDATED, person_oid=_oid(credit.home_person_id),
                           extra_fields=["original_grade", "original_scale", "converted_grade", "home_scale",
                                         "conversion_note", "request_message_id", "updated_at"])
    if via_message is None:
        _send_record(record, credit, "CORRECTION")
    return record


@transaction.atomic
def record_remove(*, actor: Any, record_id: int, reason: str = "", via_message: uuid.UUID | None = None) -> Record:
    """R-REC-3: a removal at the host withdraws the home copy and tells the home's system (transaction REMOVAL,
    unless it arrived as such a message)."""
    record = transitions.locked(Record.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=record_id)
    if not policies.can_record(actor, record.organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    transitions.transition(record, to="removed", table=rules.RECORD_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           actor=actor, event=Event.REMOVED, reason=reason, person_oid=_oid(record.host_person_id),
                           extra_fields=["updated_at"])
    credit = Credit.objects.select_for_update().get(record=record)
    credit.reason = reason[:1000]
    credit.request_message_id = via_message
    transitions.transition(credit, to="withdrawn", table=rules.CREDIT_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           event=Event.CREDIT_UPDATED, person_oid=_oid(credit.home_person_id),
                           extra_fields=["reason", "request_message_id", "updated_at"])
    if via_message is None:
        _send_record(record, credit, "REMOVAL")
    return record


@transaction.atomic
def credit_decide(*, actor: Any, credit_id: int, accept: bool, reason: str = "", converted_grade: str = "",
                  home_scale: str = "", via_message: bool = False) -> Credit:
    """R-REC-2: the home officer approves the converted grade (or changes it) or refuses the credit with a reason;
    the host's system gets the answer (STUDYRECORD_REPLY_REQUEST) once every credit of the record message is
    decided — unless the decision arrived as that answer (`via_message`)."""
    credit = transitions.locked(Credit.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=credit_id)
    if not policies.can_credit(actor, credit.home_organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    if not accept and not reason.strip():
        raise ValidationFailed(code=ErrorCode.REASON_REQUIRED, details={"path": "reason"})
    if accept and converted_grade:
        scale = home_scale or credit.home_scale or credit.original_scale
        _check_grade(credit.home_organisation_id, scale, converted_grade)
        if converted_grade != credit.converted_grade or scale != credit.home_scale:
            credit.conversion_note = f"{credit.original_scale} {credit.original_grade} → {scale} {converted_grade} " \
                                     f"(set by {getattr(actor, 'email', '')})"[:300]
        credit.converted_grade, credit.home_scale = converted_grade, scale
    elif accept and not credit.converted_grade:  # no table and nothing given: the original grade stands
        credit.converted_grade, credit.home_scale = credit.original_grade, credit.original_scale
        credit.conversion_note = "original grade kept"
    credit.reason = reason.strip()[:1000]
    transitions.transition(credit, to="accepted" if accept else "rejected", table=rules.CREDIT_TRANSITIONS,
                           code=ErrorCode.ILLEGAL_TRANSITION, actor=actor, reason=reason,
                           event=Event.CREDIT_ACCEPTED if accept else Event.CREDIT_REJECTED,
                           person_oid=_oid(credit.home_person_id),
                           extra_fields=["converted_grade", "home_scale", "conversion_note", "reason", "updated_at"],
                           audit_after={"converted_grade": credit.converted_grade})
    if not via_message:
        _send_reply(credit)
    return credit


@transaction.atomic
def conversion_table_set(*, actor: Any, organisation_id: int, from_scale: str, to_scale: str,
                         mapping: dict[str, str]) -> ConversionTable:
    if not policies.can_credit(actor, organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    custom = selectors.custom_scales(organisation_id)
    rules.check_mapping(rules.scale_of(from_scale, custom), rules.scale_of(to_scale, custom), mapping)
    table, _created = ConversionTable.objects.update_or_create(
        organisation_id=organisation_id, from_scale=from_scale, defaults={"to_scale": to_scale, "mapping": mapping})
    audit.record(Event.CONVERSION_SET, actor=actor, subject=table, after={"to_scale": to_scale, "mapping": mapping})
    return table


def people_read(event: str, *, actor: Any, person_oids: list[str], subject: Any = None,
                extra: dict[str, Any] | None = None) -> None:
    """R-ACC-6: a study office's page showed these students' completions or credits: one read row naming them."""
    oids = sorted({o for o in person_oids if o})
    audit.record(event, actor=actor, subject=subject, person_oid=oids[0] if len(oids) == 1 else "",
                 after={"person_oids": oids, **(extra or {})})


# --- the institutions' systems are told (R-REC-1–3 through the exchange) -----------------------------------------

def _org_code(organisation_id: int) -> str:
    """How a study-record message names an organisation: its Statistics Finland code (its OID when it has none)."""
    org = organisations_api.get_by_id(organisation_id)
    return (org.tk_code or org.oid) if org else str(organisation_id)


def _names(values: dict[str, str]) -> dict[str, Any]:
    return {"values": {k: v for k, v in values.items() if v} or {"fi": "-"}}


def _student(record: Record, credit: Credit) -> dict[str, Any] | None:
    """The v9 student block: the host right and the home right it was granted on (None when the host has no right
    of the student: nothing can name the student to the home system)."""
    host_person, home_person = rights_api.get_person(record.host_person_id), rights_api.get_person(credit.home_person_id)
    host_rights = [r for r in rights_api.rights_of_person(record.host_person_id) if r.kind != "home"]
    host_rights.sort(key=lambda r: (r.kind == "host_official", r.id), reverse=True)
    if host_person is None or home_person is None or not host_rights:
        return None
    host_right = host_rights[0]
    home_right = rights_api.get_right(host_right.home_right_id) if host_right.home_right_id else None
    if home_right is None:
        home_rights = [r for r in rights_api.rights_of_person(credit.home_person_id) if r.kind == "home"]
        home_right = home_rights[0] if home_rights else None
    if home_right is None:
        return None
    student: dict[str, Any] = {
        "firstNames": home_person.first_names, "surName": home_person.last_name,
        "homeStudentNumber": home_person.student_number or None, "hostStudentNumber": host_person.student_number or None,
        "oid": home_person.learner_oid or None,
        "homeStudyRightIdentifier": {"organisationTkCodeReference": _org_code(credit.home_organisation_id),
                                     "studyRightId": home_right.identifier},
        "hostStudyRightIdentifier": {"organisationTkCodeReference": _org_code(record.organisation_id),
                                     "studyRightId": host_right.identifier}}
    return {k: v for k, v in student.items() if v is not None}


def _completed_credit(record: Record, transaction_type: str) -> dict[str, Any]:
    """The record as a v9 completedCredit: what the host's system sent (kept whole), with Joopas's values."""
    credit: dict[str, Any] = dict(record.source or {})
    if "completedCreditTarget" not in credit:
        real = catalogue_api.get_realisation_by_id(record.realisation_id) if record.realisation_id else None
        unit = catalogue_api.get_course_unit_by_id(record.course_unit_id)
        if real is not None:
            credit["completedCreditTarget"] = {"completedCreditTargetType": "REALISATION",
                                               "completedCreditTargetId": real.realisation_id}
            if real.code:
                credit["completedCreditTarget"]["completedCreditTargetIdentifierCode"] = real.code
        if unit is not None:
            credit.setdefault("completedCreditTarget", {"completedCreditTargetType": "COURSE_UNIT",
                                                        "completedCreditTargetId": unit.study_element_id})
            credit["completedCreditAssociations"] = [{"completedCreditAssociationType": "COURSE_UNIT",
                                                      "completedCreditAssociationId": unit.study_element_id}]
            credit["completedCreditName"] = _names({"fi": unit.name_fi, "sv": unit.name_sv, "en": unit.name_en})
    credit.setdefault("completedCreditName", _names({}))
    credit.setdefault("completedCreditStatus", "ACCEPTED")
    credit.setdefault("type", 2)
    if not credit.get("acceptors"):
        words = record.assessor.split()
        credit["acceptors"] = [{"surName": words[-1] if words else "-",
                                **({"firstNames": " ".join(words[:-1])} if len(words) > 1 else {})}]
    scale, code = rules.grade_for_message(record.scale, record.grade)
    assessment = dict(credit.get("assessment") or {})
    assessment.update({"gradingScale": {"scale": scale}, "grade": {**(assessment.get("grade") or {}), "code": code}})
    credit.update({"completedCreditIdentifier": rules.identifier_for_message(record.pk, record.external_id),
                   "scope": float(record.credits), "assessment": assessment,
                   "completionDate": record.completion_date.isoformat(), "transaction": transaction_type})
    credit.setdefault("languagesOfCompletion", [record.language])
    credit.setdefault("assessmentDate", timezone.localdate().isoformat())
    credit.setdefault("organisationResponsibleForCompletion", {"organisationTkCode": _org_code(record.organisation_id)})
    return credit


def _send_record(record: Record, credit: Credit, transaction_type: str) -> None:
    """R-REC-1/R-REC-3: the home institution's system gets the record (new, corrected or removed) as a
    CREATE_STUDYRECORD_REQUEST in the host's name; the home's reply names it (`Credit.request_message_id`)."""
    student = _student(record, credit)
    if student is None:
        return
    payload = {"sendingOrganisation": _org_code(record.organisation_id),
               "receivingOrganisation": _org_code(credit.home_organisation_id),
               "completedCredits": [_completed_credit(record, transaction_type)],
               "sendingTime": timezone.now().isoformat(), "student": student, "routingType": "CROSS_STUDY"}
    msg = exchange_api.emit(sender_id=record.organisation_id, type_name="CREATE_STUDYRECORD_REQUEST", payload=payload,
                            receivers=[credit.home_organisation_id], recipient_id=credit.home_organisation_id,
                            reason="R-REC-1: the host recorded a completion in Joopas")
    Credit.objects.filter(pk=credit.pk).update(request_message_id=msg.message_id)
    credit.request_message_id = msg.message_id


def _send_reply(credit: Credit) -> None:
    """R-REC-2: once every credit of a record message is decided, the host's system gets the home's answer."""
    if credit.request_message_id is None:
        return
    siblings = list(Credit.objects.filter(request_message_id=credit.request_message_id,
                                          home_organisation_id=credit.home_organisation_id)
                    .values_list("status", "reason", "record__organisation_id"))
    status = rules.reply_status([s for s, _r, _o in siblings])
    if status is None:
        return
    payload: dict[str, Any] = {"studyRecordRequestId": str(credit.request_message_id), "status": status}
    reasons = "; ".join(dict.fromkeys(r for s, r, _o in siblings if s == "rejected" and r))
    if status == "RECORD_REJECTED" and reasons:
        lang = (translation.get_language() or "fi")[:2]
        payload["rejectionReason"] = {"values": {lang if lang in ("fi", "sv", "en") else "fi": reasons[:20_000]}}
    exchange_api.emit(sender_id=credit.home_organisation_id, type_name="STUDYRECORD_REPLY_REQUEST", payload=payload,
                      receivers=[siblings[0][2]], reason="R-REC-2: the home institution decided the credit")
