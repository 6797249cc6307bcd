"""What other apps may ask of networks. Returns frozen dataclasses from `networks.data`.

Change feed for the exchange: every network, membership and targeting change appends a row to an
append-only log; `changes_since(cursor)` returns the rows after `cursor` (a row id; start from 0) with the
organisation ids that must be told. Keep the last id you processed as your cursor.
"""

from __future__ import annotations

import datetime as dt

from joopas.core.clock import today
from joopas.networks import hooks, offering, rules, selectors
from joopas.networks.data import (
    Impact,
    MembershipRef,
    NetworkChangeRef,
    NetworkRef,
    OfferingIds,
    PeriodRef,
    TargetingRef,
)

__all__ = [
    "Impact", "MembershipRef", "NetworkChangeRef", "NetworkRef", "OfferingIds", "PeriodRef", "TargetingRef", "all_members",
    "catalogue_network_choices", "changes_since", "course_unit_ids_in_network", "eligible_offering", "get_network", "list_networks", "members_affected_by_offering",
    "network_exists", "network_members", "networks_for_offering", "networks_of_organisation",
    "offering_ids_for_network", "register_eligible_rights_counter", "registration_allowed_on", "targetings_of_network", "unknown_network_identifiers",
]

register_eligible_rights_counter = hooks.register_eligible_rights_counter


def get_network(network_id_or_code: int | str) -> NetworkRef | None:
    """By database id or by the network's identifier (`code`, the RIPA `id`)."""
    found = selectors.find_network(network_id_or_code)
    return selectors.network_ref(found) if found else None


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
    refs = [get_network(n) for n in sorted(network_ids)]
    return [r for r in refs if r is not None and r.valid_on(day)]


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
    day = today()
    result: set[int] = set()
    for network_id in network_ids:
        result.update(m.organisation_id for m in selectors.members(network_id, None)
                      if m.valid_until is None or m.valid_until >= day)
    return sorted(result)


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
    """Which of these network identifiers (codes or ids) do not exist."""
    return [i for i in identifiers if not network_exists(i)]


def catalogue_network_choices() -> list[tuple[str, str]]:
    """(network code, name in the active language) for the catalogue's network filter."""
    from django.utils.translation import get_language

    lang = (get_language() or "fi")[:2]
    return [(n.code, n.name(lang)) for n in list_networks()]


def course_unit_ids_in_network(network_id_or_code: int | str, on: dt.date | None = None) -> list[int]:
    """Course units in the network's offering today: targeted themselves or through one of their realisations."""
    network = get_network(network_id_or_code)
    if network is None:
        return []
    day = on or today()
    rows = [selectors.targeting_ref(t) for t in selectors.targetings(network.id, on=day)]
    open_targets = rules.eligible_offering(network, rows, day)
    units = {t.course_unit_id for t in rows if ("course_unit", t.course_unit_id) in open_targets}
    units.update(t.realisation_unit_id for t in selectors.targetings(network.id, on=day)
                 if ("realisation", t.realisation_id) in open_targets)
    return sorted(u for u in units if u is not None)
