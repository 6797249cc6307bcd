"""Pure rules of access rights: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joopas.access import rules
from joopas.core.errors import IllegalTransition, PermissionDenied, ValidationFailed

TODAY = dt.date(2026, 11, 23)
LINKS = [("main_user", "officer"), ("main_user", "main_user"), ("jotpa_main_user", "jotpa_main_user"),
         ("jotpa_main_user", "registry_main_user"), ("jotpa_main_user", "curriculum_main_user"),
         ("jotpa_main_user", "offering_editor")]


def test_r_acc_1_default_validity_is_twelve_months():
    assert rules.grant_period(None, None, today=TODAY) == (TODAY, dt.date(2027, 11, 22))
    assert rules.default_valid_until(dt.date(2028, 2, 29)) == dt.date(2029, 2, 27)


def test_r_acc_1_end_before_start_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        rules.grant_period(dt.date(2026, 12, 10), dt.date(2026, 12, 1), today=TODAY)
    assert exc.value.code == "access.grant.end_before_start"


def test_r_acc_1_end_in_the_past_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        rules.renewal_period(dt.date(2026, 1, 1), dt.date(2026, 11, 22), today=TODAY)
    assert exc.value.code == "access.grant.end_in_past"


def test_r_acc_1_renewal_extends_from_current_end_by_default():
    # ... but never past 12 months from the day of the renewal (R-ACC-2, issue 10)
    assert rules.renewal_period(dt.date(2026, 12, 31), None, today=TODAY) == dt.date(2027, 11, 22)
    assert rules.renewal_period(dt.date(2026, 12, 31), None, today=TODAY, max_months=24) == dt.date(2027, 12, 30)
    assert rules.renewal_period(dt.date(2026, 1, 31), None, today=TODAY) == dt.date(2027, 11, 22)


def test_r_acc_1_grant_state_machine():
    rules.check_grant_transition("granted", "renewed")
    rules.check_grant_transition("renewed", "renewed")
    rules.check_grant_transition("renewed", "expired")
    for current, new in [("closed", "renewed"), ("expired", "renewed"), ("granted", "granted"), ("closed", "closed")]:
        with pytest.raises(IllegalTransition):
            rules.check_grant_transition(current, new)


def test_r_acc_1_expiry_is_the_day_after_the_last_day():
    assert rules.is_expired(dt.date(2026, 11, 22), today=TODAY) is True
    assert rules.is_expired(TODAY, today=TODAY) is False


@pytest.mark.parametrize(("left", "sent", "due"), [
    (29, [], None), (28, [], 28), (20, [], 28), (20, [28], None), (8, [28], None), (7, [28], 7), (7, [], 7),
    (1, [28, 7], None), (0, [28], 7), (-1, [], None),
])
def test_r_acc_1_reminders_four_weeks_and_one_week_before(left, sent, due):
    assert rules.reminder_due(TODAY + dt.timedelta(days=left), sent, today=TODAY) == due


@given(st.integers(min_value=-5, max_value=60))
def test_r_acc_1_a_reminder_is_never_sent_twice(left):
    sent: list[int] = []
    day = TODAY
    until = TODAY + dt.timedelta(days=left)
    for _ in range(70):
        due = rules.reminder_due(until, sent, today=day)
        if due is not None:
            assert due not in sent
            sent.append(due)
        day += dt.timedelta(days=1)
    assert len(sent) == len(set(sent)) <= 2


def test_r_acc_2_self_grant_is_refused_by_id_and_by_email():
    with pytest.raises(PermissionDenied) as exc:
        rules.check_not_self(5, 5)
    assert exc.value.code == "access.grant.self"
    with pytest.raises(PermissionDenied):
        rules.check_not_self(5, grantee_email=" Maija@HY.fi", actor_email="maija@hy.fi")
    rules.check_not_self(5, 6)
    rules.check_not_self(5, grantee_email="other@hy.fi", actor_email="maija@hy.fi")


def test_r_acc_3_fewer_than_two_main_users_is_a_shortage():
    assert [rules.main_user_shortage(n) for n in (0, 1, 2, 3)] == [True, True, False, False]


def test_r_acc_4_application_only_when_no_main_user_is_left():
    assert rules.may_apply_for_access(0, True) is True
    assert rules.may_apply_for_access(1, True) is False
    assert rules.may_apply_for_access(0, False) is False


def test_r_acc_5_jotpa_main_user_grants_its_set_and_no_registry_data_access():
    assert rules.grantable_roles(["jotpa_main_user"], LINKS) == {
        "jotpa_main_user", "registry_main_user", "curriculum_main_user", "offering_editor"}
    with pytest.raises(PermissionDenied) as exc:
        rules.check_role_grantable("registrar", ["jotpa_main_user"], LINKS)
    assert exc.value.code == "access.grant.role_not_grantable"


def test_r_acc_1_grant_links_are_data():
    assert rules.grantable_roles(["main_user"], LINKS) == {"officer", "main_user"}
    assert rules.grantable_roles(["officer"], LINKS) == set()
    assert rules.grantable_roles(["officer"], [("officer", "report_viewer")]) == {"report_viewer"}


def test_invitation_is_one_time_and_expires():
    created = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    expires = rules.invitation_expires_at(created, 14)
    assert expires == dt.datetime(2026, 11, 15, 12, tzinfo=dt.UTC)
    assert rules.invitation_usable("open", expires, now=expires - dt.timedelta(seconds=1)) is None
    assert rules.invitation_usable("open", expires, now=expires) == "expired"
    assert rules.invitation_usable("accepted", expires, now=created) == "used"
    assert rules.invitation_usable("cancelled", expires, now=created) == "closed"
