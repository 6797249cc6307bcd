"""Networks for tests, built through the models (services are tested separately)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from joopas.core.clock import today
from joopas.networks.models import Membership, Network, Targeting, ValidityPeriod

_seq = itertools.count(1)


def make_network(coordinator: Any, members: list[Any] = (), *, start: dt.date | None = None,  # type: ignore[assignment]
                 end: dt.date | None = None, **fields: Any) -> Network:
    n = next(_seq)
    start = start or today() - dt.timedelta(days=100)
    data: dict[str, Any] = {"code": f"NET-{n}", "name_fi": f"Verkosto {n}", "name_sv": f"Nätverk {n}",
                            "name_en": f"Network {n}", "network_type": "curriculum_level",
                            "coordinating_organisation_id": getattr(coordinator, "pk", coordinator)}
    data.update(fields)
    network = Network.objects.create(**data)
    ValidityPeriod.objects.create(network=network, start=start, end=end)
    Membership.objects.create(network=network, organisation_id=network.coordinating_organisation_id,
                              valid_from=start, is_coordinator=True)
    for org in members:
        Membership.objects.create(network=network, organisation_id=getattr(org, "pk", org), valid_from=start)
    return network


def make_targeting(network: Network, *, course_unit: Any = None, realisation: Any = None,
                   valid_from: dt.date | None = None, valid_until: dt.date | None = None,
                   enrollable: bool = True) -> Targeting:
    target = course_unit or realisation
    return Targeting.objects.create(
        network=network, organisation_id=target.organisation_id,
        course_unit_id=course_unit.pk if course_unit is not None else None,
        realisation_id=realisation.pk if realisation is not None else None,
        realisation_unit_id=realisation.course_unit_id if realisation is not None else None,
        valid_from=valid_from or today() - dt.timedelta(days=10), valid_until=valid_until, enrollable=enrollable)
