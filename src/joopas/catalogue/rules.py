"""Offering rules (SPEC §3). Pure: no ORM, no I/O; dates and times come in as parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from joopas.catalogue.codes import ErrorCode
from joopas.core.errors import ValidationFailed

LIST, EXCLUSION = "list", "exclusion"

# Status → the label and badge tone pages show (`{% status_badge value STATUS_LABELS %}`); no raw status on a page.
STATUS_LABELS = {"ACTIVE": (_("Active"), "success"), "CANCELLED": (_("Cancelled"), "warning"),
                 "ARCHIVED": (_("Archived"), "neutral")}
IMPORT_STATE_LABELS = {"queued": (_("Waiting to start"), "progress"), "running": (_("In progress"), "progress"),
                       "done": (_("Finished"), "success"), "failed": (_("Failed"), "error")}


def is_joo_offering(mode: str | None, listed: bool) -> bool:
    """R-OFF-1: an institution declares its JOO offering per academic year either as an explicit list
    (only listed studies are JOO offering) or as exclusions (everything except the listed studies is).
    Without a declaration for the year nothing of the institution is JOO offering."""
    if mode == LIST:
        return listed
    if mode == EXCLUSION:
        return not listed
    return False


class HasEnrolmentPeriod(Protocol):
    @property
    def enrolment_start(self) -> dt.datetime: ...

    @property
    def enrolment_end(self) -> dt.datetime: ...

    @property
    def status(self) -> str: ...


def enrolment_open(realisation: HasEnrolmentPeriod, at: dt.datetime) -> bool:
    """R-OFF-4: enrolment is open exactly within the realisation's enrolment period [start, end).
    There is no per-student exception: a late enrolment needs the period itself extended
    (`new_enrolment_end`). R-OFF-3: seats play no part here — they are information only."""
    if getattr(realisation, "status", "ACTIVE") != "ACTIVE" or getattr(realisation, "enrolment_closed", False):
        return False  # the organiser closed enrolment (RIPA enrollmentClosed), whatever the dates say
    return realisation.enrolment_start <= at < realisation.enrolment_end


def new_enrolment_end(*, current_end: dt.datetime, new_end: dt.datetime, realisation_end_date: dt.date,
                      now: dt.datetime) -> dt.datetime:
    """R-OFF-4: the only way to let late enrolments in is to extend the period: the new end must be later
    than the current one and in the future, and no later than the realisation's last day."""
    if new_end <= current_end:
        raise ValidationFailed(_("The new end of the enrolment period must be later than the current end."),
                               code=ErrorCode.ENROLMENT_NOT_EXTENDED)
    if new_end <= now:
        raise ValidationFailed(_("The new end of the enrolment period must be in the future."),
                               code=ErrorCode.ENROLMENT_END_IN_PAST)
    if new_end.date() > realisation_end_date:
        raise ValidationFailed(_("Enrolment cannot continue after the realisation has ended."),
                               code=ErrorCode.ENROLMENT_AFTER_END)
    return new_end


def seat_information(max_seats: int | None, registered: int) -> dict[str, Any]:
    """R-OFF-3: the service never limits the number of registrations. Seats are shown for information:
    this returns what to display and, deliberately, no limit or refusal."""
    return {"max_seats": max_seats, "registered": registered,
            "over_informational_maximum": max_seats is not None and registered > max_seats}


def period_of(day: dt.date) -> str:
    """Teaching period key used by the catalogue filter: autumn Aug–Dec, spring Jan–May, summer Jun–Jul,
    named with the calendar year (2026-autumn, 2027-spring)."""
    if day.month >= 8:
        return f"{day.year}-autumn"
    if day.month <= 5:
        return f"{day.year}-spring"
    return f"{day.year}-summer"


def period_bounds(key: str) -> tuple[dt.date, dt.date] | None:
    try:
        year_s, season = key.split("-", 1)
        year = int(year_s)
    except ValueError:
        return None
    if not 1900 < year < 3000:
        return None
    if season == "autumn":
        return dt.date(year, 8, 1), dt.date(year, 12, 31)
    if season == "spring":
        return dt.date(year, 1, 1), dt.date(year, 5, 31)
    if season == "summer":
        return dt.date(year, 6, 1), dt.date(year, 7, 31)
    return None


def realisation_matches_unit(*, realisation_organisation_id: int, unit_organisation_id: int) -> bool:
    """A realisation belongs to a course unit of the same organiser."""
    return realisation_organisation_id == unit_organisation_id


# --- status of course units, study modules and realisations (catalogue.Status) -----------------------------
# Values of `catalogue.models.Status` (rules import no models).
ACTIVE, CANCELLED, ARCHIVED = "ACTIVE", "CANCELLED", "ARCHIVED"
STATUSES = (ACTIVE, CANCELLED, ARCHIVED)

# R-OFF-STATUS-1: the institution's own system (API, exchange, import, the editor's form) is the master of its
# offering: a write may set any status, also back to ACTIVE (a cancelled course held after all).
OWNER_STATUS_TRANSITIONS: dict[str, set[str]] = {s: set(STATUSES) for s in STATUSES}

# R-OFF-STATUS-2: the editor's "archive" action, and the realisations a course unit's archiving takes along:
# an active or cancelled study is archived; an archived one is not archived again.
ARCHIVE_TRANSITIONS: dict[str, set[str]] = {ACTIVE: {ARCHIVED}, CANCELLED: {ARCHIVED}, ARCHIVED: set()}

# R-OFF-STATUS-3: archiving a course unit archives its active realisations (cancelled ones keep their status).
ARCHIVED_WITH_UNIT = (ACTIVE,)


# --- state of an officer's upload (catalogue.ImportRun.State) ---------------------------------------------
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

# R-OFF-IMPORT-1: the first step checks the file (queued → done for a dry run or nothing to write, → failed on
# errors, → running otherwise); the last batch step finishes it (running → done). Done and failed are final.
IMPORT_RUN_TRANSITIONS: dict[str, set[str]] = {QUEUED: {RUNNING, DONE, FAILED}, RUNNING: {DONE}, DONE: set(),
                                               FAILED: set()}
