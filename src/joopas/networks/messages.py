"""The networks' exchange message types: NETWORK_CREATED / NETWORK_UPDATED notifications to the member
organisations, built from the networks change log (`network_changes_notify`, a periodic task in
`networks/tasks.py`). Registered with the exchange at start-up (it imports every app's `messages` module).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from pydantic import AwareDatetime

from joopas.exchange.api import (
    EXAMPLE,
    emit,
    example_envelope,
    locked_cursor,
    register_message_type,
    register_type_words,
    save_cursor,
)
from joopas.exchange.data import LocalisedString, NonEmpty, Strict
from joopas.networks import api as networks
from joopas.networks.data import NetworkRef
from joopas.organisations.api import get_many

CURSOR = "networks.changes"  # the exchange's progress marker in the change log (name kept from before)


class NetworkValidity(Strict):
    continuity: Literal["FIXED", "INDEFINITELY"]
    start: AwareDatetime
    end: AwareDatetime | None = None


class NetworkOrganisation(Strict):
    organisationTkCode: NonEmpty
    isCoordinator: bool
    validityInNetwork: NetworkValidity


class NetworkNotification(Strict):
    """A network was created or changed; sent to its member organisations."""

    network: NetworkBody


class NetworkBody(Strict):
    id: NonEmpty
    name: LocalisedString
    abbreviation: str | None = None
    networkType: Literal["CURRICULUM_LEVEL", "FREEDOM_OF_CHOICE", "JOO_AGREEMENT"]
    organisations: list[NetworkOrganisation]
    published: bool
    validity: NetworkValidity


NetworkNotification.model_rebuild()

NETWORK_TYPES = {"curriculum_level": "CURRICULUM_LEVEL", "freedom_of_choice": "FREEDOM_OF_CHOICE",
                 "joo_agreement": "JOO_AGREEMENT"}
NETWORK_KINDS = {"network_created": "NETWORK_CREATED_NOTIFICATION"} | dict.fromkeys(
    ("network_updated", "validity_changed", "member_added", "member_changed", "member_removed"),
    "NETWORK_UPDATED_NOTIFICATION")


def _day_start(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)).isoformat()


def _day_end(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))).isoformat()


def _validity(start: dt.date, end: dt.date | None) -> dict[str, Any]:
    if end is None:
        return {"continuity": "INDEFINITELY", "start": _day_start(start)}
    return {"continuity": "FIXED", "start": _day_start(start), "end": _day_end(end)}


def network_payload(net: NetworkRef) -> dict[str, Any]:
    orgs = get_many([m.organisation_id for m in net.members])

    def tk(org_id: int) -> str:
        ref = orgs.get(org_id)
        return (ref.tk_code or ref.oid) if ref else str(org_id)

    periods = sorted(net.periods, key=lambda p: p.start)
    start = periods[0].start if periods else timezone.localdate()
    end = periods[-1].end if periods else None
    name = {k: v for k, v in {"fi": net.name_fi, "sv": net.name_sv, "en": net.name_en}.items() if v}
    return {"network": {
        "id": net.code, "name": {"values": name}, "networkType": NETWORK_TYPES.get(net.network_type, "CURRICULUM_LEVEL"),
        "published": True, "validity": _validity(start, end),
        "organisations": [{"organisationTkCode": tk(m.organisation_id), "isCoordinator": m.is_coordinator,
                           "validityInNetwork": _validity(m.valid_from, m.valid_until)} for m in net.members]}}


def network_changes_notify(*, limit: int = 200) -> int:
    """NETWORK_CREATED / NETWORK_UPDATED notifications from the networks change log (exactly once:
    the cursor moves in the same transaction as the notifications are written)."""
    emitted = 0
    with transaction.atomic():
        after = int(locked_cursor(CURSOR) or 0)
        start = after
        for change in networks.changes_since(after, limit=limit):
            type_name = NETWORK_KINDS.get(change.kind)
            net = networks.get_network(change.network_id) if type_name else None
            if net is not None and type_name is not None:
                receivers = set(change.affected_organisation_ids) | {m.organisation_id for m in net.members}
                emit(sender_id=net.coordinating_organisation_id, type_name=type_name,
                     payload=network_payload(net), receivers=sorted(receivers),
                     reason=f"network change {change.id}: {change.kind}")
                emitted += 1
            after = change.id
        if after != start:
            save_cursor(CURSOR, str(after))
    return emitted


_NETWORK = {"network": {
    "id": EXAMPLE.network, "name": {"values": {"fi": "HY–Aalto JOO-verkosto", "en": "HY–Aalto flexible studies network"}},
    "networkType": "CURRICULUM_LEVEL", "published": True,
    "validity": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"},
    "organisations": [
        {"organisationTkCode": EXAMPLE.hy_tk, "isCoordinator": True,
         "validityInNetwork": {"continuity": "INDEFINITELY", "start": "2026-08-01T00:00:00+03:00"}},
        {"organisationTkCode": EXAMPLE.aalto_tk, "isCoordinator": False,
         "validityInNetwork": {"continuity": "FIXED", "start": "2026-08-01T00:00:00+03:00",
                               "end": "2028-07-31T23:59:59+03:00"}}]}}

register_message_type("NETWORK_CREATED_NOTIFICATION", NetworkNotification, inbound=False,
                      summary="You were included in a new network",
                      example=example_envelope(19, "NETWORK_CREATED_NOTIFICATION", _NETWORK))
register_message_type("NETWORK_UPDATED_NOTIFICATION", NetworkNotification, inbound=False,
                      summary="A network you belong to changed",
                      example=example_envelope(20, "NETWORK_UPDATED_NOTIFICATION", _NETWORK))


# Words for people (the exchange pages and the integration guide, joopas.exchange.labels).
register_type_words("NETWORK_CREATED_NOTIFICATION", label=gettext_lazy("Notice: new network"),
                    sentence=gettext_lazy("%(sender)s told the members about a new network"),
                    description=gettext_lazy("You were included in a new network"))
register_type_words("NETWORK_UPDATED_NOTIFICATION", label=gettext_lazy("Notice: network changed"),
                    sentence=gettext_lazy("%(sender)s told the members about a changed network"),
                    description=gettext_lazy("A network you belong to changed"))
