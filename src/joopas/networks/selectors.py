"""Reads for pages, the API and other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from joopas.networks.data import MembershipRef, NetworkChangeRef, NetworkRef, PeriodRef, TargetingRef
from joopas.networks.models import Membership, Network, NetworkChange, Targeting


def _valid_on(qs: QuerySet, day: dt.date, start: str = "valid_from", end: str = "valid_until") -> QuerySet:
    return qs.filter(**{f"{start}__lte": day}).filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def membership_ref(m: Membership) -> MembershipRef:
    return MembershipRef(m.network_id, m.organisation_id, m.valid_from, m.valid_until, m.is_coordinator)


def network_ref(n: Network) -> NetworkRef:
    return NetworkRef(
        id=n.pk, code=n.code, name_fi=n.name_fi, name_sv=n.name_sv, name_en=n.name_en,
        network_type=n.network_type, coordinating_organisation_id=n.coordinating_organisation_id,
        pricing_basis=n.pricing_basis, price_per_credit=n.price_per_credit,
        periods=tuple(PeriodRef(p.start, p.end) for p in n.periods.all()),
        members=tuple(membership_ref(m) for m in n.memberships.all()),
    )


def targeting_ref(t: Targeting) -> TargetingRef:
    return TargetingRef(t.pk, t.network_id, t.organisation_id, t.course_unit_id, t.realisation_id, t.valid_from,
                        t.valid_until, t.enrollable)


def networks_qs() -> QuerySet[Network]:
    return Network.objects.prefetch_related("periods", "memberships")


def find_network(network_id_or_code: int | str) -> Network | None:
    qs = networks_qs()
    if isinstance(network_id_or_code, int) or str(network_id_or_code).isdigit():
        found = qs.filter(pk=int(network_id_or_code)).first()
        if found is not None:
            return found
    return qs.filter(code=str(network_id_or_code)).first()


def find_networks(identifiers: Iterable[int | str]) -> dict[str, Network]:
    """`find_network` for many identifiers in one query (plus the prefetches): identifier (as str) -> network.
    Unknown identifiers are left out."""
    wanted = [str(i) for i in dict.fromkeys(identifiers)]
    if not wanted:
        return {}
    pks = [int(i) for i in wanted if i.isdigit()]
    found = list(networks_qs().filter(Q(pk__in=pks) | Q(code__in=wanted)))
    by_pk = {n.pk: n for n in found}
    by_code = {n.code: n for n in found}
    out: dict[str, Network] = {}
    for ident in wanted:
        hit = by_pk.get(int(ident)) if ident.isdigit() else None
        hit = hit or by_code.get(ident)
        if hit is not None:
            out[ident] = hit
    return out


def network_refs(network_ids: Iterable[int]) -> dict[int, NetworkRef]:
    """Id -> NetworkRef for the ids that exist, in one query plus the prefetches."""
    ids = sorted(set(network_ids))
    if not ids:
        return {}
    return {n.pk: network_ref(n) for n in networks_qs().filter(pk__in=ids)}


def get_network_ref(network_id: int) -> NetworkRef | None:
    n = networks_qs().filter(pk=network_id).first()
    return network_ref(n) if n else None


def all_network_refs() -> list[NetworkRef]:
    return [network_ref(n) for n in networks_qs()]


def networks_of_organisation(organisation_id: int, on: dt.date | None) -> list[Network]:
    member_qs = Membership.objects.filter(organisation_id=organisation_id)
    if on is not None:
        member_qs = _valid_on(member_qs, on)
    return list(networks_qs().filter(pk__in=member_qs.values("network_id")))


def is_member(network: Network, organisation_ids: Iterable[int], on: dt.date | None = None) -> bool:
    qs = network.memberships.filter(organisation_id__in=list(organisation_ids))
    if on is not None:
        qs = _valid_on(qs, on)
    return qs.exists()


def members_of_networks(network_ids: Iterable[int], on: dt.date | None) -> list[Membership]:
    qs = Membership.objects.filter(network_id__in=sorted(set(network_ids)))
    if on is not None:
        qs = _valid_on(qs, on)
    return list(qs)


def members(network_id: int, on: dt.date | None) -> list[Membership]:
    qs = Membership.objects.filter(network_id=network_id)
    if on is not None:
        qs = _valid_on(qs, on)
    return list(qs)


def member_ids(network_id: int, on: dt.date | None = None) -> list[int]:
    return sorted({m.organisation_id for m in members(network_id, on)})


def targetings(network_id: int | None = None, *, organisation_id: int | None = None,
               course_unit_id: int | None = None, realisation_id: int | None = None,
               on: dt.date | None = None, network_ids: Iterable[int] | None = None) -> QuerySet[Targeting]:
    qs = Targeting.objects.all()
    if network_id is not None:
        qs = qs.filter(network_id=network_id)
    if network_ids is not None:
        qs = qs.filter(network_id__in=sorted(set(network_ids)))
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    if course_unit_id is not None:
        qs = qs.filter(course_unit_id=course_unit_id)
    if realisation_id is not None:
        qs = qs.filter(realisation_id=realisation_id)
    if on is not None:
        qs = _valid_on(qs, on)
    return qs


def changes(network_id: int | None = None, *, after_id: int = 0, limit: int = 200) -> list[NetworkChange]:
    qs = NetworkChange.objects.filter(id__gt=after_id)
    if network_id is not None:
        qs = qs.filter(network_id=network_id)
    return list(qs.order_by("id")[:limit])


def recent_changes(network_id: int, limit: int = 100) -> list[NetworkChange]:
    return list(NetworkChange.objects.filter(network_id=network_id).select_related("network").order_by("-id")[:limit])


def change_ref(c: NetworkChange) -> NetworkChangeRef:
    return NetworkChangeRef(c.pk, c.network_id, c.kind, tuple(c.affected_organisation_ids), c.at, dict(c.details))


# ---------------------------------------------------------------- pages

def network_list() -> list[Network]:
    return list(networks_qs().order_by("name_fi", "id"))


def network_for_page(pk: int) -> Network | None:
    return networks_qs().prefetch_related("contacts").filter(pk=pk).first()


def networks_where_member(organisation_ids: list[int], on: dt.date) -> list[Network]:
    member_qs = _valid_on(Membership.objects.filter(organisation_id__in=organisation_ids), on)
    return list(networks_qs().filter(pk__in=member_qs.values("network_id")).order_by("name_fi", "id"))


def targetings_of_organisations(organisation_ids: list[int]) -> list[Targeting]:
    return list(Targeting.objects.filter(organisation_id__in=organisation_ids).select_related("network")
                .order_by("network__name_fi", "id"))
