from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from joopas.core import identifiers as ids
from joopas.core.errors import ValidationFailed

SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


@st.composite
def hetus(draw: st.DrawFn) -> tuple[str, dt.date]:
    day = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[day.year // 100 * 100]))
    individual = draw(st.integers(min_value=2, max_value=999))
    birth = f"{day:%d%m}{day.year % 100:02d}"
    ind = f"{individual:03d}"
    return birth + sign + ind + ids.hetu_check_char(birth, ind), day


# --- hetu -------------------------------------------------------------------

def test_known_valid_hetus() -> None:
    assert ids.validate_hetu("131052-308T") == "131052-308T"
    assert ids.validate_hetu("010594Y9032") == "010594Y9032"  # 2023 sign for the 1900s
    assert ids.validate_hetu("010594Y9021") == "010594Y9021"
    assert ids.validate_hetu("020502E902X") == "020502E902X"  # 2023 sign for the 2000s
    assert ids.validate_hetu(" 131052-308t ") == "131052-308T"


def test_hetu_birth_date_uses_century_sign() -> None:
    assert ids.hetu_birth_date("010594Y9032") == dt.date(1994, 5, 1)
    assert ids.hetu_birth_date("020502E902X") == dt.date(2002, 5, 2)
    assert ids.hetu_is_temporary("010594Y9032") is True
    assert ids.hetu_is_temporary("131052-308T") is False


@pytest.mark.parametrize(("value", "code"), [
    ("", "identifier.hetu.format"),
    ("131052-308", "identifier.hetu.format"),
    ("131052G308T", "identifier.hetu.format"),     # G is no century sign
    ("131052-308U", "identifier.hetu.checksum"),
    ("310252-308T", "identifier.hetu.date"),        # 31 Feb
    ("290201A0028", "identifier.hetu.date"),        # 2001 is no leap year
    ("131052-001T", "identifier.hetu.individual"),
])
def test_bad_hetu_is_refused_with_a_stable_code(value: str, code: str) -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.validate_hetu(value)
    assert exc.value.code == code
    assert isinstance(exc.value, ValidationFailed)
    assert str(exc.value.message)


@given(hetus())
def test_property_generated_hetus_validate_and_give_their_birth_date(case: tuple[str, dt.date]) -> None:
    hetu, day = case
    assert ids.validate_hetu(hetu) == hetu
    assert ids.hetu_birth_date(hetu) == day


@given(hetus(), st.sampled_from(ids.HETU_CHECK_CHARS))
def test_property_any_other_check_char_is_refused(case: tuple[str, dt.date], other: str) -> None:
    hetu, _ = case
    if other == hetu[-1]:
        return
    assert ids.is_valid_hetu(hetu[:-1] + other) is False


def test_mask_hetu_keeps_only_the_date_part() -> None:
    assert ids.mask_hetu("131052-308T") == "131052-****"


# --- OID --------------------------------------------------------------------

def test_real_organisation_oids_validate() -> None:
    for oid in ("1.2.246.562.10.39218317368", "1.2.246.562.10.56753942459", "1.2.246.562.10.72255864398"):
        assert ids.validate_organisation_oid(oid) == oid


def test_person_oid_uses_7_3_1_check() -> None:
    # 1234567890 -> digits from the right weighted 7,3,1,...: sum 153 -> check digit 7.
    assert ids.make_oid(24, 1234567890) == "1.2.246.562.24.12345678907"
    assert ids.validate_person_oid("1.2.246.562.24.92333381381") == "1.2.246.562.24.92333381381"
    assert ids.is_valid_oid("1.2.246.562.24.92333381382") is False


@pytest.mark.parametrize(("value", "kind", "code"), [
    ("1.2.246.562.10.39218317369", ids.validate_organisation_oid, "identifier.oid.checksum"),
    ("1.2.246.562.24.39218317368", ids.validate_organisation_oid, "identifier.oid.node"),
    ("1.2.3.4", ids.validate_oid, "identifier.oid.format"),
    ("1.2.246.562.10.abc", ids.validate_oid, "identifier.oid.format"),
])
def test_bad_oid_is_refused(value: str, kind, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ids.InvalidIdentifier) as exc:
        kind(value)
    assert exc.value.code == code


@given(st.sampled_from([10, 24]), st.integers(min_value=10**9, max_value=10**10 - 1))
def test_property_made_oids_validate_and_a_changed_digit_does_not(node: int, number: int) -> None:
    oid = ids.make_oid(node, number)
    assert ids.validate_oid(oid, node=node) == oid
    last = int(oid[-1])
    assert ids.is_valid_oid(oid[:-1] + str((last + 1) % 10)) is False


# --- Y-tunnus -----------------------------------------------------------------

def test_real_business_ids_validate() -> None:
    assert ids.validate_business_id("0313471-7") == "0313471-7"   # University of Helsinki
    assert ids.validate_business_id("2228357-4") == "2228357-4"   # Aalto University
    assert ids.validate_business_id("245894-7") == "0245894-7"    # old form without the leading zero


@pytest.mark.parametrize(("value", "code"), [
    ("0313471-8", "identifier.business_id.checksum"),
    ("1234567", "identifier.business_id.format"),
    ("12345678-9", "identifier.business_id.format"),
    ("abcdefg-1", "identifier.business_id.format"),
])
def test_bad_business_id_is_refused(value: str, code: str) -> None:
    with pytest.raises(ids.InvalidIdentifier) as exc:
        ids.validate_business_id(value)
    assert exc.value.code == code


@given(st.integers(min_value=0, max_value=9_999_999))
def test_property_business_id_check_digit(number: int) -> None:
    digits = f"{number:07d}"
    check = ids.business_id_check_digit(digits)
    if check is None:  # remainder 1: no valid id exists for these digits
        assert not any(ids.is_valid_business_id(f"{digits}-{d}") for d in range(10))
    else:
        assert ids.is_valid_business_id(f"{digits}-{check}") is True
        assert ids.is_valid_business_id(f"{digits}-{(check + 1) % 10}") is False


def test_django_validator_raises_validation_error_with_code() -> None:
    with pytest.raises(ValidationError) as exc:
        ids.business_id_validator("0313471-8")
    assert exc.value.code == "identifier.business_id.checksum"
