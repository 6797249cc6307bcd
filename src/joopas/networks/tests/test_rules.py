"""Pure rule tests (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from joopas.core.errors import ValidationFailed
from joopas.networks import rules
from joopas.networks.data import MembershipRef, NetworkRef, PeriodRef, TargetingRef

D = dt.date
HOME, HOST, OTHER, OUTSIDER = 1, 2, 3, 9


def network(periods=((D(2025, 8, 1), D(2027, 7, 31)),), members=None) -> NetworkRef:  # type: ignore[no-untyped-def]
    members = members if members is not None else [
        (HOME, D(2025, 8, 1), None), (HOST, D(2025, 8, 1), D(2026, 7, 31)), (OTHER, D(2026, 1, 1), None)]
    return NetworkRef(
        id=10, code="N", name_fi="Verkosto", name_sv="", name_en="", network_type="curriculum_level",
        coordinating_organisation_id=HOME, pricing_basis="free", price_per_credit=None,
        periods=tuple(PeriodRef(s, e) for s, e in periods),
        members=tuple(MembershipRef(10, o, s, e, o == HOME) for o, s, e in members))


def targeting(pk: int, org: int, *, cu: int | None = None, r: int | None = None, start: dt.date = D(2025, 8, 1),
              end: dt.date | None = None, network_id: int = 10) -> TargetingRef:
    return TargetingRef(pk, network_id, org, cu, r, start, end, True)


# R-NET-1 ---------------------------------------------------------------------------------------------

def test_r_net_1_registration_allowed_when_network_and_both_members_valid() -> None:
    assert rules.registration_allowed_on(network(), HOME, HOST, D(2026, 3, 1)) is True


def test_r_net_1_refused_after_host_membership_ends() -> None:
    n = network()
    assert rules.registration_allowed_on(n, HOME, HOST, D(2026, 7, 31)) is True
    assert rules.registration_allowed_on(n, HOME, HOST, D(2026, 8, 1)) is False


def test_r_net_1_refused_before_member_joins() -> None:
    n = network()
    assert rules.registration_allowed_on(n, HOME, OTHER, D(2025, 12, 31)) is False
    assert rules.registration_allowed_on(n, HOME, OTHER, D(2026, 1, 1)) is True


def test_r_net_1_refused_outside_network_validity_even_for_open_ended_members() -> None:
    n = network(members=[(HOME, D(2020, 1, 1), None), (OTHER, D(2020, 1, 1), None)])
    assert rules.registration_allowed_on(n, HOME, OTHER, D(2025, 7, 31)) is False
    assert rules.registration_allowed_on(n, HOME, OTHER, D(2027, 8, 1)) is False


def test_r_net_1_network_with_two_periods_is_invalid_in_the_gap() -> None:
    n = network(periods=((D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 9, 1), None)),
                members=[(HOME, D(2020, 1, 1), None), (OTHER, D(2020, 1, 1), None)])
    assert [rules.registration_allowed_on(n, HOME, OTHER, d) for d in (D(2025, 6, 30), D(2025, 7, 15),
                                                                        D(2025, 9, 1), D(2040, 1, 1))] == \
        [True, False, True, True]


def test_r_net_1_refused_for_non_member() -> None:
    assert rules.registration_allowed_on(network(), HOME, OUTSIDER, D(2026, 3, 1)) is False
    assert rules.registration_allowed_on(network(), OUTSIDER, HOST, D(2026, 3, 1)) is False


# R-OFF-2 ---------------------------------------------------------------------------------------------

def test_r_off_2_eligible_offering_is_the_same_for_every_eligible_student() -> None:
    n = network()
    rows = [targeting(1, HOST, cu=100), targeting(2, HOST, r=200), targeting(3, OTHER, cu=300, start=D(2026, 2, 1))]
    day = D(2026, 3, 1)
    expected = frozenset({("course_unit", 100), ("realisation", 200), ("course_unit", 300)})
    assert rules.eligible_offering(n, rows, day) == expected
    # Students of any member see exactly the same offering: there is no narrower rule inside the network.
    assert rules.offering_open_to(n, rows, HOME, day) == expected
    assert rules.offering_open_to(n, rows, HOST, day) == expected
    assert rules.offering_open_to(n, rows, OTHER, day) == expected
    assert rules.offering_open_to(n, rows, OUTSIDER, day) == frozenset()


def test_r_off_2_offering_respects_targeting_and_membership_validity() -> None:
    n = network()
    rows = [targeting(1, HOST, cu=100), targeting(2, OTHER, r=200, end=D(2026, 5, 31)),
            targeting(3, HOST, cu=999, network_id=11)]
    assert rules.eligible_offering(n, rows, D(2026, 8, 1)) == frozenset()  # HOST left, OTHER's targeting ended
    assert rules.eligible_offering(n, rows, D(2026, 5, 31)) == frozenset({("course_unit", 100), ("realisation", 200)})
    assert rules.eligible_offering(n, rows, D(2027, 8, 1)) == frozenset()  # network no longer valid


def test_r_off_2_targeting_carries_no_eligibility() -> None:
    from dataclasses import fields

    assert [f.name for f in fields(TargetingRef)] == [
        "id", "network_id", "organisation_id", "course_unit_id", "realisation_id", "valid_from", "valid_until",
        "enrollable"]


# targeting, dates, billing ----------------------------------------------------------------------------

def test_targeting_allowed_only_for_valid_member_in_valid_network() -> None:
    n = network()
    rules.check_targeting_allowed(n, HOST, D(2026, 1, 1))
    with pytest.raises(ValidationFailed) as exc:
        rules.check_targeting_allowed(n, HOST, D(2026, 8, 1))
    assert exc.value.code == "networks.organiser_not_member"
    with pytest.raises(ValidationFailed) as exc:
        rules.check_targeting_allowed(n, OUTSIDER, D(2026, 1, 1))
    assert exc.value.code == "networks.organiser_not_member"
    with pytest.raises(ValidationFailed) as exc:
        rules.check_targeting_allowed(n, HOME, D(2028, 1, 1))
    assert exc.value.code == "networks.network_not_valid"


def test_dates_in_order() -> None:
    rules.check_dates(D(2026, 1, 1), D(2026, 1, 1))
    rules.check_dates(D(2026, 1, 1), None)
    with pytest.raises(ValidationFailed) as exc:
        rules.check_dates(D(2026, 1, 2), D(2026, 1, 1))
    assert (exc.value.code, exc.value.details) == ("networks.dates_out_of_order", {"field": "valid_until"})
    with pytest.raises(ValidationFailed) as exc:
        rules.check_dates(None, None)
    assert exc.value.code == "networks.start_missing"


@pytest.mark.parametrize(("basis", "price", "code"), [
    ("free", Decimal("1"), "networks.price_on_free"),
    ("euro_per_credit", None, "networks.price_missing"),
    ("euro_per_credit", Decimal("-0.01"), "networks.price_missing"),
    ("gratis", None, "networks.bad_pricing_basis"),
])
def test_billing_terms_refused(basis: str, price: Decimal | None, code: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        rules.check_billing(basis, price)
    assert exc.value.code == code


def test_billing_terms_accepted() -> None:
    rules.check_billing("free", None)
    rules.check_billing("euro_per_credit", Decimal("0"))
    rules.check_billing("euro_per_credit", Decimal("25.50"))


def test_coordinating_organisation_cannot_leave() -> None:
    with pytest.raises(ValidationFailed) as exc:
        rules.check_member_removable(network(), HOME)
    assert exc.value.code == "networks.coordinator_cannot_leave"
    rules.check_member_removable(network(), HOST)
