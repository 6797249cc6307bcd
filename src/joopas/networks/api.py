"""What other apps may ask of networks. Returns frozen dataclasses from `networks.data`.

Change feed for the exchange: every network, membership and targeting change appends a row to an
append-only log; `changes_since(cursor)` returns the rows after `cursor` (a row id; start from 0) with the
organisation ids that must be told. Keep the last id you processed as your cursor.

Reads that callers make for many networks have a batched form (`get_many`, `course_unit_ids_in_networks`):
their query count does not grow with the number of networks.

Apps above networks plug in at start-up: `register_offering_source` (the catalogue: what can be targeted),
`register_offering_listener` (told when targeting, membership or validity changes),
`register_eligible_rights_counter` (the rights app, R-NET-3).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q

from joopas.core.clock import today
from joopas.networks import hooks, offering, rules, selectors, services
from joopas.networks.data import (
    Impact,
    MembershipRef,
    NetworkChangeRef,
    NetworkRef,
    Offer,
    OfferingIds,
    PeriodRef,
    TargetingRef,
)
from joopas.networks.hooks import OfferingSource
from joopas.networks.models import Membership, Network, ValidityPeriod
from joopas.networks.rules import TargetTerm

if TYPE_CHECKING:
    from joopas.networks.models import Targeting

__all__ = [
    "Impact", "MembershipRef", "NetworkChangeRef", "NetworkRef", "Offer", "OfferingIds", "OfferingSource", "PeriodRef",
    "TargetTerm", "TargetingRef", "all_members", "catalogue_network_choices", "changes_since", "course_unit_ids_in_network",
    "course_unit_ids_in_networks", "eligible_offering", "get_many", "get_network", "list_networks",
    "members_affected_by_offering", "network_exists", "network_members", "network_with_members", "networks_for_offering",
    "networks_of_organisation", "offering_ids_for_network", "register_eligible_rights_counter",
    "register_offering_listener", "register_offering_source", "registration_allowed", "registration_allowed_on",
    "set_offering_networks", "targeted_in_network", "targetings_of_network", "unknown_network_identifiers",
]

register_eligible_rights_counter = hooks.register_eligible_rights_counter
register_offering_source = hooks.register_offering_source
register_offering_listener = hooks.register_offering_listener


def get_network(network_id_or_code: int | str) -> NetworkRef | None:
    """By database id or by the network's identifier (`code`, the RIPA `id`)."""
    found = selectors.find_network(network_id_or_code)
    return selectors.network_ref(found) if found else None


def get_many(network_ids: Iterable[int]) -> dict[int, NetworkRef]:
    """Id -> NetworkRef for the ids that exist; one query (plus two prefetches) however many ids."""
    return selectors.network_refs(network_ids)


def network_exists(network_id_or_code: int | str) -> bool:
    return selectors.find_network(network_id_or_code) is not None


def list_networks() -> list[NetworkRef]:
    return selectors.all_network_refs()


def network_members(network_id: int, on: dt.date | None = None) -> list[MembershipRef]:
    """Members valid on `on` (default today). Pass `on=None` explicitly via `all_members` for every member."""
    day = on or today()
    return [selectors.membership_ref(m) for m in selectors.members(network_id, day)]


def all_members(network_id: int) -> list[MembershipRef]:
    return [selectors.membership_ref(m) for m in selectors.members(network_id, None)]


def networks_of_organisation(organisation_id: int, on: dt.date | None = None) -> list[NetworkRef]:
    """Networks where the organisation is a member valid on `on` (default today)."""
    return [selectors.network_ref(n) for n in selectors.networks_of_organisation(organisation_id, on or today())]


def registration_allowed_on(network_id: int, home_org: int, host_org: int, day: dt.date) -> bool:
    """R-NET-1 for other apps (registrations): network valid and both organisations valid members on `day`."""
    network = get_network(network_id)
    return network is not None and rules.registration_allowed_on(network, home_org, host_org, day)


def network_with_members(code: str, organisation_ids: Iterable[int]) -> NetworkRef | None:
    """The network by its identifier with its validity periods but only these organisations' memberships — what
    R-NET-1 asks of a registration (home and host) — in two queries instead of three. Not for listing members."""
    rows = list(Membership.objects.select_related("network").filter(network__code=code,
                                                                    organisation_id__in=sorted(set(organisation_ids))))
    n = rows[0].network if rows else Network.objects.filter(code=code).first()
    if n is None:
        return None
    periods = tuple(PeriodRef(p.start, p.end) for p in ValidityPeriod.objects.filter(network_id=n.pk))
    return NetworkRef(id=n.pk, code=n.code, name_fi=n.name_fi, name_sv=n.name_sv, name_en=n.name_en,
                      network_type=n.network_type, coordinating_organisation_id=n.coordinating_organisation_id,
                      pricing_basis=n.pricing_basis, price_per_credit=n.price_per_credit, periods=periods,
                      members=tuple(selectors.membership_ref(m) for m in rows))


def registration_allowed(network: NetworkRef, home_org: int, host_org: int, day: dt.date) -> bool:
    """`registration_allowed_on` for a network already read (R-NET-1), without reading it again."""
    return rules.registration_allowed_on(network, home_org, host_org, day)


def targeted_in_network(network_id: int, *, realisation_ids: Iterable[int] = (), course_unit_ids: Iterable[int] = (),
                        on: dt.date | None = None) -> tuple[set[int], set[int]]:
    """Of these realisations and course units, those targeted to the network on `on` (default today), in one
    query: (realisation ids, course unit ids). As `networks_for_offering`, a realisation is offered when it or
    its course unit is targeted and the network is valid on the day (check that on the NetworkRef)."""
    reals, units = sorted(set(realisation_ids)), sorted(set(course_unit_ids))
    if not reals and not units:
        return set(), set()
    rows = selectors.targetings(network_id, on=on or today()).filter(
        Q(realisation_id__in=reals) | Q(course_unit_id__in=units)).values_list("realisation_id", "course_unit_id")
    found_reals, found_units = set(), set()
    for real, unit in rows:
        if real is not None:
            found_reals.add(real)
        if unit is not None:
            found_units.add(unit)
    return found_reals, found_units


def _course_unit_of(realisation_id: int) -> int | None:
    offer = offering.realisation(realisation_id)
    return offer.course_unit_id if offer else None


def networks_for_offering(course_unit_id: int | None = None, realisation_id: int | None = None,
                          on: dt.date | None = None) -> list[NetworkRef]:
    """Networks the offering is targeted to on `on` (default today). A realisation is in a network when it is
    targeted itself or its course unit is."""
    day = on or today()
    network_ids: set[int] = set()
    if course_unit_id is not None:
        network_ids.update(selectors.targetings(course_unit_id=course_unit_id, on=day).values_list("network_id",
                                                                                                   flat=True))
    if realisation_id is not None:
        network_ids.update(selectors.targetings(realisation_id=realisation_id, on=day).values_list("network_id",
                                                                                                   flat=True))
        unit = _course_unit_of(realisation_id) if course_unit_id is None else None
        if unit is not None:
            network_ids.update(selectors.targetings(course_unit_id=unit, on=day).values_list("network_id", flat=True))
    refs = get_many(network_ids)
    return [refs[n] for n in sorted(refs) if refs[n].valid_on(day)]


def members_affected_by_offering(course_unit_id: int | None = None, realisation_id: int | None = None) -> list[int]:
    """Organisation ids to notify when this offering changes: members (whose membership has not ended) of every
    network the offering — or, for a realisation, its course unit — is targeted to, whatever the targeting's dates."""
    rows = selectors.targetings(course_unit_id=course_unit_id) if course_unit_id is not None else None
    network_ids: set[int] = set(rows.values_list("network_id", flat=True)) if rows is not None else set()
    if realisation_id is not None:
        network_ids.update(selectors.targetings(realisation_id=realisation_id).values_list("network_id", flat=True))
        unit = _course_unit_of(realisation_id) if course_unit_id is None else None
        if unit is not None:
            network_ids.update(selectors.targetings(course_unit_id=unit).values_list("network_id", flat=True))
    if not network_ids:
        return []
    day = today()
    return sorted({m.organisation_id for m in selectors.members_of_networks(network_ids, None)
                   if m.valid_until is None or m.valid_until >= day})


def eligible_offering(network_id: int, on: dt.date | None = None) -> frozenset[tuple[str, int]]:
    """R-OFF-2: ("course_unit", id) / ("realisation", id) pairs open to every eligible student of the network."""
    network = get_network(network_id)
    if network is None:
        return frozenset()
    day = on or today()
    rows = [selectors.targeting_ref(t) for t in selectors.targetings(network_id, on=day)]
    return rules.eligible_offering(network, rows, day)


def offering_ids_for_network(network_id: int, on: dt.date | None = None) -> OfferingIds:
    """Course unit and realisation ids targeted to the network on `on` (catalogue search network filter).
    Realisations of targeted course units are not expanded here; the catalogue knows its own hierarchy."""
    pairs = eligible_offering(network_id, on)
    return OfferingIds(frozenset(i for k, i in pairs if k == "course_unit"),
                       frozenset(i for k, i in pairs if k == "realisation"))


def targetings_of_network(network_id: int, on: dt.date | None = None) -> list[TargetingRef]:
    return [selectors.targeting_ref(t) for t in selectors.targetings(network_id, on=on)]


def changes_since(cursor: int = 0, limit: int = 200, network_id: int | None = None) -> list[NetworkChangeRef]:
    """The append-only change log after `cursor` (exclusive), oldest first; the last row's id is the next cursor."""
    return [selectors.change_ref(c) for c in selectors.changes(network_id, after_id=cursor, limit=limit)]


# --- for the catalogue (search filter, import validation) ------------------------------------------------

def unknown_network_identifiers(identifiers: list[str]) -> list[str]:
    """Which of these network identifiers (codes or ids) do not exist (one query, plus two prefetches)."""
    found = selectors.find_networks(identifiers)
    return [i for i in identifiers if str(i) not in found]


def catalogue_network_choices() -> list[tuple[str, str]]:
    """(network code, name in the active language) for the catalogue's network filter."""
    from django.utils.translation import get_language

    lang = (get_language() or "fi")[:2]
    return [(n.code, n.name(lang)) for n in list_networks()]


def course_unit_ids_in_network(network_id_or_code: int | str, on: dt.date | None = None) -> list[int]:
    """Course units in the network's offering today: targeted themselves or through one of their realisations."""
    return course_unit_ids_in_networks([network_id_or_code], on)[str(network_id_or_code)]


def course_unit_ids_in_networks(identifiers: Iterable[int | str], on: dt.date | None = None) -> dict[str, list[int]]:
    """`course_unit_ids_in_network` for many networks (ids or codes) in a fixed number of queries: identifier (as
    str) -> sorted course unit ids; an unknown network has none."""
    wanted = [str(i) for i in dict.fromkeys(identifiers)]
    found = selectors.find_networks(wanted)
    day = on or today()
    rows_of: dict[int, list[Targeting]] = defaultdict(list)
    if found:
        for t in selectors.targetings(network_ids={n.pk for n in found.values()}, on=day):
            rows_of[t.network_id].append(t)
    out: dict[str, list[int]] = {}
    for ident in wanted:
        network = found.get(ident)
        if network is None:
            out[ident] = []
            continue
        rows = rows_of[network.pk]
        refs = [selectors.targeting_ref(t) for t in rows]
        open_targets = rules.eligible_offering(selectors.network_ref(network), refs, day)
        units = {t.course_unit_id for t in refs if ("course_unit", t.course_unit_id) in open_targets}
        units.update(t.realisation_unit_id for t in rows if ("realisation", t.realisation_id) in open_targets)
        out[ident] = sorted(u for u in units if u is not None)
    return out


# --- for the exchange's offering messages (the catalogue's cooperationNetworks) -----------------------------

def set_offering_networks(*, organisation_id: int, course_unit_id: int | None = None,
                          realisation_id: int | None = None, targets: list[TargetTerm]) -> None:
    """Target the organiser's course unit or realisation to exactly these networks (`cooperationNetworks` of a
    message; R-OFF-2, R-NET-1 on each). Refusals are `DomainError`s whose details name the `network` (its
    identifier) and the `field` (valid_from / valid_until / network). Writes, audits and logs (services)."""
    services.offering_networks_from_system(organisation_id=organisation_id, course_unit_id=course_unit_id,
                                           realisation_id=realisation_id, targets=targets)
