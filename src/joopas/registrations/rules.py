"""Pure rules of cross-study registration (R-REG-1–5), named after the spec; `today` / `now` are parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import Conflict, PermissionDenied, ValidationFailed, check_transition
from joopas.registrations.codes import ErrorCode

NOT_ENROLLED, PENDING, ACCEPTED, REJECTED, ABORTED_BY_STUDENT, ABORTED_BY_TEACHER = range(6)
ACTIVE = frozenset({NOT_ENROLLED, PENDING, ACCEPTED})  # a registration in these blocks a duplicate

# The vocabulary's selection statuses: the host decides a pending selection; the student may cancel
# (R-REG-4), the host may cancel an accepted one; rejected and cancelled are final.
SELECTION_TRANSITIONS: dict[int, set[int]] = {
    NOT_ENROLLED: {PENDING},
    PENDING: {ACCEPTED, REJECTED, ABORTED_BY_STUDENT},
    ACCEPTED: {ABORTED_BY_STUDENT, ABORTED_BY_TEACHER},
    REJECTED: set(),
    ABORTED_BY_STUDENT: set(),
    ABORTED_BY_TEACHER: set(),
}
PROVISIONAL_DAYS = 60  # R-REG-5 default; a host may set its own


def check_selection_transition(current: int, new: int) -> None:
    check_transition({str(k): {str(x) for x in v} for k, v in SELECTION_TRANSITIONS.items()}, str(current),
                     str(new), code=ErrorCode.ILLEGAL_TRANSITION)


@dataclass(frozen=True)
class SelectionFacts:
    realisation_id: int
    offered_in_network: bool
    enrolment_open: bool
    duplicate: bool


def check_registration(*, network_valid: bool, right_eligible: bool, home_is_host: bool,
                       selections: Sequence[SelectionFacts]) -> None:
    """R-REG-1: a valid network with both institutions valid members that day (R-NET-1), a home study right
    eligible for the network and in force (R-NET-2), each realisation offered in the network with its
    enrolment open, and no active registration of the same student to it. The first reason that fails is
    given, in words a student understands; nothing is written."""
    if not selections:
        raise ValidationFailed(_("Choose at least one course to register to."), code=ErrorCode.NO_SELECTIONS,
                               details={"path": "selections"})
    if home_is_host:
        raise ValidationFailed(_("This course is at your own university; register to it in your own study "
                                 "system."), code=ErrorCode.OWN_INSTITUTION)
    if not network_valid:
        raise ValidationFailed(_("Your university and the course's university do not cooperate in this network "
                                 "on this date, so you cannot register through it."),
                               code=ErrorCode.NETWORK_NOT_VALID, details={"path": "network"})
    if not right_eligible:
        raise ValidationFailed(_("Your study right does not allow cross-institutional studies in this network "
                                 "today. Ask your own university's study office."),
                               code=ErrorCode.RIGHT_NOT_ELIGIBLE, details={"path": "study_right"})
    for i, s in enumerate(selections):
        path = {"path": f"selections/{i}", "realisation": s.realisation_id}
        if not s.offered_in_network:
            raise ValidationFailed(_("This course is not offered to students of this network."),
                                   code=ErrorCode.NOT_OFFERED, details=path)
        if not s.enrolment_open:
            raise ValidationFailed(_("Registration for this course is not open now."),
                                   code=ErrorCode.ENROLMENT_CLOSED, details=path)
        if s.duplicate:
            raise Conflict(_("You have already registered to this course."), code=ErrorCode.DUPLICATE, details=path)


def academic_year_end(day: dt.date) -> dt.date:
    """31 July of the academic year (1 Aug – 31 Jul) that `day` falls in."""
    return dt.date(day.year if day.month <= 7 else day.year + 1, 7, 31)


def host_right_end(realisation_end: dt.date, home_right_end: dt.date | None) -> dt.date:
    """R-REG-3: the official host right ends on 31 July of the academic year in which the realisation ends
    (15.4.2021 → 31.7.2021), and never after the home study right ends."""
    end = academic_year_end(realisation_end)
    return min(end, home_right_end) if home_right_end is not None else end


def check_cancellation(status: int, *, enrolment_open_now: bool) -> None:
    """R-REG-4: before acceptance the student may cancel at any time; after it only while enrolment is open;
    otherwise the student is told to contact the host's study office."""
    if status in (NOT_ENROLLED, PENDING):
        return
    if status == ACCEPTED and enrolment_open_now:
        return
    if status == ACCEPTED:
        raise PermissionDenied(_("Enrolment for this course has closed, so you cannot cancel here. Contact the "
                                 "study office of the course's university."), code=ErrorCode.CANCEL_CONTACT_HOST)
    check_selection_transition(status, ABORTED_BY_STUDENT)


def check_decision(accept: bool, reason: str) -> None:
    if not accept and not reason.strip():
        raise ValidationFailed(_("Give the reason for the rejection; the student sees it."),
                               code=ErrorCode.REASON_REQUIRED, details={"path": "reason"})


def provisional_expired(registered_on: dt.date, today: dt.date, days: int = PROVISIONAL_DAYS) -> bool:
    """R-REG-5: a provisional right never accepted is removed `days` after the registration."""
    return today >= registered_on + dt.timedelta(days=days)
