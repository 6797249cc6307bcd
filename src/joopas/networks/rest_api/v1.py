"""Networks API.

Reading networks (names, type, validity, members, eligibility rule, billing terms, contacts) and a
network's targeted offering is public: students and institutions need to know who cooperates with whom.
The change log is for users with a role in a member organisation. Management needs a logged-in session
(network coordinators, catalogue editors) and follows R-NET-3: `…/preview` returns the impact and a
`token`; the save must send that token as `confirm`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from joopas.core.clock import today
from joopas.core.errors import NotFound, PermissionDenied
from joopas.core.text import PLAIN
from joopas.networks import api as networks_api
from joopas.networks import policies, selectors, services
from joopas.networks.codes import ErrorCode
from joopas.networks.data import Impact
from joopas.networks.models import Network
from joopas.organisations import api as organisations_api

MOUNT = "/networks/"
router = Router(tags=["networks"])

# Every text field of a body is plain text (docs/security.md, "input policy"; the one validator,
# `joopas.core.text`): markup is refused with 422 naming the field, and nothing is stored.
Text = Annotated[str, PLAIN]
LongText = Annotated[str, Field(max_length=20_000), PLAIN]
NameText = Annotated[str, Field(max_length=200), PLAIN]


class LocalisedIn(Schema):
    fi: LongText
    sv: LongText
    en: LongText


class NameIn(Schema):
    fi: NameText
    sv: NameText
    en: NameText


class Localised(Schema):
    fi: str
    sv: str
    en: str


class PeriodOut(Schema):
    start: dt.date
    end: dt.date | None


class MemberOut(Schema):
    organisation_id: int
    organisation_oid: str
    organisation_name: Localised
    valid_from: dt.date
    valid_until: dt.date | None
    is_coordinator: bool


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class NetworkOut(Schema):
    id: int
    code: str
    name: Localised
    abbreviation: str
    network_type: str
    description: Localised
    coordinating_organisation_id: int
    eligibility: Localised
    pricing_basis: str
    price_per_credit: Decimal | None
    valid_today: bool
    validity: list[PeriodOut]
    members: list[MemberOut]
    contacts: list[ContactOut]


class NetworkPage(Schema):
    items: list[NetworkOut]
    next_cursor: int | None


class NetworkIn(Schema):
    code: Text = Field(..., max_length=40)
    name: NameIn
    abbreviation: Text = Field("", max_length=30)
    network_type: Text
    description: LocalisedIn | None = None
    coordinating_organisation_id: int
    eligibility: LocalisedIn | None = None
    pricing_basis: Text = "free"
    price_per_credit: Decimal | None = None
    valid_from: dt.date
    valid_until: dt.date | None = None


class NetworkPatch(Schema):
    name: NameIn | None = None
    abbreviation: Text | None = Field(None, max_length=30)
    network_type: Text | None = None
    description: LocalisedIn | None = None
    eligibility: LocalisedIn | None = None
    pricing_basis: Text | None = None
    price_per_credit: Decimal | None = None


class MembershipIn(Schema):
    organisation_id: int
    valid_from: dt.date
    valid_until: dt.date | None = None
    is_coordinator: bool = False
    confirm: Text | None = Field(None, description="the token of the preview (R-NET-3)")


class TargetingIn(Schema):
    course_unit_id: int | None = None
    realisation_id: int | None = None
    valid_from: dt.date
    valid_until: dt.date | None = None
    enrollable: bool = True
    confirm: Text | None = Field(None, description="the token of the preview (R-NET-3)")


class TargetingRemoveIn(Schema):
    course_unit_id: int | None = None
    realisation_id: int | None = None
    confirm: Text | None = None


class ImpactOut(Schema):
    realisations: int
    study_rights: int
    organisations: list[int]
    token: str


class TargetingOut(Schema):
    id: int
    network_id: int
    organisation_id: int
    course_unit_id: int | None
    realisation_id: int | None
    valid_from: dt.date
    valid_until: dt.date | None
    enrollable: bool


class OfferingOut(Schema):
    course_unit_ids: list[int]
    realisation_ids: list[int]


class ChangeOut(Schema):
    id: int
    network_id: int
    kind: str
    affected_organisation_ids: list[int]
    at: dt.datetime
    details: dict[str, Any]


def _loc(obj: Any, prefix: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{prefix}_{lang}") for lang in ("fi", "sv", "en")}


def _network_out(n: Network) -> dict[str, Any]:
    day = today()
    members = []
    for m in n.memberships.all():
        org = organisations_api.get_by_id(m.organisation_id)
        members.append({"organisation_id": m.organisation_id, "organisation_oid": org.oid if org else "",
                        "organisation_name": {"fi": org.name_fi, "sv": org.name_sv, "en": org.name_en} if org
                        else {"fi": "", "sv": "", "en": ""},
                        "valid_from": m.valid_from, "valid_until": m.valid_until, "is_coordinator": m.is_coordinator})
    periods = list(n.periods.all())
    return {
        "id": n.pk, "code": n.code, "name": _loc(n, "name"), "abbreviation": n.abbreviation,
        "network_type": n.network_type, "description": _loc(n, "description"),
        "coordinating_organisation_id": n.coordinating_organisation_id, "eligibility": _loc(n, "eligibility"),
        "pricing_basis": n.pricing_basis, "price_per_credit": n.price_per_credit,
        "valid_today": any(p.start <= day and (p.end is None or day <= p.end) for p in periods),
        "validity": [{"start": p.start, "end": p.end} for p in periods], "members": members,
        "contacts": [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone} for c in n.contacts.all()],
    }


def _network(id_or_code: str) -> Network:
    found = selectors.find_network(id_or_code)
    if found is None:
        raise NotFound(code=ErrorCode.NOT_FOUND)
    return found


def _impact(impact: Impact) -> dict[str, Any]:
    return {"realisations": impact.realisations, "study_rights": impact.study_rights,
            "organisations": list(impact.organisations), "token": impact.token}


def _texts(prefix: str, value: LocalisedIn | NameIn | None) -> dict[str, str]:
    if value is None:
        return {}
    return {f"{prefix}_{lang}": getattr(value, lang) for lang in ("fi", "sv", "en")}


# ---------------------------------------------------------------- public reads

@router.get("/", response=NetworkPage, auth=None, summary="Networks (public)")
def list_networks(request: HttpRequest, cursor: int = 0, limit: int = Query(50, ge=1, le=200)
                  ) -> dict[str, Any]:
    rows = list(selectors.networks_qs().prefetch_related("contacts").filter(pk__gt=cursor).order_by("pk")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [_network_out(n) for n in rows], "next_cursor": rows[-1].pk if more else None}


@router.get("/{network}", response=NetworkOut, auth=None, summary="One network by id or identifier (public)")
def get_network(request: HttpRequest, network: str) -> dict[str, Any]:
    return _network_out(_network(network))


@router.get("/{network}/offering", response=OfferingOut, auth=None,
            summary="Course units and realisations targeted to the network on a date (public)")
def network_offering(request: HttpRequest, network: str, on: dt.date | None = None) -> dict[str, Any]:
    ids = networks_api.offering_ids_for_network(_network(network).pk, on)
    return {"course_unit_ids": sorted(ids.course_unit_ids), "realisation_ids": sorted(ids.realisation_ids)}


@router.get("/{network}/changes", response=list[ChangeOut], auth=django_auth,
            summary="Change log, for users of member organisations (R-NET-3)")
def network_changes(request: HttpRequest, network: str, cursor: int = 0,
                    limit: int = Query(100, ge=1, le=500)) -> list[Any]:
    n = _network(network)
    if not policies.can_view_changes(request.user, n):
        raise PermissionDenied(code=ErrorCode.FORBIDDEN)
    return selectors.changes(n.pk, after_id=cursor, limit=limit)


# ---------------------------------------------------------------- management (session)

@router.post("/", response={201: NetworkOut}, auth=django_auth, summary="Create a network")
def create_network(request: HttpRequest, payload: NetworkIn) -> Any:
    n = services.network_create(
        actor=request.user, code=payload.code, name_fi=payload.name.fi, name_sv=payload.name.sv,
        name_en=payload.name.en, abbreviation=payload.abbreviation, network_type=payload.network_type,
        coordinating_organisation_id=payload.coordinating_organisation_id, valid_from=payload.valid_from,
        valid_until=payload.valid_until, pricing_basis=payload.pricing_basis,
        price_per_credit=payload.price_per_credit, **_texts("description", payload.description),
        **_texts("eligibility", payload.eligibility))
    return Status(201, _network_out(selectors.networks_qs().get(pk=n.pk)))


@router.patch("/{network}", response=NetworkOut, auth=django_auth, summary="Change a network's details")
def update_network(request: HttpRequest, network: str, payload: NetworkPatch) -> dict[str, Any]:
    n = _network(network)
    data = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {}
    for key in ("name", "description", "eligibility"):
        if data.get(key) is not None:
            changes.update(_texts(key, getattr(payload, key)))
    for key in ("abbreviation", "network_type", "pricing_basis", "price_per_credit"):
        if key in data:
            changes[key] = data[key]
    services.network_update(actor=request.user, network=n, **changes)
    return _network_out(selectors.networks_qs().get(pk=n.pk))


@router.post("/{network}/members/preview", response=ImpactOut, auth=django_auth,
             summary="Impact of adding or changing a member (R-NET-3)")
def preview_member(request: HttpRequest, network: str, payload: MembershipIn) -> dict[str, Any]:
    return _impact(services.preview_membership_change(
        actor=request.user, network=_network(network), organisation_id=payload.organisation_id,
        valid_from=payload.valid_from, valid_until=payload.valid_until, is_coordinator=payload.is_coordinator))


@router.post("/{network}/members", response=MemberOut, auth=django_auth,
             summary="Add or change a member; send the preview's token as `confirm`")
def save_member(request: HttpRequest, network: str, payload: MembershipIn) -> dict[str, Any]:
    n = _network(network)
    services.membership_save(actor=request.user, network=n, organisation_id=payload.organisation_id,
                             valid_from=payload.valid_from, valid_until=payload.valid_until,
                             is_coordinator=payload.is_coordinator, confirm=payload.confirm)
    out = _network_out(selectors.networks_qs().get(pk=n.pk))
    member: dict[str, Any] = next(m for m in out["members"] if m["organisation_id"] == payload.organisation_id)
    return member


@router.post("/{network}/members/{organisation_id}/remove/preview", response=ImpactOut, auth=django_auth,
             summary="Impact of removing a member (R-NET-3)")
def preview_remove_member(request: HttpRequest, network: str, organisation_id: int) -> dict[str, Any]:
    return _impact(services.preview_membership_change(actor=request.user, network=_network(network),
                                                      organisation_id=organisation_id, remove=True))


@router.post("/{network}/members/{organisation_id}/remove", response={204: None}, auth=django_auth,
             summary="Remove a member; `confirm` = the preview's token")
def remove_member(request: HttpRequest, network: str, organisation_id: int, confirm: str = "") -> Any:
    services.membership_remove(actor=request.user, network=_network(network), organisation_id=organisation_id,
                               confirm=confirm)
    return Status(204, None)


@router.post("/{network}/targetings/preview", response=ImpactOut, auth=django_auth,
             summary="Impact of targeting own offering to the network (R-NET-3)")
def preview_targeting(request: HttpRequest, network: str, payload: TargetingIn) -> dict[str, Any]:
    return _impact(services.preview_targeting_change(
        actor=request.user, network=_network(network), course_unit_id=payload.course_unit_id,
        realisation_id=payload.realisation_id, valid_from=payload.valid_from, valid_until=payload.valid_until,
        enrollable=payload.enrollable))


@router.post("/{network}/targetings", response=TargetingOut, auth=django_auth,
             summary="Target own course unit or realisation; send the preview's token as `confirm`")
def save_targeting(request: HttpRequest, network: str, payload: TargetingIn) -> Any:
    return services.targeting_save(
        actor=request.user, network=_network(network), course_unit_id=payload.course_unit_id,
        realisation_id=payload.realisation_id, valid_from=payload.valid_from, valid_until=payload.valid_until,
        enrollable=payload.enrollable, confirm=payload.confirm)


@router.post("/{network}/targetings/remove/preview", response=ImpactOut, auth=django_auth,
             summary="Impact of removing a targeting (R-NET-3)")
def preview_remove_targeting(request: HttpRequest, network: str, payload: TargetingRemoveIn) -> dict[str, Any]:
    return _impact(services.preview_targeting_change(
        actor=request.user, network=_network(network), course_unit_id=payload.course_unit_id,
        realisation_id=payload.realisation_id, remove=True))


@router.post("/{network}/targetings/remove", response={204: None}, auth=django_auth,
             summary="Remove a targeting; `confirm` = the preview's token")
def remove_targeting(request: HttpRequest, network: str, payload: TargetingRemoveIn) -> Any:
    services.targeting_remove(actor=request.user, network=_network(network), course_unit_id=payload.course_unit_id,
                              realisation_id=payload.realisation_id, confirm=payload.confirm)
    return Status(204, None)


