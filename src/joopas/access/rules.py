"""Pure rules of access rights (R-ACC-1–5). No ORM, no I/O; `today` is a parameter."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from joopas.access.codes import ErrorCode
from joopas.core.errors import PermissionDenied, ValidationFailed, check_transition

GRANT_DEFAULT_MONTHS = 12  # R-ACC-1
REMINDER_DAYS = (28, 7)  # R-ACC-1 / R-ACC-3: 4 weeks and 1 week before a grant ends
MIN_MAIN_USERS = 2  # R-ACC-3
MAIN_USER_ROLES = ("main_user", "jotpa_main_user")
EMAIL_INVALID = _("Enter a valid email address, for example name@example.fi.")

# Grant state machine: closed and expired are final (a new grant is made instead).
GRANT_TRANSITIONS: dict[str, set[str]] = {
    "": {"granted"},
    "granted": {"renewed", "closed", "expired"},
    "renewed": {"renewed", "closed", "expired"},
    "closed": set(),
    "expired": set(),
}
INVITATION_TRANSITIONS: dict[str, set[str]] = {
    "open": {"accepted", "expired", "cancelled"},
    "accepted": set(), "expired": set(), "cancelled": set(),
}
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    "open": {"approved", "rejected", "lapsed"},
    "approved": set(), "rejected": set(), "lapsed": set(),
}


def check_grant_transition(current: str, new: str) -> None:
    check_transition(GRANT_TRANSITIONS, current, new, code=ErrorCode.GRANT_ILLEGAL_TRANSITION)


def check_invitation_transition(current: str, new: str) -> None:
    check_transition(INVITATION_TRANSITIONS, current, new, code=ErrorCode.INVITATION_ILLEGAL_TRANSITION)


def check_application_transition(current: str, new: str) -> None:
    check_transition(APPLICATION_TRANSITIONS, current, new, code=ErrorCode.REQUEST_ILLEGAL_TRANSITION)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_valid_until(valid_from: dt.date) -> dt.date:
    """R-ACC-1: a grant runs 12 months by default (the day before the same date a year later)."""
    return add_months(valid_from, GRANT_DEFAULT_MONTHS) - dt.timedelta(days=1)


def latest_end(*, today: dt.date, max_months: int = GRANT_DEFAULT_MONTHS) -> dt.date:
    """R-ACC-2 (issue 10): no grant or renewal runs longer than `max_months` (setting ACCESS_GRANT_MAX_MONTHS)
    counted from the day of the decision: at most the day before the same date `max_months` later."""
    return add_months(today, max_months) - dt.timedelta(days=1)


def check_max_length(end: dt.date, *, today: dt.date, max_months: int = GRANT_DEFAULT_MONTHS) -> None:
    if end > latest_end(today=today, max_months=max_months):
        raise ValidationFailed(
            _("An access right can be given for at most %(months)d months at a time, counted from today.")
            % {"months": max_months}, code=ErrorCode.GRANT_TOO_LONG,
            details={"field": "valid_until", "latest": latest_end(today=today, max_months=max_months).isoformat()})


def grant_period(valid_from: dt.date | None, valid_until: dt.date | None, *, today: dt.date,
                 max_months: int = GRANT_DEFAULT_MONTHS) -> tuple[dt.date, dt.date]:
    """R-ACC-1: start and expiry of a grant; the end may not be before the start, nor in the past, nor later
    than the maximum length from today (R-ACC-2, issue 10; a default end is capped to it)."""
    start = valid_from or today
    end = valid_until or min(default_valid_until(start), latest_end(today=today, max_months=max_months))
    check_max_length(end, today=today, max_months=max_months)
    if end < start:
        raise ValidationFailed(_("The end date must not be before the start date."),
                               code=ErrorCode.GRANT_END_BEFORE_START, details={"field": "valid_until"})
    if end < today:
        raise ValidationFailed(_("The end date must not be in the past."), code=ErrorCode.GRANT_END_IN_PAST,
                               details={"field": "valid_until"})
    if start < today - dt.timedelta(days=1):
        raise ValidationFailed(_("The start date must not be in the past."), code=ErrorCode.GRANT_START_IN_PAST,
                               details={"field": "valid_from"})
    return start, end


def renewal_period(current_until: dt.date, new_until: dt.date | None, *, today: dt.date,
                   max_months: int = GRANT_DEFAULT_MONTHS) -> dt.date:
    """R-ACC-1: a renewal extends the grant by 12 months by default, but never past the maximum length counted
    from the day of the renewal (R-ACC-2, issue 10: renewals cannot pile up to 9999-12-31)."""
    latest = latest_end(today=today, max_months=max_months)
    end = new_until or min(default_valid_until(max(today, current_until)), latest)
    if end < today:
        raise ValidationFailed(_("The end date must not be in the past."), code=ErrorCode.GRANT_END_IN_PAST,
                               details={"field": "valid_until"})
    check_max_length(end, today=today, max_months=max_months)
    return end


def check_not_self(actor_id: int | None, grantee_id: int | None = None, *, grantee_email: str = "",
                   actor_email: str = "", actor_identity: str = "", grantee_identity: str = "") -> None:
    """R-ACC-2: nobody grants, renews or closes a right for themselves - not with the same account, the same
    email, nor with a second account of the same person (the same identity: hetu or learner OID, bound to the
    account by an accepted invitation that named the person)."""
    same_id = actor_id is not None and grantee_id is not None and actor_id == grantee_id
    same_email = bool(actor_email) and bool(grantee_email) and actor_email.strip().lower() == grantee_email.strip().lower()
    same_person = bool(actor_identity) and actor_identity == grantee_identity
    if same_id or same_email or same_person:
        raise PermissionDenied(_("You cannot grant, renew or close your own access rights."),
                               code=ErrorCode.GRANT_SELF)


IDENTITY_REQUIRED = _("This organisation uses strong identification: give the person's personal identity code "
                      "or learner OID.")


def check_identity_given(strong_identification: bool, identity_key: str) -> None:
    """R-ACC-2 (issue 10): in an organisation that uses strong identification an invitation names the person by
    a checked hetu or learner OID, so that one person's two mailboxes are one identity."""
    if strong_identification and not identity_key:
        raise ValidationFailed(IDENTITY_REQUIRED, code=ErrorCode.INVITATION_IDENTITY_REQUIRED,
                               details={"field": "hetu", "fields": ["hetu", "person_oid"]})


def check_grantee_identified(strong_identification: bool, grantee_identity: str) -> None:
    """R-ACC-2 (issue 10): in such an organisation a role goes directly (without an invitation) only to an account
    whose person is known; others are invited with their identity."""
    if strong_identification and not grantee_identity:
        raise ValidationFailed(_("This organisation uses strong identification, and this account has not been "
                                 "linked to a person. Invite the person with their personal identity code or "
                                 "learner OID instead."), code=ErrorCode.GRANT_IDENTITY_REQUIRED,
                               details={"field": "email"})


def grantable_roles(held_roles: Iterable[str], links: Iterable[tuple[str, str]]) -> set[str]:
    """R-ACC-1 / R-ACC-5: the roles one may grant follow the grant links (data) of the roles one holds."""
    held = set(held_roles)
    return {grantable for granter, grantable in links if granter in held}


def check_role_grantable(role: str, held_roles: Iterable[str], links: Iterable[tuple[str, str]]) -> None:
    if role not in grantable_roles(held_roles, links):
        raise PermissionDenied(_("You may not grant this role."), code=ErrorCode.GRANT_ROLE_NOT_GRANTABLE,
                               details={"role": role})


def is_expired(valid_until: dt.date, *, today: dt.date) -> bool:
    """R-ACC-1: a grant is valid through its last day and expires the day after."""
    return valid_until < today


def reminder_due(valid_until: dt.date, already_sent: Iterable[int], *, today: dt.date) -> int | None:
    """R-ACC-1 / R-ACC-3: which reminder (days before the end: 28 or 7) is due today, if any.

    A daily job calls this; if a day was missed the reminder still goes out once, late.
    """
    left = (valid_until - today).days
    if left < 0:
        return None
    sent = set(already_sent)
    for days in sorted(REMINDER_DAYS):  # the nearest first: a late 4-week reminder is pointless then
        if left <= days:
            return None if days in sent else days
    return None


def main_user_shortage(active_main_users: int) -> bool:
    """R-ACC-3: an organisation should have at least two active main users."""
    return active_main_users < MIN_MAIN_USERS


def may_apply_for_access(active_main_users: int, had_grant_in_organisation: bool) -> bool:
    """R-ACC-4: only when every main user has expired may a (former) user of the organisation apply."""
    return active_main_users == 0 and had_grant_in_organisation


def invitation_expires_at(created: dt.datetime, days: int) -> dt.datetime:
    return created + dt.timedelta(days=days)


def invitation_usable(state: str, expires_at: dt.datetime, *, now: dt.datetime) -> str | None:
    """The reason an invitation can no longer be used, or None (one-time, expiring link)."""
    if state == "accepted":
        return "used"
    if state != "open":
        return "closed"
    if now >= expires_at:
        return "expired"
    return None
