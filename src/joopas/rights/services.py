"""The only writers of persons and study rights: lock → policy → rules → write → history → audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from joopas.accounts import api as accounts_api
from joopas.core import audit, transitions
from joopas.core.errors import Conflict, PermissionDenied, ValidationFailed
from joopas.exchange import api as exchange_api
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.rights import hooks, message_schemas, policies, rules, selectors
from joopas.rights.codes import ErrorCode, Event
from joopas.rights.models import (
    Attendance,
    Eligibility,
    EndReason,
    GrantedStudy,
    Person,
    StudyRight,
    StudyRightHistory,
    StudyRightKind,
)


@dataclass(frozen=True)
class PersonInput:
    first_names: str
    last_name: str
    hetu: str = ""
    learner_oid: str = ""
    student_number: str = ""
    date_of_birth: dt.date | None = None
    email: str = ""
    phone: str = ""
    address: dict[str, Any] = field(default_factory=dict)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)


def _actor_label(actor: Any) -> str:
    return (getattr(actor, "email", "") or str(actor))[:200] if actor is not None else ""


@transaction.atomic
def person_upsert(*, actor: Any, organisation_id: int, data: PersonInput) -> Person:
    """Create the organisation's record of a person, or update it when the organisation already knows the
    person by identity code or learner OID (R-REG-6: never a duplicate person)."""
    _require(policies.can_manage_students(actor, organisation_id))
    if not (data.first_names.strip() and data.last_name.strip()):
        raise ValidationFailed(code=ErrorCode.PERSON_NAME_REQUIRED, details={"path": "last_name"})
    hetu_key, hetu_masked = accounts_api.identity_key(hetu=data.hetu) if data.hetu else ("", "")
    learner_oid = accounts_api.identity_key(person_oid=data.learner_oid)[1] if data.learner_oid else ""
    rules.check_identity(hetu_key=hetu_key, learner_oid=learner_oid)
    existing = selectors.match_person(organisation_id, hetu_key=hetu_key, learner_oid=learner_oid)
    values = {"first_names": data.first_names.strip(), "last_name": data.last_name.strip(),
              "date_of_birth": data.date_of_birth, "email": data.email.strip(), "phone": data.phone.strip(),
              "address": data.address}
    if existing is None:
        person = Person.objects.create(organisation_id=organisation_id, hetu_key=hetu_key, hetu_masked=hetu_masked,
                                       learner_oid=learner_oid, student_number=data.student_number.strip(),
                                       **values)
        event, before = Event.PERSON_CREATED, None
    else:
        person = Person.objects.select_for_update().get(pk=existing.pk)
        before = {k: getattr(person, k) for k in values}
        for k, v in values.items():
            setattr(person, k, v)
        # An identity the record lacked is added; one it has is never replaced (that would merge two people).
        person.hetu_key, person.hetu_masked = person.hetu_key or hetu_key, person.hetu_masked or hetu_masked
        person.learner_oid = person.learner_oid or learner_oid
        person.student_number = person.student_number or data.student_number.strip()
        person.save()
        event = Event.PERSON_UPDATED
        _follow_person(person, values)
        if any(before[k] != values[k] for k in FOLLOWED_FIELDS if k in values):
            _tell_hosts(person, student=True)
    audit.record(event, actor=actor, subject=person, person_oid=person.learner_oid, before=before,
                 after={"organisation_id": organisation_id, "hetu": person.hetu_masked,
                        "learner_oid": person.learner_oid, "student_number": person.student_number, **values})
    return person


@transaction.atomic
def person_update(*, actor: Any, person_id: int, changes: dict[str, Any]) -> Person:
    """Change some of a person's personal and contact data, leaving the rest (a home system's student update,
    R-REG-7): the host copies follow and the hosts' systems are told."""
    person = transitions.locked(Person.objects.all(), not_found_code=ErrorCode.PERSON_NOT_FOUND, pk=person_id)
    _require(policies.can_manage_students(actor, person.organisation_id))
    changes = {k: v for k, v in changes.items() if k in FOLLOWED_FIELDS}
    for name in ("first_names", "last_name"):
        if name in changes and not str(changes[name]).strip():
            raise ValidationFailed(code=ErrorCode.PERSON_NAME_REQUIRED, details={"path": name})
    before = {k: getattr(person, k) for k in changes}
    changed = {k: v for k, v in changes.items() if before[k] != v}
    if not changed:
        return person
    for k, v in changed.items():
        setattr(person, k, v)
    person.save(update_fields=[*changed, "updated_at"])
    _follow_person(person, changed)
    audit.record(Event.PERSON_UPDATED, actor=actor, subject=person, person_oid=person.learner_oid,
                 before={k: before[k] for k in changed}, after=changed)
    _tell_hosts(person, student=True)
    return person


@transaction.atomic
def home_right_create(*, actor: Any, person_id: int, identifier: str, start_date: dt.date,
                      end_date: dt.date | None = None, status: str = rules.ACTIVE, right_type: str = "",
                      degree_programme: str = "") -> StudyRight:
    person = transitions.locked(Person.objects.all(), not_found_code=ErrorCode.PERSON_NOT_FOUND, pk=person_id)
    _require(policies.can_manage_students(actor, person.organisation_id))
    rules.check_dates(start_date, end_date)
    if status not in rules.STATUS_TRANSITIONS:
        raise ValidationFailed(code=ErrorCode.RIGHT_ILLEGAL_TRANSITION, details={"path": "status"})
    identifier = identifier.strip()
    if StudyRight.objects.filter(organisation_id=person.organisation_id, identifier=identifier).exists():
        raise Conflict(code=ErrorCode.RIGHT_DUPLICATE, details={"path": "identifier"})
    right = StudyRight.objects.create(person=person, organisation_id=person.organisation_id, identifier=identifier,
                                      kind=StudyRightKind.HOME, status=status, right_type=right_type,
                                      degree_programme=degree_programme, start_date=start_date, end_date=end_date)
    StudyRightHistory.objects.create(study_right=right, to_status=status, actor_label=_actor_label(actor))
    audit.record(Event.RIGHT_CREATED, actor=actor, subject=right, person_oid=person.learner_oid,
                 after={"identifier": identifier, "status": status, "start_date": start_date,
                        "end_date": end_date, "degree_programme": degree_programme})
    if status in (rules.ACTIVE, rules.OPTION):
        _end_joo_on_host_degree(person, right)
    return right


def _end_joo_on_host_degree(person: Person, degree: StudyRight) -> None:
    """R-JOO-5: a JOO student who becomes a degree student of the host loses the JOO right the day the degree
    right starts; the cut-off stays on the right (its end date and reason) for billing (R-BIL-2)."""
    for joo in StudyRight.objects.select_for_update().filter(person=person, kind=StudyRightKind.JOO,
                                                             status=rules.ACTIVE):
        end = rules.joo_end_on_host_degree(joo.end_date, degree.start_date)
        if end == joo.end_date:
            continue
        _end_joo(joo, end, EndReason.HOST_DEGREE, f"degree study right {degree.identifier} at the host")


@transaction.atomic
def right_status_change(*, actor: Any, right_id: int, to: str, reason: str = "") -> StudyRight:
    right = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                               pk=right_id)
    _require(policies.can_manage_students(actor, right.organisation_id))
    transitions.transition(
        right, to=to, table=rules.STATUS_TRANSITIONS, code=ErrorCode.RIGHT_ILLEGAL_TRANSITION, actor=actor,
        event=Event.RIGHT_STATUS_CHANGED, reason=reason, person_oid=right.person.learner_oid,
        extra_fields=["updated_at"],
        history=lambda old, new: StudyRightHistory.objects.create(
            study_right=right, from_status=old, to_status=new, reason=reason[:500], actor_label=_actor_label(actor)))
    _follow_right(right)
    _tell_hosts(right.person, right=right)
    return right


@transaction.atomic
def right_dates_update(*, actor: Any, right_id: int, start_date: dt.date, end_date: dt.date | None) -> StudyRight:
    right = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                               pk=right_id)
    _require(policies.can_manage_students(actor, right.organisation_id))
    rules.check_dates(start_date, end_date)
    before = {"start_date": right.start_date, "end_date": right.end_date}
    right.start_date, right.end_date = start_date, end_date
    right.save(update_fields=["start_date", "end_date", "updated_at"])
    audit.record(Event.RIGHT_UPDATED, actor=actor, subject=right, person_oid=right.person.learner_oid,
                 before=before, after={"start_date": start_date, "end_date": end_date})
    _follow_right(right)
    if before != {"start_date": start_date, "end_date": end_date}:
        _tell_hosts(right.person, right=right)
    return right


@transaction.atomic
def eligibility_set(*, actor: Any, right_id: int, network_ids: list[int]) -> StudyRight:
    """R-NET-2: the home institution marks the networks its student's right is eligible for — only networks
    the institution belongs to."""
    right = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                               pk=right_id)
    _require(policies.can_manage_students(actor, right.organisation_id))
    if right.kind != StudyRightKind.HOME:
        raise ValidationFailed(code=ErrorCode.RIGHT_NOT_HOME, details={"path": "study_right"})
    wanted = sorted(set(network_ids))
    known = networks_api.get_many(wanted)
    if unknown := [n for n in wanted if n not in known]:
        raise ValidationFailed(code=ErrorCode.NETWORK_UNKNOWN, details={"path": "network_ids", "ids": unknown})
    member_of = {n.id for n in networks_api.networks_of_organisation(right.organisation_id)}
    if outside := [n for n in wanted if n not in member_of]:
        raise ValidationFailed(code=ErrorCode.NETWORK_NOT_MEMBER, details={"path": "network_ids", "ids": outside})
    before = sorted(right.eligibility.values_list("network_id", flat=True))
    right.eligibility.exclude(network_id__in=wanted).delete()
    Eligibility.objects.bulk_create([Eligibility(study_right=right, network_id=n) for n in wanted],
                                    ignore_conflicts=True)
    audit.record(Event.ELIGIBILITY_SET, actor=actor, subject=right, person_oid=right.person.learner_oid,
                 before={"network_ids": before}, after={"network_ids": wanted})
    return right


@transaction.atomic
def attendance_set(*, actor: Any, right_id: int, term_start: dt.date, term_end: dt.date,
                   present: bool) -> Attendance:
    """Present / absent for a term (läsnä / poissa), kept by the home institution (R-REG-7)."""
    right = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                               pk=right_id)
    _require(policies.can_manage_students(actor, right.organisation_id))
    rules.check_term(term_start, term_end)
    old = Attendance.objects.filter(study_right=right, term_start=term_start).values_list("term_end", "present").first()
    row, _created = Attendance.objects.update_or_create(study_right=right, term_start=term_start,
                                                        defaults={"term_end": term_end, "present": present})
    audit.record(Event.ATTENDANCE_SET, actor=actor, subject=right, person_oid=right.person.learner_oid,
                 after={"term_start": term_start, "term_end": term_end, "present": present})
    if old != (term_end, present) and right.kind == StudyRightKind.HOME:
        _tell_hosts(right.person, right=right)
    return row


# --- host side (registrations call these through rights.api) ----------------------------------------------

def host_person_for(*, home_person_id: int, host_organisation_id: int) -> Person:
    """R-REG-6: the host's record of a registering student — the existing one when the host already knows the
    person by identity code or learner OID, otherwise a new one with the home record's identity and names."""
    home = Person.objects.get(pk=home_person_id)
    existing = selectors.match_person(host_organisation_id, hetu_key=home.hetu_key, learner_oid=home.learner_oid)
    if existing is not None:
        return existing
    person = Person.objects.create(organisation_id=host_organisation_id, hetu_key=home.hetu_key,
                                   hetu_masked=home.hetu_masked, learner_oid=home.learner_oid,
                                   first_names=home.first_names, last_name=home.last_name,
                                   date_of_birth=home.date_of_birth, email=home.email, phone=home.phone,
                                   address=home.address, home_person=home)
    audit.record(Event.PERSON_CREATED, subject=person, person_oid=person.learner_oid,
                 after={"organisation_id": host_organisation_id, "from_home_person": home.pk})
    return person


def provisional_right_create(*, host_person_id: int, identifier: str, start_date: dt.date,
                             end_date: dt.date | None, home_right_id: int | None = None,
                             known: tuple[int, str] | None = None) -> StudyRight:
    """R-REG-2: a provisional host study right, visible only in the registration register until accepted.
    `known`: the host person's (organisation id, learner OID) when the caller has just read them."""
    if known is None:
        person = Person.objects.only("organisation_id", "learner_oid").get(pk=host_person_id)
        known = (person.organisation_id, person.learner_oid)
    organisation_id, learner_oid = known
    right = StudyRight.objects.create(person_id=host_person_id, organisation_id=organisation_id, identifier=identifier,
                                      kind=StudyRightKind.HOST_PROVISIONAL, status=rules.ACTIVE,
                                      start_date=start_date, end_date=end_date, home_right_id=home_right_id)
    StudyRightHistory.objects.create(study_right=right, to_status=rules.ACTIVE, reason="provisional")
    audit.record(Event.RIGHT_CREATED, subject=right, person_oid=learner_oid,
                 after={"kind": right.kind, "identifier": identifier, "end_date": end_date})
    return right


def host_right_make_official(*, actor: Any, right_id: int, end_date: dt.date) -> StudyRight:
    """R-REG-3: on acceptance the provisional right becomes official, with the end date the rule gives."""
    right = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                               pk=right_id)
    before = {"kind": right.kind, "end_date": right.end_date}
    right.kind, right.end_date = StudyRightKind.HOST_OFFICIAL, end_date
    right.save(update_fields=["kind", "end_date", "updated_at"])
    StudyRightHistory.objects.create(study_right=right, from_status=right.status, to_status=right.status,
                                     reason="official", actor_label=_actor_label(actor))
    audit.record(Event.RIGHT_UPDATED, actor=actor, subject=right, person_oid=right.person.learner_oid,
                 before=before, after={"kind": right.kind, "end_date": end_date})
    return right


def provisional_right_remove(*, right_id: int) -> bool:
    """R-REG-5: a provisional right never accepted goes; an official one is never removed here."""
    right = StudyRight.objects.select_for_update().filter(pk=right_id, kind=StudyRightKind.HOST_PROVISIONAL).first()
    if right is None:
        return False
    audit.record(Event.RIGHT_REMOVED, subject=right, person_oid=right.person.learner_oid,
                 before={"kind": right.kind, "identifier": right.identifier})
    right.delete()
    return True


# --- R-REG-7: the home institution is the master; its changes reach the hosts --------------------------------

FOLLOWED_FIELDS = ("first_names", "last_name", "date_of_birth", "email", "phone", "address")


def _follow_person(home: Person, values: dict[str, Any]) -> None:
    """Personal and contact data of the home record reach every host copy made from it."""
    for copy in home.host_copies.select_for_update():
        before = {k: getattr(copy, k) for k in FOLLOWED_FIELDS}
        changed = {k: values[k] for k in FOLLOWED_FIELDS if k in values and before[k] != values[k]}
        if not changed:
            continue
        for k, v in changed.items():
            setattr(copy, k, v)
        copy.save(update_fields=[*changed, "updated_at"])
        audit.record(Event.PERSON_UPDATED, subject=copy, person_oid=copy.learner_oid,
                     before={k: before[k] for k in changed}, after={**changed, "from_home_person": home.pk})


def _follow_right(home: StudyRight) -> None:
    """The home right's end date and an end of the right reach the host rights granted on it (R-REG-7); a JOO
    right ends the same day as the home right (R-JOO-4)."""
    for host in home.host_rights.select_for_update():
        before = {"end_date": host.end_date, "status": host.status}
        end = rules.followed_end(host.end_date, home.end_date)
        if rules.follows_home_status(home.status):
            end = rules.followed_end(end, timezone.localdate())
        if end == host.end_date:
            continue
        if host.kind == StudyRightKind.JOO and end is not None:
            _end_joo(host, end, EndReason.HOME_RIGHT_ENDED if rules.follows_home_status(home.status) else "",
                     f"home study right {home.identifier} changed")
            continue
        host.end_date = end
        host.save(update_fields=["end_date", "updated_at"])
        StudyRightHistory.objects.create(study_right=host, from_status=host.status, to_status=host.status,
                                         reason=f"home study right {home.identifier} changed")
        audit.record(Event.RIGHT_UPDATED, subject=host, person_oid=host.person.learner_oid, before=before,
                     after={"end_date": end, "from_home_right": home.pk})


# --- JOO study rights (R-JOO-3..5); the applications app calls these through rights.api -----------------------

def joo_right_grant(*, actor: Any, home_right_id: int, host_organisation_id: int, identifier: str,
                    start_date: dt.date, requested_end: dt.date | None,
                    entities: Iterable[tuple[str, int]]) -> StudyRight:
    """R-JOO-3: the host's JOO right for a student of another university, on the student's home degree right:
    at most two academic years and never past the home right's end; it carries the granted study entities
    (R-JOO-8). In the caller's transaction; the caller (the host's decision) checked who may grant."""
    home = transitions.locked(StudyRight.objects.select_related("person"), not_found_code=ErrorCode.RIGHT_NOT_FOUND,
                              pk=home_right_id)
    wanted = list(dict.fromkeys((k, int(i)) for k, i in entities))
    rules.check_joo_grant(selectors.right_ref(home), start_date, len(wanted))
    person = host_person_for(home_person_id=home.person_id, host_organisation_id=host_organisation_id)
    end = rules.joo_right_end(start_date, home.end_date, requested_end)
    right = StudyRight.objects.create(person=person, organisation_id=host_organisation_id, identifier=identifier,
                                      kind=StudyRightKind.JOO, status=rules.ACTIVE, start_date=start_date,
                                      end_date=end, home_right=home, right_type="joo")
    GrantedStudy.objects.bulk_create([GrantedStudy(study_right=right, entity_kind=k, entity_id=i) for k, i in wanted])
    StudyRightHistory.objects.create(study_right=right, to_status=rules.ACTIVE, reason="JOO",
                                     actor_label=_actor_label(actor))
    audit.record(Event.JOO_RIGHT_GRANTED, actor=actor, subject=right, person_oid=person.learner_oid,
                 after={"identifier": identifier, "start_date": start_date, "end_date": end,
                        "home_right": home.identifier, "entities": [f"{k}:{i}" for k, i in wanted]})
    return right


def _end_joo(joo: StudyRight, end: dt.date, reason: str, why: str) -> None:
    """Move a JOO right's end; with a `reason` it has ended (R-JOO-4/5): from its end day on it is no longer in
    force, and once that day has come its status is ended as well."""
    before = {"end_date": joo.end_date, "end_reason": joo.end_reason, "status": joo.status}
    joo.end_date = end
    joo.end_reason = reason or joo.end_reason
    old_status = joo.status
    if reason and end <= timezone.localdate() and joo.status in (rules.ACTIVE, rules.PASSIVATED):
        joo.status = rules.ENDED
    joo.save(update_fields=["end_date", "end_reason", "status", "updated_at"])
    StudyRightHistory.objects.create(study_right=joo, from_status=old_status, to_status=joo.status, reason=why[:500])
    audit.record(Event.JOO_RIGHT_ENDED if reason else Event.RIGHT_UPDATED, subject=joo,
                 person_oid=joo.person.learner_oid, before=before,
                 after={"end_date": end, "end_reason": joo.end_reason, "status": joo.status})
    if reason:
        hooks.joo_ended(selectors.joo_ref(selectors.joo_rights_qs().get(pk=joo.pk)))


# --- R-REG-7 through the exchange: the hosts' systems are told, in order per student ----------------------------

@dataclass
class _Batch:
    skip: set[int]
    persons: dict[int, Person] = field(default_factory=dict)
    students: set[int] = field(default_factory=set)
    rights: dict[int, list[int]] = field(default_factory=dict)


_batch: ContextVar[_Batch | None] = ContextVar("rights_hosts_batch", default=None)


@contextmanager
def hosts_told_once(*, skip: Iterable[int] = ()) -> Iterator[None]:
    """Within the block, changes to a student are collected and each host holding a right of the student is
    told once at the end (one student update, one update per changed study right) — except the organisations
    in `skip` (e.g. the recipient of the home system's own message, which gets that message itself)."""
    batch = _Batch(skip=set(skip))
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    for person_id, person in batch.persons.items():
        _emit(person, student=person_id in batch.students, right_ids=batch.rights.get(person_id, []),
              skip=batch.skip)


def _tell_hosts(person: Person, *, student: bool = False, right: StudyRight | None = None) -> None:
    """R-REG-7: a home change (personal or contact data, a study right's status or dates, attendance) reaches the
    systems of every host that holds a right of the student, as UPDATE_STUDENT_REQUEST /
    UPDATE_STUDENT_STUDYRIGHT_REQUEST in the home institution's name (ordered per student, R-EXC-3)."""
    if right is not None and right.kind != StudyRightKind.HOME:
        return
    batch = _batch.get()
    if batch is None:
        _emit(person, student=student, right_ids=[right.pk] if right is not None else [], skip=set())
        return
    batch.persons.setdefault(person.pk, person)
    if student:
        batch.students.add(person.pk)
    if right is not None and right.pk not in batch.rights.setdefault(person.pk, []):
        batch.rights[person.pk].append(right.pk)


def _emit(person: Person, *, student: bool, right_ids: list[int], skip: set[int]) -> None:
    if not person.learner_oid:  # v9 names a student by learner OID or identity code; we keep no code in clear
        return
    hosts = [h for h in selectors.hosts_of_student(person) if h not in skip]
    if not hosts:
        return
    person.refresh_from_db()
    payloads: list[tuple[str, dict[str, Any]]] = []
    if student:
        payloads.append(("UPDATE_STUDENT_REQUEST", message_schemas.student_payload(
            learner_oid=person.learner_oid, first_names=person.first_names, last_name=person.last_name,
            email=person.email, phone=person.phone, address=person.address or {})))
    if right_ids:
        home = organisations_api.get_by_id(person.organisation_id)
        code = (home.tk_code or home.oid) if home else ""
        for right in StudyRight.objects.filter(pk__in=right_ids).prefetch_related("attendance", "eligibility") \
                .order_by("pk"):
            payloads.append(("UPDATE_STUDENT_STUDYRIGHT_REQUEST", message_schemas.study_right_payload(
                learner_oid=person.learner_oid, organisation_code=code, identifier=right.identifier,
                status=right.status, start_date=right.start_date, end_date=right.end_date,
                eligible=right.eligibility.exists(),
                attendance=[(a.term_start, a.term_end, a.present) for a in right.attendance.all()])))
    for host in hosts:
        for type_name, payload in payloads:
            exchange_api.emit(sender_id=person.organisation_id, type_name=type_name, payload=payload,
                              receivers=[host], recipient_id=host,
                              reason="R-REG-7: the home institution changed the student's data")
