"""Pure rules for persons and study rights (no ORM, no I/O; `today` is a parameter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import ValidationFailed, check_transition
from joopas.rights.codes import ErrorCode
from joopas.rights.data import StudyRightRef

ACTIVE, OPTION, PASSIVATED, ENDED, FORFEITED = "active", "option", "passivated", "ended", "forfeited"
HOME = "home"

# A study right's status (the SIS's own states): an option is taken up or lapses; an active right may be
# passivated and re-activated; ended and forfeited are final.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    OPTION: {ACTIVE, FORFEITED},
    ACTIVE: {PASSIVATED, ENDED, FORFEITED},
    PASSIVATED: {ACTIVE, ENDED, FORFEITED},
    ENDED: set(),
    FORFEITED: set(),
}


def check_status_transition(current: str, new: str) -> None:
    check_transition(STATUS_TRANSITIONS, current, new, code=ErrorCode.RIGHT_ILLEGAL_TRANSITION)


def check_dates(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise ValidationFailed(_("A study right cannot end before it starts."), code=ErrorCode.RIGHT_DATES,
                               details={"path": "end_date"})


def check_identity(*, hetu_key: str, learner_oid: str) -> None:
    """R-REG-6 needs something to match on: a person has a personal identity code or a learner OID."""
    if not (hetu_key or learner_oid):
        raise ValidationFailed(_("Give the personal identity code or the learner OID."),
                               code=ErrorCode.PERSON_IDENTITY_REQUIRED, details={"path": "hetu"})


def check_term(start: dt.date, end: dt.date) -> None:
    if end <= start:
        raise ValidationFailed(_("A term must end after it starts."), code=ErrorCode.ATTENDANCE_TERM,
                               details={"path": "term_end"})


def same_person(a_hetu_key: str, a_oid: str, b_hetu_key: str, b_oid: str) -> bool:
    """R-REG-6: two records are one person when the personal identity code or the learner OID agree."""
    return bool((a_hetu_key and a_hetu_key == b_hetu_key) or (a_oid and a_oid == b_oid))


def is_valid_on(right: StudyRightRef, day: dt.date) -> bool:
    """The right is in force on `day`: active, started, and not yet ended."""
    return (right.status == ACTIVE and right.start_date <= day
            and (right.end_date is None or day <= right.end_date))


def is_eligible(right: StudyRightRef, network_id: int, day: dt.date) -> bool:
    """R-NET-2: a home study right may register in a network only when the home institution marked it
    eligible for that network, and only while the right is in force."""
    return right.kind == HOME and network_id in right.network_ids and is_valid_on(right, day)


def eligible_count(rights: Iterable[StudyRightRef], network_id: int, day: dt.date) -> int:
    return sum(1 for r in rights if is_eligible(r, network_id, day))


def followed_end(host_end: dt.date | None, home_end: dt.date | None) -> dt.date | None:
    """R-REG-7 (with R-REG-3): when the home right's end moves, a host right never outlasts it; a later home end
    does not lengthen a host right past the end its own rule gave."""
    if home_end is None:
        return host_end
    return home_end if host_end is None or home_end < host_end else host_end


def follows_home_status(home_status: str) -> bool:
    """R-REG-7: a home right that ends (or is forfeited) ends the host rights granted on it that day."""
    return home_status in (ENDED, FORFEITED)
