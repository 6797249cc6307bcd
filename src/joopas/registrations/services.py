"""The only writers of registrations: policy → facts → R-REG rules → write → history → audit → the other side's
copy (R-EXC-4: only the two parties of the registration get it).

The other apps are reached through their api: rights (persons, study rights, R-NET-2, R-REG-2/3/5/6),
networks (R-NET-1, targeting), catalogue (realisations and their enrolment windows), the exchange (`emit`).
Three ways in, one service: the student or an officer in the pages (`actor` is the user), an institution's
system by message or HTTP API (`actor` is a `policies.System`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joopas.catalogue import api as catalogue_api
from joopas.core import audit, transitions
from joopas.core.clock import today
from joopas.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.registrations import forwarding, notices, policies, rules, selectors
from joopas.registrations.codes import ErrorCode, Event
from joopas.registrations.models import Registration, Selection, SelectionHistory, SelectionKind
from joopas.rights import api as rights_api

TABLE = {str(k): {str(x) for x in v} for k, v in rules.SELECTION_TRANSITIONS.items()}
JOO_NETWORK = "joo_agreement"  # the national JOO agreement's network type (networks.data.NetworkRef)
_LOCK_SPACE = 0x52454731  # "REG1": the advisory-lock namespace of one student's registrations


def _label(actor: Any) -> str:
    return (getattr(actor, "email", "") or str(actor or ""))[:200]


@dataclass(frozen=True)
class Wanted:
    """One selection to register: a realisation (`realisation_id`), a course unit (`kind=course_unit`,
    `course_unit_id`), or a realisation via an assessment item (`assessment_item_ref`, `completion_option_ref`).
    `path` is where it came from in a message or API body (refusals name it)."""

    kind: str = SelectionKind.REALISATION
    realisation_id: int | None = None
    course_unit_id: int | None = None
    assessment_item_ref: str = ""
    completion_option_ref: str = ""
    sub_groups: tuple[str, ...] = ()
    status_info: str = ""
    path: str = ""


def _lock_student(person_id: int) -> int | None:
    """One student's registrations are made one at a time (R-REG-1's duplicate check is then exact, also for
    two copies arriving at the same moment); SQLite serialises writers anyway. On PostgreSQL the same round
    trip reserves the id of the registration about to be made (its host right is named after it, so the right
    is made first and the registration written once); a refused registration leaves a gap in the ids."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s), nextval(pg_get_serial_sequence(%s, 'id'))",
                        [_LOCK_SPACE, person_id % 2_147_483_647, Registration._meta.db_table])
            return int(cur.fetchone()[1])
    return None


def _path(w: Wanted, i: int) -> str:
    return w.path or f"selections/{i}"


def _open_units(unit_ids: set[int], now: dt.datetime, look: selectors.Lookups | None = None
                ) -> tuple[dict[int, bool], dict[int, dt.date]]:
    """Course unit → is some realisation's enrolment open now; → the latest realisation end."""
    look = look or selectors.Lookups()
    by_unit = catalogue_api.realisation_ids_for_units(sorted(unit_ids)) if unit_ids else {}
    open_, ends = {}, {}
    for unit_id, ids in by_unit.items():
        reals = [r for r in (look.realisation(x) for x in ids) if r is not None]
        open_[unit_id] = any(catalogue_api.enrolment_open(r, now) for r in reals)
        ends[unit_id] = max((r.end_date for r in reals), default=rules.academic_year_end(now.date()))
    return open_, ends


def registration_create(*, actor: Any, home_right_id: int, network_id: int, realisation_ids: Sequence[int],
                        now: dt.datetime | None = None) -> Registration:
    """R-REG-1 checks, then the registration with a pending selection per realisation and, at the host, the
    student's identity (R-REG-6) with a provisional study right (R-REG-2); the host's system gets the request."""
    return registration_create_selections(actor=actor, home_right_id=home_right_id, network_id=network_id,
                                          wanted=[Wanted(realisation_id=r) for r in dict.fromkeys(realisation_ids)],
                                          now=now)


def registration_create_selections(*, actor: Any, home_right_id: int, network_id: int, wanted: Sequence[Wanted],
                                   now: dt.datetime | None = None, request_id: uuid.UUID | None = None,
                                   source: dict[str, Any] | None = None, enrolled_at: dt.datetime | None = None,
                                   caused_by: Any = None, lookups: selectors.Lookups | None = None) -> Registration:
    """A registration with selections in any of the vocabulary's three shapes (R-REG-1 for each). A message's
    registration (`caused_by`: the exchange Inbound, forwarded to the host by its handler) keeps its request as
    sent (`source`) and its message_id as the registration's id. `lookups`: what the caller (the HTTP API)
    already read of the right, network, realisations and organisations, not read again.

    One transaction (a savepoint only when the caller has one open): a concurrent duplicate that slipped past
    the R-REG-1 check hits the unique constraint, and the whole registration is undone and refused (409)."""
    try:
        return _create(actor=actor, home_right_id=home_right_id, network_id=network_id, wanted=wanted, now=now,
                       request_id=request_id, source=source, enrolled_at=enrolled_at, caused_by=caused_by,
                       look=lookups or selectors.Lookups())
    except IntegrityError:
        raise Conflict(_("You have already registered to this course."), code=ErrorCode.DUPLICATE,
                       details={"path": "selections"}) from None


@transaction.atomic
def _create(*, actor: Any, home_right_id: int, network_id: int, wanted: Sequence[Wanted], now: dt.datetime | None,
            request_id: uuid.UUID | None, source: dict[str, Any] | None, enrolled_at: dt.datetime | None,
            caused_by: Any, look: selectors.Lookups) -> Registration:
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    right = look.right(home_right_id)
    person = look.person(right.person_id) if right else None
    if right is None or person is None:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "study_right"})
    if not policies.can_register(actor, person, look.identity(person.id)):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    if not wanted:
        rules.check_registration(network_valid=True, right_eligible=True, home_is_host=False, selections=[])
    reserved_id = _lock_student(person.id)
    reals: dict[int, Any] = {}
    units: dict[int, Any] = {}
    for i, w in enumerate(wanted):
        if w.realisation_id is not None:
            real = look.realisation(w.realisation_id)
            if real is None or (w.course_unit_id is not None and real.course_unit_id != w.course_unit_id):
                raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": _path(w, i)})
            reals[real.id] = real
            unit_id = real.course_unit_id
        else:
            unit_id = w.course_unit_id or 0
        unit = look.unit(unit_id)
        if unit is None:
            raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": _path(w, i)})
        units[unit_id] = unit
    hosts = {u.organisation_id for u in units.values()}
    if len(hosts) > 1:
        raise ValidationFailed(_("Register to one institution's courses at a time."), code=ErrorCode.NO_SELECTIONS,
                               details={"path": "selections"})
    host = next(iter(hosts), right.organisation_id)
    active = list(Selection.objects.filter(home_person_id=person.id, status__in=rules.ACTIVE)
                  .values_list("kind", "realisation_id", "course_unit_id"))
    active_reals = {r for _k, r, _u in active if r is not None}
    active_units = {u for k, _r, u in active if k == SelectionKind.COURSE_UNIT}
    unit_kinds = {w.course_unit_id for w in wanted if w.kind == SelectionKind.COURSE_UNIT and w.course_unit_id}
    units_open, units_end = _open_units(set(unit_kinds), now, look)
    network = look.network(network_id)
    # offered in the network (as networks_for_offering): the network is valid on the day and the realisation
    # or its course unit is targeted to it — one query for every selection
    targeted_reals, targeted_units = networks_api.targeted_in_network(
        network_id, realisation_ids=list(reals), course_unit_ids=[*unit_kinds, *(r.course_unit_id for r in reals.values())],
        on=day) if network is not None and network.valid_on(day) else (set(), set())
    # R-JOO-8: in the JOO agreement's network, a granted JOO right at the host is the student's eligibility and
    # the granted studies are offered to them
    all_units = {*unit_kinds, *(r.course_unit_id for r in reals.values())}
    joo_units = rights_api.joo_covered_units(home_person_id=person.id, host_organisation_id=host,
                                             course_unit_ids=all_units, day=day) \
        if network is not None and network.network_type == JOO_NETWORK and host != right.organisation_id else set()
    targeted_units = set(targeted_units) | joo_units
    facts = []
    for w in wanted:
        if w.kind == SelectionKind.COURSE_UNIT:
            cu = w.course_unit_id or 0
            facts.append(rules.SelectionFacts(realisation_id=0, offered_in_network=cu in targeted_units,
                                              enrolment_open=units_open.get(cu, False), duplicate=cu in active_units))
        else:
            r = reals[w.realisation_id or 0]
            offered = r.id in targeted_reals or r.course_unit_id in targeted_units
            facts.append(rules.SelectionFacts(realisation_id=r.id, offered_in_network=offered,
                                              enrolment_open=catalogue_api.enrolment_open(r, now),
                                              duplicate=r.id in active_reals))
    keys = [(w.kind == SelectionKind.COURSE_UNIT, w.course_unit_id if w.kind == SelectionKind.COURSE_UNIT
             else w.realisation_id) for w in wanted]
    if len(set(keys)) != len(keys):  # the same course twice in one registration
        raise Conflict(_("You have already registered to this course."), code=ErrorCode.DUPLICATE,
                       details={"path": "selections"})
    try:
        rules.check_registration(
            network_valid=network is not None and networks_api.registration_allowed(network, right.organisation_id,
                                                                                    host, day),
            right_eligible=rights_api.is_eligible_right(right, network_id, day)
            or (bool(all_units) and all_units <= joo_units),
            home_is_host=host == right.organisation_id, selections=facts)
    except ValidationFailed as exc:
        raise _at(exc, wanted) from None
    except Conflict as exc:
        raise _at(exc, wanted) from None
    with audit.batched():  # the host person's, the host right's and the registration's rows: one insert
        registration, selections = _write(actor, person, right, host, network_id, wanted, reals, units_end, day,
                                          request_id=request_id, source=source, enrolled_at=enrolled_at,
                                          reserved_id=reserved_id)
    look.put("selections", registration.pk, selections)  # the caller's answer shows them without reading them
    if caused_by is None:  # made in the pages or by the HTTP API: the host gets the request on the home's behalf,
        # as a message whose id is the registration's request id
        forwarding.send_request(registration, selections, lookups=look, message_id=registration.request_id)
    return registration


def _at(exc: Any, wanted: Sequence[Wanted]) -> Any:
    """A refusal of selection i names the selection's own path (in a message: `payload/selections/i`)."""
    details = dict(exc.details) if isinstance(exc.details, dict) else {}
    path = str(details.get("path", ""))
    if path.startswith("selections/"):
        i = int(path.split("/")[1])
        if 0 <= i < len(wanted) and wanted[i].path:
            details["path"] = wanted[i].path
    exc.details = details
    return exc


def _write(actor: Any, person: Any, right: Any, host: int, network_id: int, wanted: Sequence[Wanted],
           reals: dict[int, Any], units_end: dict[int, dt.date], day: dt.date, *, request_id: uuid.UUID | None,
           source: dict[str, Any] | None, enrolled_at: dt.datetime | None,
           reserved_id: int | None = None) -> tuple[Registration, list[Selection]]:
    host_person = rights_api.host_person_for(home_person_id=person.id, host_organisation_id=host)
    ends = [r.end_date for r in reals.values()] + [units_end[w.course_unit_id or 0] for w in wanted
                                                    if w.kind == SelectionKind.COURSE_UNIT]
    fields = {"network_id": network_id, "home_organisation_id": right.organisation_id, "host_organisation_id": host,
              "home_person_id": person.id, "home_right_id": right.id, "host_person_id": host_person.id,
              "registered_by": _label(actor), "request_id": request_id or uuid.uuid4(), "source": source,
              "enrolled_at": enrolled_at}

    def provisional_right(pk: int) -> Any:  # R-REG-2, named after the registration
        return rights_api.provisional_right_create(
            host_person_id=host_person.id, identifier=f"REG-{pk}", start_date=day,
            end_date=rules.host_right_end(max(ends), right.end_date), home_right_id=right.id,
            host_person=host_person)

    if reserved_id is not None:  # the id is known: the right first, then the registration in one write
        provisional = provisional_right(reserved_id)
        registration = Registration.objects.create(id=reserved_id, host_right_id=provisional.id, **fields)
    else:
        registration = Registration.objects.create(**fields)
        registration.host_right_id = provisional_right(registration.pk).id
        registration.save(update_fields=["host_right_id"])
    selections = []
    for w in wanted:
        real = reals.get(w.realisation_id or 0)
        sel = Selection.objects.create(
            registration=registration, kind=w.kind, home_person_id=person.id,
            course_unit_id=real.course_unit_id if real else w.course_unit_id,
            realisation_id=real.id if real else None, assessment_item_ref=w.assessment_item_ref[:200],
            completion_option_ref=w.completion_option_ref[:200], sub_groups=list(w.sub_groups),
            status_info=w.status_info[:1000])
        SelectionHistory.objects.create(selection=sel, to_status=sel.status, actor_label=_label(actor))
        selections.append(sel)
    audit.record(Event.REGISTERED, actor=actor, subject=registration, person_oid=person.learner_oid,
                 after={"network_id": network_id, "host_organisation_id": host, "request_id": registration.request_id,
                        "realisations": [r.id for r in reals.values()],
                        "course_units": [w.course_unit_id for w in wanted if w.kind == SelectionKind.COURSE_UNIT]})
    return registration, selections


def _move(sel: Selection, to: int, *, actor: Any, event: str, reason: str = "", person_oid: str = "",
          extra: Sequence[str] = ()) -> None:
    transitions.transition(
        sel, to=str(to), table=TABLE, code=ErrorCode.ILLEGAL_TRANSITION, actor=actor, event=event, reason=reason,
        person_oid=person_oid, extra_fields=["updated_at", *extra],
        history=lambda old, new: SelectionHistory.objects.create(selection=sel, from_status=int(old),
                                                                 to_status=int(new), reason=reason[:1000],
                                                                 actor_label=_label(actor)))
    sel.status = to


def _locked_selection(selection_id: int) -> Selection:
    return transitions.locked(Selection.objects.select_related("registration"), not_found_code=ErrorCode.NOT_FOUND,
                              pk=selection_id)


def _decide(sel: Selection, to: int, *, actor: Any, reason: str = "", host_student_number: str = "") -> None:
    """Move a selection as the host decides: accept (the host right becomes official, R-REG-3), reject (a
    reason the student sees) or cancel an accepted one as the host (5)."""
    reg = sel.registration
    person = rights_api.get_person(reg.home_person_id)
    oid = person.learner_oid if person else ""
    sel.decided_at, sel.reason = timezone.now(), reason.strip()[:1000]
    sel.host_student_number = host_student_number.strip()[:40] or sel.host_student_number
    extra = ["decided_at", "host_student_number", "reason"]
    if to == rules.ACCEPTED:
        _move(sel, rules.ACCEPTED, actor=actor, event=Event.SELECTION_ACCEPTED, person_oid=oid, extra=extra)
        realisation = catalogue_api.get_realisation_by_id(sel.realisation_id) if sel.realisation_id else None
        home = rights_api.get_right(reg.home_right_id)
        host = rights_api.get_right(reg.host_right_id) if reg.host_right_id else None
        if host is not None:
            real_end = realisation.end_date if realisation else _open_units({sel.course_unit_id or 0},
                                                                           timezone.now())[1].get(sel.course_unit_id or 0)
            end = rules.host_right_end(real_end or today(), home.end_date if home else None)
            if host.kind == "host_official" and host.end_date and host.end_date > end:
                end = host.end_date  # an earlier acceptance already gave a longer right
            rights_api.host_right_make_official(actor=actor, right_id=host.id, end_date=end)
    elif to == rules.REJECTED:
        _move(sel, rules.REJECTED, actor=actor, event=Event.SELECTION_REJECTED, reason=reason, person_oid=oid,
              extra=extra)
    else:
        _move(sel, to, actor=actor, event=Event.SELECTION_ABORTED if to == rules.ABORTED_BY_TEACHER
              else Event.SELECTION_CANCELLED, reason=reason, person_oid=oid, extra=extra)
    if to in (rules.ACCEPTED, rules.REJECTED):
        _tell_student(reg, sel, accepted=to == rules.ACCEPTED, reason=sel.reason)


def _tell_student(reg: Registration, sel: Selection, *, accepted: bool, reason: str) -> None:
    """The student hears of the host's decision by email and in their own message list (notices)."""
    unit = catalogue_api.get_course_unit_by_id(sel.course_unit_id) if sel.course_unit_id else None
    host = organisations_api.get_by_id(reg.host_organisation_id)
    langs = ("fi", "sv", "en")
    notices.tell_student(
        person_identity=rights_api.identity_of_person(reg.home_person_id), registration_id=reg.pk,
        selection_id=sel.pk, accepted=accepted, reason=reason,
        course={lang: getattr(unit, f"name_{lang}", "") for lang in langs} if unit else {},
        host={lang: host.name(lang) for lang in langs} if host else {})


@transaction.atomic
def selection_decide(*, actor: Any, selection_id: int, accept: bool, reason: str = "",
                     host_student_number: str = "") -> Selection:
    """The host accepts or rejects a selection. Acceptance makes the host right official, ending as R-REG-3
    says; a rejection needs a reason the student sees. The home's system gets the reply."""
    sel = _locked_selection(selection_id)
    reg = sel.registration
    if not policies.can_decide(actor, reg.host_organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    rules.check_decision(accept, reason)
    _decide(sel, rules.ACCEPTED if accept else rules.REJECTED, actor=actor, reason=reason,
            host_student_number=host_student_number)
    forwarding.send_reply(reg, forwarding.reply_payload(reg, [sel], reason=reason.strip()))
    return sel


@dataclass(frozen=True)
class ReplyItem:
    """One selection's status in a host's reply (`path`: where in the message)."""

    selection_id: int
    status: int
    info: str = ""
    path: str = ""


@transaction.atomic
def reply_apply(*, actor: Any, request_id: uuid.UUID, items: Sequence[ReplyItem] | None, reason: str = "",
                host_student_number: str = "", send: bool = False) -> Registration:
    """The host answers a registration by its system (REGISTRATION_REPLY_REQUEST, forwarded to the home by the
    exchange) or the HTTP API (`send`: the home gets the reply): R-EXC-4 — only the registration's host; each
    selection moves as the table allows (a repeated status changes nothing); a rejection needs a reason."""
    reg = Registration.objects.select_for_update().filter(request_id=request_id).first()
    if reg is None:
        raise NotFound(_("No registration has this id."), code=ErrorCode.NOT_FOUND,
                       details={"path": "payload/registrationRequestId"})
    if isinstance(actor, policies.System):  # a system answers only registrations addressed to its organisation
        rules.check_host_reply(sender_id=actor.organisation_id, host_organisation_id=reg.host_organisation_id)
    if not policies.can_decide(actor, reg.host_organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    for item in items or []:
        sel = _locked_selection(item.selection_id)
        try:
            to = rules.reply_target(sel.status, item.status)
            if to == rules.REJECTED:
                rules.check_decision(False, item.info or reason)
        except Exception as exc:  # DomainError: name the selection in the message
            if hasattr(exc, "details"):
                exc.details = {**(exc.details if isinstance(exc.details, dict) else {}), "path": item.path}
            raise
        if to is not None:
            _decide(sel, to, actor=actor, reason=item.info or reason, host_student_number=host_student_number)
    if send and items:
        sels = list(Selection.objects.filter(pk__in=[i.selection_id for i in items]))
        forwarding.send_reply(reg, forwarding.reply_payload(reg, sels, reason=reason))
    return reg


@transaction.atomic
def selection_abort(*, actor: Any, selection_id: int, reason: str) -> Selection:
    """The host ends an accepted student's participation (status 5), with a reason the student sees; the home's
    system gets the reply. The official host right stays for the host to end (as after R-REG-4)."""
    sel = _locked_selection(selection_id)
    reg = sel.registration
    if not policies.can_decide(actor, reg.host_organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    rules.check_decision(False, reason)
    _decide(sel, rules.ABORTED_BY_TEACHER, actor=actor, reason=reason)
    forwarding.send_reply(reg, forwarding.reply_payload(reg, [sel], reason=reason.strip()))
    return sel


@transaction.atomic
def selection_cancel(*, actor: Any, selection_id: int, now: dt.datetime | None = None, forward: bool = True) -> Selection:
    """R-REG-4: the student (or the home office or system for them) cancels. An accepted-then-cancelled selection
    leaves the official host right for the host to end. The host's system gets the cancellation (status 4)."""
    now = now or timezone.now()
    sel = _locked_selection(selection_id)
    reg = sel.registration
    person = rights_api.get_person(reg.home_person_id)
    if person is None or not policies.can_register(actor, person, rights_api.identity_of_person(person.id)):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    realisation = catalogue_api.get_realisation_by_id(sel.realisation_id) if sel.realisation_id else None
    open_now = bool(realisation and catalogue_api.enrolment_open(realisation, now)) if realisation else \
        _open_units({sel.course_unit_id or 0}, now)[0].get(sel.course_unit_id or 0, False)
    rules.check_cancellation(sel.status, enrolment_open_now=open_now)
    _move(sel, rules.ABORTED_BY_STUDENT, actor=actor, event=Event.SELECTION_CANCELLED, person_oid=person.learner_oid)
    if forward:
        forwarding.send_request(reg, [sel])
    return sel


@transaction.atomic
def purge_provisional(*, day: dt.date | None = None, days: int = rules.PROVISIONAL_DAYS) -> int:
    """R-REG-5: remove provisional host rights of registrations never accepted within `days`; an accepted
    (official) right is never touched."""
    day = day or today()
    removed = 0
    candidates = Registration.objects.filter(host_right_id__isnull=False).exclude(selections__status=rules.ACCEPTED)
    for reg in candidates.select_for_update():
        if not rules.provisional_expired(timezone.localtime(reg.created_at).date(), day, days):
            continue
        if rights_api.provisional_right_remove(right_id=reg.host_right_id or 0):
            audit.record(Event.PROVISIONAL_REMOVED, subject=reg, after={"host_right_id": reg.host_right_id})
            reg.host_right_id = None
            reg.save(update_fields=["host_right_id"])
            removed += 1
    return removed


def people_read(event: str, *, actor: Any, person_oids: Sequence[str], subject: Any = None,
                extra: dict[str, Any] | None = None) -> None:
    """R-ACC-6: a study office's page showed these students (a queue, a list, one decision page): one read row
    naming them, with what was asked."""
    oids = sorted({o for o in person_oids if o})
    audit.record(event, actor=actor, subject=subject, person_oid=oids[0] if len(oids) == 1 else "",
                 after={"person_oids": oids, **(extra or {})})
