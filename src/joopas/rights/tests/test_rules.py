import datetime as dt

import pytest

from joopas.core.errors import IllegalTransition, ValidationFailed
from joopas.rights import rules
from joopas.rights.data import StudyRightRef

DAY = dt.date(2026, 11, 30)


def _right(**kw: object) -> StudyRightRef:
    values: dict = {"id": 1, "person_id": 1, "organisation_id": 1, "identifier": "SR-1", "kind": "home",
                    "status": "active", "start_date": dt.date(2024, 8, 1), "end_date": dt.date(2028, 7, 31),
                    "network_ids": frozenset({7})}
    values.update(kw)
    return StudyRightRef(**values)


def test_r_net_2_eligible_only_when_marked_for_the_network_and_in_force() -> None:
    assert rules.is_eligible(_right(), 7, DAY) is True
    assert rules.is_eligible(_right(), 8, DAY) is False  # not marked for network 8
    assert rules.is_eligible(_right(status="passivated"), 7, DAY) is False
    assert rules.is_eligible(_right(end_date=DAY - dt.timedelta(days=1)), 7, DAY) is False  # ended yesterday
    assert rules.is_eligible(_right(end_date=DAY), 7, DAY) is True  # the last day counts
    assert rules.is_eligible(_right(start_date=DAY + dt.timedelta(days=1)), 7, DAY) is False
    assert rules.is_eligible(_right(kind="host_official"), 7, DAY) is False  # only home rights register
    assert rules.eligible_count([_right(), _right(id=2, network_ids=frozenset()), _right(id=3)], 7, DAY) == 2


def test_r_reg_6_same_person_on_identity_code_or_learner_oid() -> None:
    assert rules.same_person("hetu:a", "", "hetu:a", "1.2.246.562.24.1") is True
    assert rules.same_person("", "1.2.246.562.24.1", "hetu:b", "1.2.246.562.24.1") is True
    assert rules.same_person("hetu:a", "1.2.246.562.24.1", "hetu:b", "1.2.246.562.24.2") is False
    assert rules.same_person("", "", "", "") is False  # nothing to match on is never a match


def test_status_transitions_are_a_table() -> None:
    rules.check_status_transition("option", "active")
    rules.check_status_transition("active", "passivated")
    rules.check_status_transition("passivated", "active")
    for final in ("ended", "forfeited"):
        with pytest.raises(IllegalTransition) as err:
            rules.check_status_transition(final, "active")
        assert err.value.code == "rights.study_right.illegal_transition"


def test_dates_identity_and_terms_are_checked() -> None:
    rules.check_dates(DAY, None)
    with pytest.raises(ValidationFailed) as err:
        rules.check_dates(DAY, DAY - dt.timedelta(days=1))
    assert (err.value.code, err.value.details) == ("rights.study_right.dates", {"path": "end_date"})
    with pytest.raises(ValidationFailed) as err:
        rules.check_identity(hetu_key="", learner_oid="")
    assert err.value.code == "rights.person.identity_required"
    with pytest.raises(ValidationFailed):
        rules.check_term(DAY, DAY)
