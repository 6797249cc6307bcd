"""The only writers of registrations: policy → facts → R-REG rules → write → history → audit.

The other apps are reached through their api: rights (persons, study rights, R-NET-2, R-REG-2/3/5/6),
networks (R-NET-1, targeting), catalogue (realisations and their enrolment windows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from joopas.catalogue import api as catalogue_api
from joopas.core import audit, transitions
from joopas.core.clock import today
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.networks import api as networks_api
from joopas.registrations import policies, rules
from joopas.registrations.codes import ErrorCode, Event
from joopas.registrations.models import Registration, Selection, SelectionHistory, SelectionKind
from joopas.rights import api as rights_api

TABLE = {str(k): {str(x) for x in v} for k, v in rules.SELECTION_TRANSITIONS.items()}


def _label(actor: Any) -> str:
    return (getattr(actor, "email", "") or str(actor or ""))[:200]


@transaction.atomic
def registration_create(*, actor: Any, home_right_id: int, network_id: int, realisation_ids: Sequence[int],
                        now: dt.datetime | None = None) -> Registration:
    """R-REG-1 checks, then the registration with a pending selection per realisation and, at the host, the
    student's identity (R-REG-6) with a provisional study right (R-REG-2)."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    right = rights_api.get_right(home_right_id)
    person = rights_api.get_person(right.person_id) if right else None
    if right is None or person is None:
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "study_right"})
    if not policies.can_register(actor, person, rights_api.identity_of_person(person.id)):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    realisations = [catalogue_api.get_realisation_by_id(r) for r in dict.fromkeys(realisation_ids)]
    if any(r is None for r in realisations):
        raise NotFound(code=ErrorCode.NOT_FOUND, details={"path": "selections"})
    reals = [r for r in realisations if r is not None]
    hosts = {r.organisation_id for r in reals}
    if len(hosts) > 1:
        raise ValidationFailed(code=ErrorCode.NO_SELECTIONS, details={"path": "selections"})
    host = next(iter(hosts), right.organisation_id)
    active_realisations = set(Selection.objects.filter(
        registration__home_person_id=person.id, status__in=rules.ACTIVE).values_list("realisation_id", flat=True))
    facts = [rules.SelectionFacts(
        realisation_id=r.id,
        offered_in_network=network_id in {n.id for n in networks_api.networks_for_offering(realisation_id=r.id,
                                                                                           on=day)},
        enrolment_open=catalogue_api.enrolment_open(r, now),
        duplicate=r.id in active_realisations) for r in reals]
    rules.check_registration(
        network_valid=networks_api.registration_allowed_on(network_id, right.organisation_id, host, day),
        right_eligible=rights_api.is_eligible(right.id, network_id, day),
        home_is_host=host == right.organisation_id, selections=facts)
    host_person = rights_api.host_person_for(home_person_id=person.id, host_organisation_id=host)
    registration = Registration.objects.create(
        network_id=network_id, home_organisation_id=right.organisation_id, host_organisation_id=host,
        home_person_id=person.id, home_right_id=right.id, host_person_id=host_person.id,
        registered_by=_label(actor))
    latest_end = max(r.end_date for r in reals)
    provisional = rights_api.provisional_right_create(
        host_person_id=host_person.id, identifier=f"REG-{registration.pk}", start_date=day,
        end_date=rules.host_right_end(latest_end, right.end_date), home_right_id=right.id)
    registration.host_right_id = provisional.id
    registration.save(update_fields=["host_right_id"])
    for r in reals:
        sel = Selection.objects.create(registration=registration, kind=SelectionKind.REALISATION,
                                       course_unit_id=r.course_unit_id, realisation_id=r.id)
        SelectionHistory.objects.create(selection=sel, to_status=sel.status, actor_label=_label(actor))
    audit.record(Event.REGISTERED, actor=actor, subject=registration, person_oid=person.learner_oid,
                 after={"network_id": network_id, "host_organisation_id": host, "realisations": [r.id for r in reals]})
    return registration


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


@transaction.atomic
def selection_decide(*, actor: Any, selection_id: int, accept: bool, reason: str = "",
                     host_student_number: str = "") -> Selection:
    """The host accepts or rejects a selection. Acceptance makes the host right official, ending as R-REG-3
    says; a rejection needs a reason the student sees."""
    sel = _locked_selection(selection_id)
    reg = sel.registration
    if not policies.can_decide(actor, reg.host_organisation_id):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    rules.check_decision(accept, reason)
    person = rights_api.get_person(reg.home_person_id)
    oid = person.learner_oid if person else ""
    sel.decided_at, sel.host_student_number, sel.reason = timezone.now(), host_student_number.strip(), reason.strip()
    if accept:
        _move(sel, rules.ACCEPTED, actor=actor, event=Event.SELECTION_ACCEPTED, person_oid=oid,
              extra=["decided_at", "host_student_number", "reason"])
        realisation = catalogue_api.get_realisation_by_id(sel.realisation_id) if sel.realisation_id else None
        home = rights_api.get_right(reg.home_right_id)
        host = rights_api.get_right(reg.host_right_id) if reg.host_right_id else None
        if realisation is not None and host is not None:
            end = rules.host_right_end(realisation.end_date, home.end_date if home else None)
            if host.kind == "host_official" and host.end_date and host.end_date > end:
                end = host.end_date  # an earlier acceptance already gave a longer right
            rights_api.host_right_make_official(actor=actor, right_id=host.id, end_date=end)
    else:
        _move(sel, rules.REJECTED, actor=actor, event=Event.SELECTION_REJECTED, reason=reason, person_oid=oid,
              extra=["decided_at", "host_student_number", "reason"])
    return sel


@transaction.atomic
def selection_cancel(*, actor: Any, selection_id: int, now: dt.datetime | None = None) -> Selection:
    """R-REG-4: the student (or the home office for them) cancels. An accepted-then-cancelled selection leaves the
    official host right for the host to end."""
    now = now or timezone.now()
    sel = _locked_selection(selection_id)
    reg = sel.registration
    person = rights_api.get_person(reg.home_person_id)
    if person is None or not policies.can_register(actor, person, rights_api.identity_of_person(person.id)):
        raise PermissionDenied(code=ErrorCode.PERMISSION_DENIED)
    realisation = catalogue_api.get_realisation_by_id(sel.realisation_id) if sel.realisation_id else None
    rules.check_cancellation(sel.status, enrolment_open_now=bool(realisation and
                                                                 catalogue_api.enrolment_open(realisation, now)))
    _move(sel, rules.ABORTED_BY_STUDENT, actor=actor, event=Event.SELECTION_CANCELLED, person_oid=person.learner_oid)
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
