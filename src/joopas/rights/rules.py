"""Pure rules for persons and study rights (no ORM, no I/O; `today` is a parameter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from joopas.core import clock
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


# --- R-REG-7 in the message vocabulary (RIPA v9 `studyRight`) ------------------------------------------------

# VIRTA study-right status codes (studyRightStatusValue) ↔ ours.
VIRTA_STATUS: dict[int, str] = {1: ACTIVE, 2: OPTION, 3: ENDED, 4: PASSIVATED, 5: FORFEITED}
STATUS_VIRTA: dict[str, int] = {v: k for k, v in VIRTA_STATUS.items()}
NO_END = dt.date(9999, 12, 31)  # v9 requires an endDate; a right without an end is sent with this one
ATTENDANCE_KEY_SET = "attendance"  # v9 leaves studyRight.keywords' use open: Joopas carries attendance there
ATTENDANCE_WORDS = {True: {"fi": "läsnä", "sv": "närvarande", "en": "present"},
                    False: {"fi": "poissa", "sv": "frånvarande", "en": "absent"}}


def end_for_message(end: dt.date | None) -> dt.date:
    """R-REG-7: the endDate a study-right update carries (v9 requires one)."""
    return end or NO_END


def end_from_message(end: dt.date) -> dt.date | None:
    return None if end == NO_END else end


def attendance_keyword(term_start: dt.date, term_end: dt.date, present: bool) -> dict[str, object]:
    """R-REG-7: one term's attendance as a v9 keyword: key `<term start>/<term end>`, set `attendance`,
    value present (läsnä) or absent (poissa)."""
    return {"key": f"{term_start.isoformat()}/{term_end.isoformat()}", "keySet": ATTENDANCE_KEY_SET,
            "value": {"values": dict(ATTENDANCE_WORDS[present])}}


def attendance_from_keyword(key: str, value_en: str | None, value_fi: str | None) -> tuple[dt.date, dt.date, bool]:
    """R-REG-7: a term's attendance from its keyword (the inverse of `attendance_keyword`); ValueError when the
    keyword is not one."""
    start_text, _sep, end_text = key.partition("/")
    start, end = dt.date.fromisoformat(start_text), dt.date.fromisoformat(end_text)
    words = {(value_en or "").strip().lower(), (value_fi or "").strip().lower()} - {""}
    if words & {"present", "läsnä"}:
        present = True
    elif words & {"absent", "poissa"}:
        present = False
    else:
        raise ValueError("the value is present / absent (läsnä / poissa)")
    check_term(start, end)
    return start, end, present


def status_steps(current: str, wanted: str) -> list[str]:
    """R-REG-7: the transitions that take a right from `current` to the status a home system sent (an option
    that ends is taken up first: option → active → ended); [] when already there. Raises when no legal path."""
    if current == wanted:
        return []
    if wanted in STATUS_TRANSITIONS.get(current, set()):
        return [wanted]
    for step in sorted(STATUS_TRANSITIONS.get(current, set())):
        if wanted in STATUS_TRANSITIONS.get(step, set()):
            return [step, wanted]
    check_status_transition(current, wanted)  # raises with the table's code
    return [wanted]


# --- JOO study rights (R-JOO-3..5) ------------------------------------------------------------------------

JOO = "joo"


def joo_right_end(start: dt.date, home_end: dt.date | None, requested_end: dt.date | None = None) -> dt.date:
    """R-JOO-3: a JOO right lasts at most two academic years — the one it starts in and the next (starts
    1.12.2026 → ends at the latest 31.7.2028) — and never past the end of the home degree right. A shorter
    period the host asked for (`requested_end`) is kept."""
    longest = clock.add_academic_years(start, 2)
    ends = [longest] + [d for d in (home_end, requested_end) if d is not None]
    return min(ends)


def check_joo_grant(home: StudyRightRef, start: dt.date, entity_count: int) -> None:
    """R-JOO-3: a JOO right is granted on a home degree right in force on its first day, for at least one
    study entity."""
    if home.kind != HOME or not is_valid_on(home, start):
        raise ValidationFailed(_("The student's study right at the home university is not in force on the first "
                                 "day of the JOO study right."), code=ErrorCode.JOO_HOME_RIGHT_NOT_IN_FORCE,
                               details={"path": "home_right"})
    if entity_count < 1:
        raise ValidationFailed(_("Grant at least one study entity."), code=ErrorCode.JOO_NOTHING_GRANTED,
                               details={"path": "entities"})


def joo_end_on_host_degree(joo_end: dt.date | None, degree_start: dt.date) -> dt.date:
    """R-JOO-5: when the student becomes a degree student of the host, the JOO right ends that day — the day
    the degree right starts (the cut-off: completions dated before it are billed to the former home, R-BIL-2).
    A right that already ended earlier keeps its end."""
    return degree_start if joo_end is None or degree_start < joo_end else joo_end


def is_in_force_on(status: str, start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return status == ACTIVE and start <= day and (end is None or day <= end)
