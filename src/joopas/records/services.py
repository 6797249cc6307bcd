"""The only writers of records: the host records (the master, R-REC-1); the home receives a credited copy,
converted by its table (R-REC-2); corrections and removals follow the same path (R-REC-3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from joopas.catalogue import api as catalogue_api
from joopas.core import audit, transitions
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
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
                  credits: Decimal, grade: str, scale: str, language: str = "fi", assessor: str = "") -> Record:
    """R-REC-1: the host records a completion of a student it accepted; the home institution receives it as a
    credited completion naming the host, with the grade converted by the home's table (R-REC-2)."""
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
                                   language=language, assessor=assessor)
    credit = Credit.objects.create(record=record, home_organisation_id=accepted.home_organisation_id,
                                   home_person_id=accepted.home_person_id,
                                   original_organisation_id=realisation.organisation_id,
                                   **_credit_values(record, accepted.home_organisation_id))
    audit.record(Event.RECORDED, actor=actor, subject=record, person_oid=_oid(host_person_id),
                 after={"grade": grade, "scale": scale, "credits": credits, "completion_date": completion_date})
    audit.record(Event.CREDIT_RECEIVED, subject=credit, organisation="", person_oid=_oid(accepted.home_person_id),
                 after={"original_grade": grade, "converted_grade": credit.converted_grade})
    return record


@transaction.atomic
def record_correct(*, actor: Any, record_id: int, grade: str, scale: str, credits: Decimal,
                   completion_date: dt.date) -> Record:
    """R-REC-3: a correction at the host reaches the home copy, which waits for approval again."""
    record = transitions.locked(Record.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=record_id)
    if not policies.can_record(actor, record.organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    rules.check_credits(credits)
    _check_grade(record.organisation_id, scale, grade)
    before = {"grade": record.grade, "scale": record.scale, "credits": record.credits}
    record.grade, record.scale, record.credits, record.completion_date = grade, scale, credits, completion_date
    transitions.transition(record, to="corrected", table=rules.RECORD_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           actor=actor, event=Event.CORRECTED, person_oid=_oid(record.host_person_id),
                           extra_fields=["grade", "scale", "credits", "completion_date", "updated_at"],
                           audit_after={"before": before, "grade": grade, "scale": scale})
    credit = Credit.objects.select_for_update().get(record=record)
    for k, v in _credit_values(record, credit.home_organisation_id).items():
        setattr(credit, k, v)
    transitions.transition(credit, to="received", table=rules.CREDIT_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           event=Event.CREDIT_UPDATED, person_oid=_oid(credit.home_person_id),
                           extra_fields=["original_grade", "original_scale", "converted_grade", "home_scale",
                                         "conversion_note", "updated_at"])
    return record


@transaction.atomic
def record_remove(*, actor: Any, record_id: int, reason: str = "") -> Record:
    """R-REC-3: a removal at the host withdraws the home copy."""
    record = transitions.locked(Record.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=record_id)
    if not policies.can_record(actor, record.organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    transitions.transition(record, to="removed", table=rules.RECORD_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           actor=actor, event=Event.REMOVED, reason=reason, person_oid=_oid(record.host_person_id),
                           extra_fields=["updated_at"])
    credit = Credit.objects.select_for_update().get(record=record)
    credit.reason = reason[:1000]
    transitions.transition(credit, to="withdrawn", table=rules.CREDIT_TRANSITIONS, code=ErrorCode.ILLEGAL_TRANSITION,
                           event=Event.CREDIT_UPDATED, person_oid=_oid(credit.home_person_id),
                           extra_fields=["reason", "updated_at"])
    return record


@transaction.atomic
def credit_decide(*, actor: Any, credit_id: int, accept: bool, reason: str = "", converted_grade: str = "",
                  home_scale: str = "") -> Credit:
    """R-REC-2: the home officer approves the converted grade (or changes it) or refuses the credit with a reason."""
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
