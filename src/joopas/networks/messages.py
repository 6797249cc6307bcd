"""The networks' exchange message types, registered with the exchange at start-up (it imports every app's
`messages` module); the payload models are in `networks/message_schemas.py`.

- `CREATE_NETWORK_REQUEST` / `UPDATE_NETWORK_REQUEST` (RIPA v9 `network`) from the coordinating organisation's
  system, mapped onto the networks services: names, type, description, billing, the validity period and the
  members with their own validity (R-NET-1). Only the coordinating organisation — the sender — creates or
  changes its network; refusals name the field inside the message.
- `NETWORK_CREATED/UPDATED_NOTIFICATION` to the member organisations, built from the networks change log
  (`network_changes_notify`, a periodic task in `networks/tasks.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.core.errors import DomainError
from joopas.exchange.api import (
    EXAMPLE,
    Inbound,
    emit,
    example_envelope,
    locked_cursor,
    register_message_type,
    register_type_words,
    save_cursor,
)
from joopas.networks import api as networks
from joopas.networks import rules, services
from joopas.networks.codes import ErrorCode as NetworkError
from joopas.networks.data import NetworkRef
from joopas.networks.message_schemas import (
    CreateNetworkRequest,
    NetworkNotification,
    UpdateNetworkRequest,
    example_network,
    example_update,
)
from joopas.organisations.api import get_by_id, get_many, get_many_by_tk_code

__all__ = ["NetworkNotification", "create_network", "network_changes_notify", "network_payload", "update_network"]

CURSOR = "networks.changes"  # the exchange's progress marker in the change log (name kept from before)

NETWORK_TYPES = {"curriculum_level": "CURRICULUM_LEVEL", "freedom_of_choice": "FREEDOM_OF_CHOICE",
                 "joo_agreement": "JOO_AGREEMENT"}
TYPE_OF = {v: k for k, v in NETWORK_TYPES.items()}
NETWORK_KINDS = {"network_created": "NETWORK_CREATED_NOTIFICATION"} | dict.fromkeys(
    ("network_updated", "validity_changed", "member_added", "member_changed", "member_removed"),
    "NETWORK_UPDATED_NOTIFICATION")
# v9 fields Joopas has no column for: kept with the change they came in and passed on in its notification
KEPT = ("description", "targetGroups", "furtherInformation", "restrictions", "expenses", "published")


# --- notifications to the members ---------------------------------------------------------------------

def _day_start(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)).isoformat()


def _day_end(day: dt.date) -> str:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59))).isoformat()


def _validity(start: dt.date, end: dt.date | None) -> dict[str, Any]:
    if end is None:
        return {"continuity": "INDEFINITELY", "start": _day_start(start)}
    return {"continuity": "FIXED", "start": _day_start(start), "end": _day_end(end)}


def network_payload(net: NetworkRef, kept: dict[str, Any] | None = None) -> dict[str, Any]:
    """The network as its members are told; `kept`: the fields of the message that caused the change, as sent."""
    orgs = get_many([m.organisation_id for m in net.members])

    def tk(org_id: int) -> str:
        ref = orgs.get(org_id)
        return (ref.tk_code or ref.oid) if ref else str(org_id)

    periods = sorted(net.periods, key=lambda p: p.start)
    start = periods[0].start if periods else timezone.localdate()
    end = periods[-1].end if periods else None
    name = {k: v for k, v in {"fi": net.name_fi, "sv": net.name_sv, "en": net.name_en}.items() if v}
    body = {
        "id": net.code, "name": {"values": name}, "networkType": NETWORK_TYPES.get(net.network_type, "CURRICULUM_LEVEL"),
        "published": True, "validity": _validity(start, end),
        "organisations": [{"organisationTkCode": tk(m.organisation_id), "isCoordinator": m.is_coordinator,
                           "validityInNetwork": _validity(m.valid_from, m.valid_until)} for m in net.members]}
    body.update({k: v for k, v in (kept or {}).items() if k in KEPT})
    return {"network": body}


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
                     payload=network_payload(net, change.details.get("kept")), receivers=sorted(receivers),
                     reason=f"network change {change.id}: {change.kind}")
                emitted += 1
            after = change.id
        if after != start:
            save_cursor(CURSOR, str(after))
    return emitted


# --- requests from the coordinating organisation's system -------------------------------------------------

# the service's field → the field of the message (paths inside the payload)
_FIELD_PATH = {"code": "network/id", "name_fi": "network/name/values", "network_type": "network/networkType",
               "pricing_basis": "network/expenses/pricingBasis", "price_per_credit": "network/expenses/price",
               "validity": "network/validity", "valid_from": "network/validity/start",
               "organisations": "network/organisations", "organisation": "network/organisations",
               "coordinating_organisation": "network/organisations"}


def _refuse(path: str, message: str, code: str, status: int = 422) -> DomainError:
    return DomainError(message, code=code, status=status, details={"errors": [
        {"code": code, "path": path, "message": message}]})


@contextmanager
def _paths() -> Iterator[None]:
    """The networks services name their own fields; a refusal names the field of the message."""
    try:
        yield
    except DomainError as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        if isinstance(details.get("errors"), list):
            raise
        path = _FIELD_PATH.get(str(details.get("field", "")), "network")
        raise _refuse(path, str(exc.message), exc.code, exc.status) from None


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _period(validity: Any) -> tuple[dt.date, dt.date | None]:
    return _day(validity.start), (_day(validity.end) if validity.end is not None else None)


def _members(inbound: Inbound, organisations: list[Any]) -> list[rules.MemberTerm]:
    """The members named by Statistics Finland code; the sender among them as the coordinator (R-NET-1)."""
    found = get_many_by_tk_code([o.organisationTkCode for o in organisations])
    seen: set[int] = set()
    members = []
    for i, o in enumerate(organisations):
        ref = found.get(o.organisationTkCode)
        if ref is None:
            raise _refuse(f"network/organisations/{i}/organisationTkCode",
                          _("No organisation in Joopas has this Statistics Finland code."),
                          NetworkError.UNKNOWN_ORGANISATION)
        if ref.id in seen:
            raise _refuse(f"network/organisations/{i}/organisationTkCode",
                          _("The organisation is listed more than once."), NetworkError.DUPLICATE_MEMBER)
        seen.add(ref.id)
        start, end = _period(o.validityInNetwork)
        members.append(rules.MemberTerm(ref.id, start, end, o.isCoordinator))
    own = next((m for m in members if m.organisation_id == inbound.sender_id), None)
    if own is None or not own.is_coordinator:
        raise _refuse("network/organisations",
                      _("Your organisation must be in the network's organisations as its coordinator."),
                      NetworkError.SENDER_NOT_COORDINATOR, 403)
    return members


def _texts(prefix: str, value: Any) -> dict[str, str]:
    values = value.values if value is not None else None
    return {f"{prefix}_{lang}": (getattr(values, lang, None) or "") if values else "" for lang in ("fi", "sv", "en")}


def _fields(body: Any, sent: set[str]) -> dict[str, Any]:
    """The networks' own fields from the v9 fields sent (a left-out field does not change; null clears it)."""
    out: dict[str, Any] = {}
    if "name" in sent:
        if body.name is None:
            raise _refuse("network/name", _("A network needs its name."), NetworkError.REQUIRED_MISSING)
        values = body.name.values
        out |= _texts("name", body.name) | {"name_fi": values.fi or values.sv or values.en or ""}
    if "abbreviation" in sent:
        out["abbreviation"] = body.abbreviation or ""
    if "networkType" in sent:
        if body.networkType is None:
            raise _refuse("network/networkType", _("Unknown network type."), NetworkError.BAD_TYPE)
        out["network_type"] = TYPE_OF[body.networkType]
    if "description" in sent:
        out |= _texts("description", body.description)
    if "expenses" in sent:
        expenses = body.expenses
        if expenses is None or not expenses.pay:
            out |= {"pricing_basis": "free", "price_per_credit": None}
        elif expenses.pricingBasis == "EURO_PER_CREDIT":
            out |= {"pricing_basis": "euro_per_credit", "price_per_credit": Decimal(str(expenses.price))}
        else:
            raise _refuse("network/expenses/pricingBasis",
                          _("Joopas bills studies in a network per credit (EURO_PER_CREDIT) or not at all."),
                          NetworkError.UNSUPPORTED_PRICING)
    return out


def _kept(body: Any, sent: set[str]) -> dict[str, Any]:
    dumped = body.model_dump(mode="json", exclude_unset=True)
    return {k: dumped[k] for k in KEPT if k in sent and k in dumped}


def create_network(inbound: Inbound) -> None:
    """CREATE_NETWORK_REQUEST: the sender creates the network it coordinates."""
    p = inbound.payload
    assert isinstance(p, CreateNetworkRequest)
    body = p.network
    members = _members(inbound, body.organisations)
    sent = set(body.model_fields_set) | {"name", "networkType"}
    fields = _fields(body, sent)
    start, end = _period(body.validity)
    with _paths():
        services.network_create_from_system(sender_id=inbound.sender_id, code=body.id, fields=fields,
                                            valid_from=start, valid_until=end, members=members,
                                            kept=_kept(body, sent))


def update_network(inbound: Inbound) -> None:
    """UPDATE_NETWORK_REQUEST: only the fields sent change; `organisations` (when sent) is the whole member list
    and `validity` the network's one validity period."""
    p = inbound.payload
    assert isinstance(p, UpdateNetworkRequest)
    body: Any = p.network
    sent = set(body.model_fields_set)
    for field in ("organisations", "validity"):
        if field in sent and getattr(body, field) is None:
            raise _refuse(f"network/{field}", _("This field cannot be emptied."), NetworkError.REQUIRED_MISSING)
    members = _members(inbound, body.organisations) if "organisations" in sent else None
    with _paths():
        services.network_update_from_system(
            sender_id=inbound.sender_id, code=body.id, fields=_fields(body, sent),
            validity=_period(body.validity) if "validity" in sent else None, members=members,
            kept=_kept(body, sent))


def _has_tk_code(sender_id: int) -> bool:
    """Networks name their members by Statistics Finland code: an organisation without one cannot send them."""
    org = get_by_id(sender_id)
    return bool(org and org.tk_code)


# --- registration -------------------------------------------------------------------------------------

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
register_message_type("CREATE_NETWORK_REQUEST", CreateNetworkRequest, inbound=True, handler=create_network,
                      may_send=_has_tk_code, summary="Create a network your organisation coordinates",
                      example=example_envelope(40, "CREATE_NETWORK_REQUEST", {"network": example_network()}))
register_message_type("UPDATE_NETWORK_REQUEST", UpdateNetworkRequest, inbound=True, handler=update_network,
                      may_send=_has_tk_code,
                      summary="Change a network your organisation coordinates (only the fields sent change)",
                      example=example_envelope(41, "UPDATE_NETWORK_REQUEST", {"network": example_update()}))


# Words for people (the exchange pages and the integration guide, joopas.exchange.labels).
register_type_words("NETWORK_CREATED_NOTIFICATION", label=gettext_lazy("Notice: new network"),
                    sentence=gettext_lazy("%(sender)s told the members about a new network"),
                    description=gettext_lazy("You were included in a new network"))
register_type_words("NETWORK_UPDATED_NOTIFICATION", label=gettext_lazy("Notice: network changed"),
                    sentence=gettext_lazy("%(sender)s told the members about a changed network"),
                    description=gettext_lazy("A network you belong to changed"))
register_type_words("CREATE_NETWORK_REQUEST", label=gettext_lazy("New network"),
                    sentence=gettext_lazy("%(sender)s sent a new network"),
                    description=gettext_lazy("Create a network your organisation coordinates"))
register_type_words("UPDATE_NETWORK_REQUEST", label=gettext_lazy("Network update"),
                    sentence=gettext_lazy("%(sender)s sent a network update"),
                    description=gettext_lazy("Change a network your organisation coordinates"))
