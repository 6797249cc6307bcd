"""Pure network rules (no ORM, no I/O); dates are parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import ValidationFailed
from joopas.networks.codes import ErrorCode
from joopas.networks.data import NetworkRef, TargetingRef


def check_dates(start: dt.date | None, end: dt.date | None, *, field: str = "valid_until") -> None:
    """A validity must start, and may not end before it starts."""
    if start is None:
        raise ValidationFailed(_("Give the start date."), code=ErrorCode.START_MISSING, details={"field": "valid_from"})
    if end is not None and end < start:
        raise ValidationFailed(_("The end date cannot be before the start date."), code=ErrorCode.DATES_OUT_OF_ORDER,
                               details={"field": field})


def check_billing(pricing_basis: str, price_per_credit: Decimal | None) -> None:
    """Billing terms: free (no price) or a non-negative price per credit in euros."""
    if pricing_basis == "free":
        if price_per_credit is not None:
            raise ValidationFailed(_("A free network has no price."), code=ErrorCode.PRICE_ON_FREE,
                                   details={"field": "price_per_credit"})
        return
    if pricing_basis == "euro_per_credit":
        if price_per_credit is None or price_per_credit < 0:
            raise ValidationFailed(_("Give a price per credit of zero euros or more."), code=ErrorCode.PRICE_MISSING,
                                   details={"field": "price_per_credit"})
        return
    raise ValidationFailed(_("Unknown billing basis."), code=ErrorCode.BAD_PRICING_BASIS,
                           details={"field": "pricing_basis"})


def registration_allowed_on(network: NetworkRef, home_org: int, host_org: int, day: dt.date) -> bool:
    """R-NET-1: a registration is valid only while the network is valid and both organisations are
    valid members of it on that date."""
    if not network.valid_on(day):
        return False
    for org in (home_org, host_org):
        membership = network.membership(org)
        if membership is None or not membership.valid_on(day):
            return False
    return True


def check_targeting_allowed(network: NetworkRef, organiser_id: int, start: dt.date) -> None:
    """The host targets its own offering only to a network that is valid, and where it is a valid member,
    on the day the targeting starts."""
    if not network.valid_on(start):
        raise ValidationFailed(_("The network is not valid on the start date of the targeting."),
                               code=ErrorCode.NETWORK_NOT_VALID, details={"field": "valid_from"})
    membership = network.membership(organiser_id)
    if membership is None or not membership.valid_on(start):
        raise ValidationFailed(
            _("The organiser of this offering is not a valid member of the network on the start date."),
            code=ErrorCode.ORGANISER_NOT_MEMBER, details={"field": "network"})


def eligible_offering(network: NetworkRef, targetings: Iterable[TargetingRef], day: dt.date) -> frozenset[tuple[str, int]]:
    """R-OFF-2: the offering of a network on a date. It depends on the network only — never on the
    student, programme or realisation — so it is the same for every eligible student of the network.
    Offering counts while the network is valid, the targeting is valid and its organiser is a valid member."""
    if not network.valid_on(day):
        return frozenset()
    result = set()
    for t in targetings:
        if t.network_id != network.id or not t.valid_on(day):
            continue
        membership = network.membership(t.organisation_id)
        if membership is not None and membership.valid_on(day):
            result.add(t.target)
    return frozenset(result)


def offering_open_to(network: NetworkRef, targetings: Iterable[TargetingRef], home_org: int,
                     day: dt.date) -> frozenset[tuple[str, int]]:
    """R-OFF-2: a student whose home organisation is a valid member sees the whole network offering;
    there is no narrower per-student, per-programme or per-realisation rule inside one network."""
    membership = network.membership(home_org)
    if membership is None or not membership.valid_on(day):
        return frozenset()
    return eligible_offering(network, targetings, day)


def check_member_removable(network: NetworkRef, organisation_id: int) -> None:
    """The coordinating organisation stays a member; change the coordinator first."""
    if organisation_id == network.coordinating_organisation_id:
        raise ValidationFailed(_("The coordinating organisation cannot leave the network."),
                               code=ErrorCode.COORDINATOR_CANNOT_LEAVE, details={"field": "organisation"})
