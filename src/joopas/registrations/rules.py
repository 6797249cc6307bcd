"""Pure rules of cross-study registration (R-REG-1–5), named after the spec; `today` / `now` are parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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

# Status badges (page pattern "Status badges"): status → (translated label, tone).
SELECTION_STATUS_LABELS: dict[int, tuple[Any, str]] = {
    NOT_ENROLLED: (_("not enrolled"), "neutral"),
    PENDING: (_("waiting for the host's decision"), "progress"),
    ACCEPTED: (_("accepted"), "success"),
    REJECTED: (_("rejected"), "error"),
    ABORTED_BY_STUDENT: (_("cancelled by the student"), "neutral"),
    ABORTED_BY_TEACHER: (_("cancelled by the host"), "neutral"),
}

# What happens next, for the student (the student's pages, beside the status badge).
STUDENT_NEXT_STEPS: dict[int, Any] = {
    NOT_ENROLLED: _("Your registration has not been sent to the host institution yet."),
    PENDING: _("The host institution decides on your registration. If it has not accepted it within %(days)s "
               "days, the registration lapses. You will see the decision here."),
    ACCEPTED: _("You can take part in the course. The host institution records your completion, and it comes to "
                "your own university by itself."),
    REJECTED: _("The host institution did not accept your registration. The reason is shown below. You can look "
                "for another course in the catalogue."),
    ABORTED_BY_STUDENT: _("You cancelled this registration. Nothing more is needed."),
    ABORTED_BY_TEACHER: _("The host institution cancelled your participation. Ask its study office if you have "
                          "questions."),
}


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


# --- through the exchange and the HTTP API (R-EXC-4) ------------------------------------------------------------

def request_status(status: int) -> int:
    """A selection's status as a registration request says it: 4 when the student cancelled, else 1 (PENDING)."""
    return ABORTED_BY_STUDENT if status == ABORTED_BY_STUDENT else PENDING


def check_home_sender(*, sender_id: int, home_organisation_id: int, path: str) -> None:
    """R-EXC-4: a registration request (or a student's cancellation) is sent only by the student's home
    institution: the study right it names is one of the sender's."""
    if sender_id != home_organisation_id:
        raise PermissionDenied(_("Only the student's home institution can send this registration."),
                               code=ErrorCode.NOT_HOME, details={"path": path})


def check_host_reply(*, sender_id: int, host_organisation_id: int) -> None:
    """R-EXC-4: a reply is accepted only from the institution the registration was addressed to (its host)."""
    if sender_id != host_organisation_id:
        raise PermissionDenied(_("This registration was addressed to another institution; only it can answer."),
                               code=ErrorCode.REPLY_NOT_ALLOWED, details={"path": "payload/registrationRequestId"})


def reply_target(current: int, wanted: int) -> int | None:
    """What a host's reply does to a selection: nothing when it repeats the current status (a resent or partial
    reply), otherwise the transition the table allows (accept or reject a pending selection, cancel an accepted
    one as the host, 5); anything else is refused as an illegal transition."""
    if wanted == current:
        return None
    if wanted == ABORTED_BY_STUDENT:  # only the student (their home) cancels
        check_selection_transition(current, -1)
    check_selection_transition(current, wanted)
    return wanted
