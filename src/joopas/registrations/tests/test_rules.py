import datetime as dt

import pytest

from joopas.core.errors import Conflict, IllegalTransition, PermissionDenied, ValidationFailed
from joopas.registrations import rules
from joopas.registrations.rules import SelectionFacts

OK = SelectionFacts(realisation_id=1, offered_in_network=True, enrolment_open=True, duplicate=False)


def _check(**kw: object) -> None:
    values: dict = {"network_valid": True, "right_eligible": True, "home_is_host": False, "selections": [OK]}
    values.update(kw)
    rules.check_registration(**values)


@pytest.mark.parametrize(("kw", "code", "exc"), [
    ({"selections": []}, "registrations.no_selections", ValidationFailed),
    ({"home_is_host": True}, "registrations.own_institution", ValidationFailed),
    ({"network_valid": False}, "registrations.network_not_valid", ValidationFailed),
    ({"right_eligible": False}, "registrations.right_not_eligible", ValidationFailed),
    ({"selections": [OK, SelectionFacts(2, False, True, False)]}, "registrations.not_offered_in_network",
     ValidationFailed),
    ({"selections": [SelectionFacts(2, True, False, False)]}, "registrations.enrolment_closed", ValidationFailed),
    ({"selections": [SelectionFacts(2, True, True, True)]}, "registrations.duplicate", Conflict),
])
def test_r_reg_1_each_condition_refuses_with_its_reason(kw: dict, code: str, exc: type) -> None:
    _check()  # all conditions met
    with pytest.raises(exc) as err:
        _check(**kw)
    assert err.value.code == code


def test_r_reg_3_host_right_ends_31_july_of_the_realisations_academic_year() -> None:
    assert rules.host_right_end(dt.date(2021, 4, 15), None) == dt.date(2021, 7, 31)
    assert rules.host_right_end(dt.date(2021, 7, 31), None) == dt.date(2021, 7, 31)
    assert rules.host_right_end(dt.date(2021, 8, 1), None) == dt.date(2022, 7, 31)
    assert rules.host_right_end(dt.date(2021, 12, 15), None) == dt.date(2022, 7, 31)
    # never after the home study right ends
    assert rules.host_right_end(dt.date(2021, 4, 15), dt.date(2021, 5, 31)) == dt.date(2021, 5, 31)
    assert rules.host_right_end(dt.date(2021, 4, 15), dt.date(2024, 7, 31)) == dt.date(2021, 7, 31)


def test_r_reg_4_cancellation() -> None:
    rules.check_cancellation(rules.PENDING, enrolment_open_now=False)  # before acceptance: any time
    rules.check_cancellation(rules.ACCEPTED, enrolment_open_now=True)  # after: only while enrolment is open
    with pytest.raises(PermissionDenied) as err:
        rules.check_cancellation(rules.ACCEPTED, enrolment_open_now=False)
    assert err.value.code == "registrations.selection.contact_host"
    with pytest.raises(IllegalTransition):
        rules.check_cancellation(rules.REJECTED, enrolment_open_now=True)


def test_r_reg_5_provisional_right_expires_after_the_hosts_period() -> None:
    day = dt.date(2026, 9, 1)
    assert rules.provisional_expired(day, day + dt.timedelta(days=59)) is False
    assert rules.provisional_expired(day, day + dt.timedelta(days=60)) is True
    assert rules.provisional_expired(day, day + dt.timedelta(days=20), days=20) is True


def test_selection_statuses_follow_the_table() -> None:
    rules.check_selection_transition(rules.PENDING, rules.ACCEPTED)
    rules.check_selection_transition(rules.ACCEPTED, rules.ABORTED_BY_TEACHER)
    with pytest.raises(IllegalTransition):
        rules.check_selection_transition(rules.REJECTED, rules.ACCEPTED)
    rules.check_decision(True, "")
    with pytest.raises(ValidationFailed) as err:
        rules.check_decision(False, "  ")
    assert err.value.code == "registrations.selection.reason_required"
