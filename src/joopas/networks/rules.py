"""Pure network rules (no ORM, no I/O); dates are parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import PermissionDenied, ValidationFailed
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


# ---------------------------------------------------------------- networks from an institution's system

@dataclass(frozen=True)
class MemberTerm:
    """One member of a network as a message states it: the organisation, its validity and coordinator flag."""

    organisation_id: int
    valid_from: dt.date
    valid_until: dt.date | None
    is_coordinator: bool


def check_sender_coordinates(sender_id: int, members: Iterable[MemberTerm]) -> None:
    """R-NET-1 (who belongs, and when): a network sent from a system lists its sender — the coordinating
    organisation — as a coordinating member; the sender cannot create or keep a network it does not coordinate."""
    own = next((m for m in members if m.organisation_id == sender_id), None)
    if own is None or not own.is_coordinator:
        raise PermissionDenied(_("Your organisation must be in the network's organisations as its coordinator."),
                               code=ErrorCode.SENDER_NOT_COORDINATOR, details={"field": "organisations"})


def member_changes(current: Iterable[MemberTerm], wanted: Iterable[MemberTerm]
                   ) -> tuple[list[MemberTerm], list[MemberTerm], list[int]]:
    """R-NET-1: the memberships a full member list makes: (added, changed, removed organisation ids)."""
    now = {m.organisation_id: m for m in current}
    new = {m.organisation_id: m for m in wanted}
    added = [m for org, m in new.items() if org not in now]
    changed = [m for org, m in new.items() if org in now and now[org] != m]
    removed = sorted(org for org in now if org not in new)
    return added, changed, removed


@dataclass(frozen=True)
class TargetTerm:
    """A network an element is offered in, as its organiser's system states it (RIPA `cooperationNetworks`)."""

    network: str  # the network's identifier
    valid_from: dt.date
    valid_until: dt.date | None
    enrollable: bool


def targeting_day(term: TargetTerm, day: dt.date) -> dt.date:
    """R-NET-1: the day an offering from a system is checked on — the day the message is handled, or the start of
    the offering when that is later."""
    return max(day, term.valid_from)
