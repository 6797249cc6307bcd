from decimal import Decimal

import pytest

from joopas.core.errors import IllegalTransition, ValidationFailed
from joopas.records import rules


def test_r_rec_2_a_grade_must_be_in_its_stated_scale() -> None:
    five = rules.NATIONAL_SCALES["0-5"]
    rules.check_grade(five, "4")
    with pytest.raises(ValidationFailed) as err:
        rules.check_grade(five, "6")
    assert (err.value.code, err.value.details) == ("records.grade_not_in_scale", {"path": "grade"})
    with pytest.raises(ValidationFailed):
        rules.check_grade(rules.NATIONAL_SCALES["ects"], "4")
    assert rules.NATIONAL_SCALES["pass-fail"].grades == ("HYL", "HYV")
    own = rules.custom_scales([("hy-7", ["1", "2", "3", "4", "5", "6", "7"], ["1"])])
    assert rules.scale_of("hy-7", own).grades[-1] == "7"
    with pytest.raises(ValidationFailed) as err:
        rules.scale_of("nope", own)
    assert err.value.code == "records.unknown_scale"


def test_r_rec_2_conversion_keeps_how_it_was_derived() -> None:
    table = ("0-5", {"F": "0", "E": "1", "D": "2", "C": "3", "B": "4", "A": "5"})
    assert rules.convert("B", "ects", table) == rules.Converted("4", "0-5", "ects B → 0-5 4 (conversion table)")
    assert rules.convert("B", "ects", None) == rules.Converted("", "", "no conversion table for ects")
    rules.check_mapping(rules.NATIONAL_SCALES["ects"], rules.NATIONAL_SCALES["0-5"], table[1])
    with pytest.raises(ValidationFailed) as err:
        rules.check_mapping(rules.NATIONAL_SCALES["ects"], rules.NATIONAL_SCALES["0-5"], {"A": "5"})
    assert err.value.details["missing"] == ["F", "E", "D", "C", "B"]
    with pytest.raises(ValidationFailed):
        rules.check_mapping(rules.NATIONAL_SCALES["1-3"], rules.NATIONAL_SCALES["0-5"], {"1": "1", "2": "3", "3": "9"})


def test_r_rec_3_record_status_table_and_credits() -> None:
    rules.check_record_transition("recorded", "corrected")
    rules.check_record_transition("corrected", "removed")
    with pytest.raises(IllegalTransition):
        rules.check_record_transition("removed", "corrected")
    rules.check_credits(Decimal("5"))
    for bad in (Decimal("0"), Decimal("-1"), Decimal("301")):
        with pytest.raises(ValidationFailed):
            rules.check_credits(bad)
