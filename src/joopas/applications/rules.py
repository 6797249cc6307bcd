"""Pure rules of JOO applications (no ORM, no I/O; `today` / `now` are parameters). R-JOO-1, R-JOO-2 and the
agreement's rounds (seed 001 §1: periods end at the end of April and October, or continuous application)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _

from joopas.applications.codes import ErrorCode
from joopas.core.errors import ValidationFailed, check_transition

DRAFT, SUBMITTED, DECLINED, ENDORSED, SUPPLEMENT, DECIDED, WITHDRAWN = (
    "draft", "submitted", "declined", "endorsed", "supplement", "decided", "withdrawn")
FIXED, CONTINUOUS = "fixed", "continuous"
PENDING, GRANTED, REJECTED = "pending", "granted", "rejected"
MODULE, COURSE_UNIT = "study_module", "course_unit"

# R-JOO-1 / R-JOO-2 as a table: the home endorses or declines what the student submitted; only then does the host
# see it and decide, or ask for a supplement that the student sends back; the student may withdraw until the
# decision. Declined, decided and withdrawn are final.
TRANSITIONS: dict[str, set[str]] = {
    DRAFT: {SUBMITTED, WITHDRAWN},
    SUBMITTED: {ENDORSED, DECLINED, WITHDRAWN},
    ENDORSED: {SUPPLEMENT, DECIDED, WITHDRAWN},
    SUPPLEMENT: {ENDORSED, DECIDED, WITHDRAWN},
    DECLINED: set(),
    DECIDED: set(),
    WITHDRAWN: set(),
}
# R-JOO-1: what the host may see — nothing before the home endorsed it
VISIBLE_TO_HOST = frozenset({ENDORSED, SUPPLEMENT, DECIDED})
WAITING_FOR_HOST = frozenset({ENDORSED, SUPPLEMENT})
EDITABLE_BY_STUDENT = frozenset({DRAFT, SUPPLEMENT})

MAX_ENTITIES = 10
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
# extension → (content type, the bytes the file must start with): the content must match the name
ATTACHMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
}
TRANSCRIPT_TYPES = frozenset({".pdf"})


def check_transition_to(current: str, new: str) -> None:
    check_transition(TRANSITIONS, current, new, code=ErrorCode.ILLEGAL_TRANSITION)


# --- rounds -----------------------------------------------------------------------------------------------

def default_rounds(academic_year: int) -> list[tuple[dt.date, dt.date, dt.date]]:
    """The agreement's two periods of an academic year (seed 001 §1): (opens, closes, studies start) — the
    autumn period ends 31 October (studies from 1 January), the spring period ends 30 April (studies from
    1 August). Each opens a month before it closes; the host may edit the dates."""
    return [(dt.date(academic_year, 10, 1), dt.date(academic_year, 10, 31), dt.date(academic_year + 1, 1, 1)),
            (dt.date(academic_year + 1, 4, 1), dt.date(academic_year + 1, 4, 30), dt.date(academic_year + 1, 8, 1))]


def check_round(kind: str, opens_on: dt.date, closes_on: dt.date | None, studies_start: dt.date) -> None:
    if kind == FIXED and closes_on is None:
        raise ValidationFailed(_("An application period needs a closing date."), code=ErrorCode.ROUND_DATES,
                               details={"path": "closes_on"})
    if closes_on is not None and closes_on < opens_on:
        raise ValidationFailed(_("A round cannot close before it opens."), code=ErrorCode.ROUND_DATES,
                               details={"path": "closes_on"})
    if kind == FIXED and closes_on is not None and studies_start <= closes_on:
        raise ValidationFailed(_("The granted studies start after the application period closes."),
                               code=ErrorCode.ROUND_DATES, details={"path": "studies_start"})


def round_state(opens_on: dt.date, closes_on: dt.date | None, day: dt.date) -> str:
    """upcoming | open | closed on `day` (the local date): a round is open from the first moment of its opening
    day to the last moment of its closing day; a continuous round without a closing date stays open."""
    if day < opens_on:
        return "upcoming"
    if closes_on is not None and day > closes_on:
        return "closed"
    return "open"


def check_submission_window(opens_on: dt.date, closes_on: dt.date | None, day: dt.date) -> None:
    """Drafts may be saved any time; an application is sent only while its round is open."""
    state = round_state(opens_on, closes_on, day)
    if state == "upcoming":
        raise ValidationFailed(_("The application period has not started yet. You can save your application "
                                 "as a draft and send it when the period opens on %(day)s.")
                               % {"day": opens_on.strftime("%d.%m.%Y")}, code=ErrorCode.ROUND_NOT_OPEN,
                               details={"path": "round"})
    if state == "closed":
        raise ValidationFailed(_("The application period closed on %(day)s. Applications can no longer be sent "
                                 "in this round.") % {"day": closes_on.strftime("%d.%m.%Y") if closes_on else ""},
                               code=ErrorCode.ROUND_CLOSED, details={"path": "round"})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days: 31.1. + 1 → 28./29.2.)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def decision_due(kind: str, closes_on: dt.date | None, endorsed_on: dt.date) -> dt.date:
    """R-JOO-2: the host's decision is due one month after the round ends; in continuous application (or a
    round that has no end) one month after the home endorsed the application."""
    if kind == FIXED and closes_on is not None:
        return add_months(closes_on, 1)
    return add_months(endorsed_on, 1)


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    """R-JOO-2: an application still waiting for the host after its due date is flagged."""
    return status in WAITING_FOR_HOST and due is not None and today > due


def supplement_reminder_due(requested_at: dt.datetime, reminded_at: dt.datetime | None, now: dt.datetime,
                            days: int) -> bool:
    """A supplement request not answered in `days` days gets one reminder."""
    return reminded_at is None and now >= requested_at + dt.timedelta(days=max(days, 1))


# --- the student's application ------------------------------------------------------------------------

def check_entities(kinds: Sequence[str]) -> None:
    if not kinds:
        raise ValidationFailed(_("Choose at least one study module or course."), code=ErrorCode.NO_ENTITIES,
                               details={"path": "entities"})
    if len(kinds) > MAX_ENTITIES:
        raise ValidationFailed(_("Choose at most %(n)s study entities in one application.") % {"n": MAX_ENTITIES},
                               code=ErrorCode.TOO_MANY_ENTITIES, details={"path": "entities"})


def suggests_module(kinds: Sequence[str], modules_offered: int) -> bool:
    """Seed 001 §3: one endorsement should cover as broad a study module as possible — the form nudges a student
    who chose only single courses while the host offers modules."""
    return bool(kinds) and MODULE not in kinds and modules_offered > 0


def check_submission(*, justification: str, has_transcript: bool, entity_count: int) -> None:
    check_entities([COURSE_UNIT] * entity_count)
    if not justification.strip():
        raise ValidationFailed(_("Write why you apply: the justification from your personal study plan (HOPS) or "
                                 "its summary."), code=ErrorCode.JUSTIFICATION_REQUIRED,
                               details={"path": "justification"})
    if not has_transcript:
        raise ValidationFailed(_("Add your transcript of records: make it from your records here or upload it as "
                                 "a PDF."), code=ErrorCode.TRANSCRIPT_REQUIRED, details={"path": "transcript"})


def check_home_right(*, in_force: bool, home_end: dt.date | None, studies_start: dt.date) -> None:
    """The application is made on a home degree right in force, which must still be in force when the granted
    studies start (a right ending earlier could not carry a JOO right, R-JOO-3)."""
    if not in_force:
        raise ValidationFailed(_("Your study right at your own university is not in force, so you cannot apply "
                                 "for JOO studies with it."), code=ErrorCode.HOME_RIGHT_NOT_IN_FORCE,
                               details={"path": "home_right"})
    if home_end is not None and home_end < studies_start:
        raise ValidationFailed(_("Your study right at your own university ends on %(end)s, before the studies of "
                                 "this round start on %(start)s. Ask your own university's study office.")
                               % {"end": home_end.strftime("%d.%m.%Y"), "start": studies_start.strftime("%d.%m.%Y")},
                               code=ErrorCode.HOME_RIGHT_ENDS_BEFORE, details={"path": "home_right"})


# --- the institutions' decisions ------------------------------------------------------------------------

def check_endorsement(endorse: bool, reason: str) -> None:
    """R-JOO-1: a declined endorsement says why."""
    if not endorse and not reason.strip():
        raise ValidationFailed(_("Give the reason for not endorsing the application."),
                               code=ErrorCode.REASON_REQUIRED, details={"path": "reason"})


def check_supplement(text: str) -> None:
    if not text.strip():
        raise ValidationFailed(_("Tell the student what to supplement."), code=ErrorCode.SUPPLEMENT_TEXT_REQUIRED,
                               details={"path": "supplement_request"})


def check_decision(entity_ids: Sequence[int], decisions: Mapping[int, tuple[str, str]]) -> None:
    """R-JOO-2: every requested entity is granted, or rejected with a reason."""
    for i, pk in enumerate(entity_ids):
        decision, reason = decisions.get(pk, (PENDING, ""))
        if decision not in (GRANTED, REJECTED):
            raise ValidationFailed(_("Decide every requested study entity."), code=ErrorCode.DECISION_INCOMPLETE,
                                   details={"path": f"entities/{i}"})
        if decision == REJECTED and not reason.strip():
            raise ValidationFailed(_("Give the reason for each rejected study entity."),
                                   code=ErrorCode.REASON_REQUIRED, details={"path": f"entities/{i}/reason"})


def application_number(year: int, pk: int) -> str:
    return f"JOO-{year}-{pk:06d}"


# --- attachments ----------------------------------------------------------------------------------------

def check_attachment(name: str, size: int, head: bytes, *, kind: str, count: int) -> str:
    """Type by extension, the content matching it (a file whose bytes are not what its name says is refused), a
    size limit, a number limit. Returns the content type the file is given out with."""
    if count >= MAX_ATTACHMENTS:
        raise ValidationFailed(_("An application can have at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS},
                               code=ErrorCode.TOO_MANY_ATTACHMENTS, details={"path": "file"})
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    allowed = TRANSCRIPT_TYPES if kind == "transcript" else frozenset(ATTACHMENT_TYPES)
    if ext not in allowed:
        raise ValidationFailed(_("This file type is not accepted. Attach a PDF file%(images)s.")
                               % {"images": "" if kind == "transcript" else _(" or a PNG or JPEG image")},
                               code=ErrorCode.ATTACHMENT_TYPE, details={"path": "file"})
    if size <= 0:
        raise ValidationFailed(_("The file is empty."), code=ErrorCode.ATTACHMENT_EMPTY, details={"path": "file"})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(_("The file is too large: at most %(mb)s MB.")
                               % {"mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                               code=ErrorCode.ATTACHMENT_TOO_LARGE, details={"path": "file"})
    content_type, magic = ATTACHMENT_TYPES[ext]
    if not head.startswith(magic):
        raise ValidationFailed(_("The file's content does not match its name (%(ext)s). Save it again in the right "
                                 "format.") % {"ext": ext}, code=ErrorCode.ATTACHMENT_CONTENT,
                               details={"path": "file"})
    return content_type
