"""The only writers of the networks app.

Every service runs in one transaction, checks the policy and the rules before writing, writes an audit
row and appends a `NetworkChange` (R-NET-3: visible to every member; read by the exchange through
`networks.api.changes_since`). Targeting and membership changes need the confirmation token of their
impact preview (R-NET-3).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from joopas.core import audit
from joopas.core.clock import today
from joopas.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from joopas.core.transitions import locked
from joopas.networks import hooks, offering, policies, rules, selectors
from joopas.networks.codes import ErrorCode, Event
from joopas.networks.data import Impact
from joopas.networks.models import (
    ChangeKind,
    ContactPerson,
    Membership,
    Network,
    NetworkChange,
    NetworkType,
    PricingBasis,
    Targeting,
    ValidityPeriod,
)
from joopas.organisations.api import get_by_id

NETWORK_FIELDS = ("name_fi", "name_sv", "name_en", "abbreviation", "network_type", "description_fi",
                  "description_sv", "description_en", "eligibility_fi", "eligibility_sv", "eligibility_en",
                  "pricing_basis", "price_per_credit")


# ---------------------------------------------------------------- helpers

def _deny() -> PermissionDenied:
    return PermissionDenied(_("You do not have permission to change this network."), code=ErrorCode.FORBIDDEN)


def _check_organisation(organisation_id: int | None, field: str = "organisation") -> int:
    if organisation_id is None or get_by_id(int(organisation_id)) is None:
        raise ValidationFailed(_("Unknown organisation."), code=ErrorCode.UNKNOWN_ORGANISATION,
                               details={"field": field})
    return int(organisation_id)


def _lock(network: Network) -> Network:
    return locked(Network.objects.all(), not_found_code=ErrorCode.NOT_FOUND, pk=network.pk)


def _log(network: Network, kind: str, actor: Any, affected: list[int] | set[int], details: dict[str, Any]) -> None:
    offering.catalogue_search_changed()  # every logged change can move offering in or out of a network filter
    NetworkChange.objects.create(
        network=network, kind=kind, affected_organisation_ids=sorted(set(affected)),
        details=json.loads(json.dumps(details, default=str)),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "email", "") or "",
    )


def _audience(network: Network) -> set[int]:
    """Members who see the change: everyone whose membership has not ended."""
    day = today()
    return {m.organisation_id for m in network.memberships.all() if m.valid_until is None or m.valid_until >= day}


def _last_change_id(network: Network) -> int:
    last = NetworkChange.objects.filter(network_id=network.pk).order_by("-id").values_list("id", flat=True).first()
    return int(last or 0)


def _token(network: Network, change: dict[str, Any], realisations: int, rights: int, orgs: tuple[int, ...]) -> str:
    payload = json.dumps({"n": network.pk, "state": _last_change_id(network), "change": change,
                          "impact": [realisations, rights, list(orgs)]}, sort_keys=True, default=str)
    return salted_hmac("joopas.networks.impact", payload).hexdigest()[:32]


def _check_confirmation(impact: Impact, confirm: str | None) -> None:
    """R-NET-3: the save quotes the token of the preview the user saw; a different impact needs a new look."""
    details = {"realisations": impact.realisations, "study_rights": impact.study_rights,
               "organisations": list(impact.organisations), "token": impact.token}
    if not confirm:
        raise ValidationFailed(_("Review the impact of the change and confirm it."),
                               code=ErrorCode.CONFIRMATION_REQUIRED, details=details)
    if not constant_time_compare(confirm, impact.token):
        raise Conflict(_("The impact of the change has changed since you reviewed it. Review it again."),
                       code=ErrorCode.IMPACT_CHANGED, details=details)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


# ---------------------------------------------------------------- networks

def network_create(*, actor: Any, code: str, name_fi: str, network_type: str, coordinating_organisation_id: int,
                   valid_from: dt.date | None, valid_until: dt.date | None = None, name_sv: str = "",
                   name_en: str = "", abbreviation: str = "", description_fi: str = "", description_sv: str = "",
                   description_en: str = "", eligibility_fi: str = "", eligibility_sv: str = "",
                   eligibility_en: str = "", pricing_basis: str = PricingBasis.FREE,
                   price_per_credit: Decimal | None = None) -> Network:
    """A new network; its coordinating organisation becomes its first, coordinating member."""
    org_id = _check_organisation(coordinating_organisation_id, "coordinating_organisation")
    if not policies.can_create_network(actor, org_id):
        raise _deny()
    code = (code or "").strip()
    if not code or not (name_fi or "").strip():
        raise ValidationFailed(_("Give the identifier and the Finnish name."), code=ErrorCode.REQUIRED_MISSING,
                               details={"field": "code" if not code else "name_fi"})
    if network_type not in NetworkType.values:
        raise ValidationFailed(_("Unknown network type."), code=ErrorCode.BAD_TYPE, details={"field": "network_type"})
    rules.check_dates(valid_from, valid_until)
    rules.check_billing(pricing_basis, price_per_credit)
    assert valid_from is not None
    with transaction.atomic():
        if Network.objects.filter(code=code).exists():
            raise Conflict(_("A network with this identifier already exists."), code=ErrorCode.CODE_TAKEN,
                           details={"field": "code"})
        network = Network.objects.create(
            code=code, name_fi=name_fi.strip(), name_sv=name_sv, name_en=name_en, abbreviation=abbreviation,
            network_type=network_type, coordinating_organisation_id=org_id, description_fi=description_fi,
            description_sv=description_sv, description_en=description_en, eligibility_fi=eligibility_fi,
            eligibility_sv=eligibility_sv, eligibility_en=eligibility_en, pricing_basis=pricing_basis,
            price_per_credit=price_per_credit)
        ValidityPeriod.objects.create(network=network, start=valid_from, end=valid_until)
        Membership.objects.create(network=network, organisation_id=org_id, valid_from=valid_from,
                                  valid_until=valid_until, is_coordinator=True)
        after = _snapshot(network, ("code", *NETWORK_FIELDS))
        audit.record(Event.NETWORK_CREATED, actor=actor, subject=network, after=after)
        _log(network, ChangeKind.NETWORK_CREATED, actor, [org_id], {"code": code})
    return network


def network_update(*, actor: Any, network: Network, **changes: Any) -> Network:
    """Names, descriptions, type, the eligibility rule (R-OFF-2: one per network) and billing terms."""
    unknown = set(changes) - set(NETWORK_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field."), code=ErrorCode.UNKNOWN_FIELD, details={"fields": sorted(unknown)})
    if not policies.can_manage_network(actor, network):
        raise _deny()
    with transaction.atomic():
        network = _lock(network)
        before = _snapshot(network, NETWORK_FIELDS)
        merged = {**before, **changes}
        if not (merged["name_fi"] or "").strip():
            raise ValidationFailed(_("Give the Finnish name."), code=ErrorCode.REQUIRED_MISSING,
                                   details={"field": "name_fi"})
        if merged["network_type"] not in NetworkType.values:
            raise ValidationFailed(_("Unknown network type."), code=ErrorCode.BAD_TYPE,
                                   details={"field": "network_type"})
        if merged["pricing_basis"] == PricingBasis.FREE:
            merged["price_per_credit"] = None if "price_per_credit" not in changes else merged["price_per_credit"]
        rules.check_billing(merged["pricing_basis"], merged["price_per_credit"])
        changed = {k: v for k, v in merged.items() if before[k] != v}
        if not changed:
            return network
        for key, value in changed.items():
            setattr(network, key, value)
        network.save()
        audit.record(Event.NETWORK_UPDATED, actor=actor, subject=network, before=before,
                     after=_snapshot(network, NETWORK_FIELDS))
        _log(network, ChangeKind.NETWORK_UPDATED, actor, _audience(network), {"fields": sorted(changed)})
    return network


def period_add(*, actor: Any, network: Network, start: dt.date | None, end: dt.date | None) -> ValidityPeriod:
    if not policies.can_manage_network(actor, network):
        raise _deny()
    rules.check_dates(start, end, field="end")
    assert start is not None
    with transaction.atomic():
        network = _lock(network)
        for p in network.periods.all():
            if start <= (p.end or dt.date.max) and p.start <= (end or dt.date.max):
                raise ValidationFailed(_("The period overlaps another validity period of the network."),
                                       code=ErrorCode.PERIOD_OVERLAP, details={"field": "start"})
        period = ValidityPeriod.objects.create(network=network, start=start, end=end)
        audit.record(Event.PERIOD_ADDED, actor=actor, subject=network, after={"start": start, "end": end})
        _log(network, ChangeKind.VALIDITY_CHANGED, actor, _audience(network),
             {"added": {"start": start, "end": end}})
    return period


def period_update(*, actor: Any, network: Network, period_id: int, start: dt.date | None,
                  end: dt.date | None) -> ValidityPeriod:
    if not policies.can_manage_network(actor, network):
        raise _deny()
    rules.check_dates(start, end, field="end")
    assert start is not None
    with transaction.atomic():
        network = _lock(network)
        period = network.periods.filter(pk=period_id).first()
        if period is None:
            raise NotFound(_("The validity period was not found."), code=ErrorCode.PERIOD_NOT_FOUND)
        for p in network.periods.exclude(pk=period_id):
            if start <= (p.end or dt.date.max) and p.start <= (end or dt.date.max):
                raise ValidationFailed(_("The period overlaps another validity period of the network."),
                                       code=ErrorCode.PERIOD_OVERLAP, details={"field": "start"})
        before = {"start": period.start, "end": period.end}
        period.start, period.end = start, end
        period.save()
        audit.record(Event.PERIOD_CHANGED, actor=actor, subject=network, before=before,
                     after={"start": start, "end": end})
        _log(network, ChangeKind.VALIDITY_CHANGED, actor, _audience(network),
             {"before": before, "after": {"start": start, "end": end}})
    return period


def contact_add(*, actor: Any, network: Network, name: str, role: str = "", email: str = "", phone: str = "",
                organisation_id: int | None = None) -> ContactPerson:
    if not policies.can_manage_network(actor, network):
        raise _deny()
    if not (name or "").strip():
        raise ValidationFailed(_("Give the name of the contact person."), code=ErrorCode.REQUIRED_MISSING,
                               details={"field": "name"})
    if organisation_id is not None:
        _check_organisation(organisation_id)
    with transaction.atomic():
        contact = ContactPerson.objects.create(network=network, name=name.strip(), role=role, email=email,
                                               phone=phone, organisation_id=organisation_id)
        audit.record(Event.CONTACT_ADDED, actor=actor, subject=network, after={"name": contact.name})
        _log(network, ChangeKind.CONTACTS_CHANGED, actor, _audience(network), {"added": contact.name})
    return contact


def contact_remove(*, actor: Any, network: Network, contact_id: int) -> None:
    if not policies.can_manage_network(actor, network):
        raise _deny()
    with transaction.atomic():
        contact = network.contacts.filter(pk=contact_id).first()
        if contact is None:
            raise NotFound(_("The contact person was not found."), code=ErrorCode.CONTACT_NOT_FOUND)
        name = contact.name
        contact.delete()
        audit.record(Event.CONTACT_REMOVED, actor=actor, subject=network, before={"name": name})
        _log(network, ChangeKind.CONTACTS_CHANGED, actor, _audience(network), {"removed": name})


# ---------------------------------------------------------------- memberships (R-NET-3)

def _membership_impact(network: Network, change: dict[str, Any]) -> Impact:
    """A member joining, leaving or changing validity affects its own offering in the network (the realisations
    other members' students see) and its own students' eligible study rights."""
    org_id = change["organisation_id"]
    rows = selectors.targetings(network.pk, organisation_id=org_id)
    unit_ids = [t.course_unit_id for t in rows if t.course_unit_id is not None]
    realisations = {t.realisation_id for t in rows if t.realisation_id is not None}
    realisations.update(offering.realisation_ids_for_units(unit_ids))
    rights = hooks.eligible_rights_count(network.pk, [org_id])
    orgs = tuple(sorted(_audience(network) | {org_id}))
    return Impact(len(realisations), rights, orgs, _token(network, change, len(realisations), rights, orgs))


def _membership_change(organisation_id: int | None, valid_from: dt.date | None, valid_until: dt.date | None,
                       is_coordinator: bool, remove: bool) -> dict[str, Any]:
    if remove:
        valid_from = valid_until = None
        is_coordinator = False
    return {"what": "membership", "organisation_id": organisation_id, "valid_from": valid_from,
            "valid_until": valid_until, "is_coordinator": bool(is_coordinator), "remove": bool(remove)}


def _validate_membership(network: Network, change: dict[str, Any]) -> None:
    _check_organisation(change["organisation_id"])
    if change["remove"]:
        if not network.memberships.filter(organisation_id=change["organisation_id"]).exists():
            raise NotFound(_("The organisation is not a member of this network."), code=ErrorCode.NOT_MEMBER)
        rules.check_member_removable(selectors.network_ref(network), change["organisation_id"])
    else:
        rules.check_dates(change["valid_from"], change["valid_until"])
        if change["organisation_id"] == network.coordinating_organisation_id and not change["is_coordinator"]:
            raise ValidationFailed(_("The coordinating organisation stays a coordinating member."),
                                   code=ErrorCode.COORDINATOR_FLAG_REQUIRED, details={"field": "is_coordinator"})


def preview_membership_change(*, actor: Any, network: Network, organisation_id: int | None,
                              valid_from: dt.date | None = None, valid_until: dt.date | None = None,
                              is_coordinator: bool = False, remove: bool = False) -> Impact:
    """R-NET-3: how many realisations and eligible study rights a membership change affects, and the token
    that the save must quote."""
    if not policies.can_manage_network(actor, network):
        raise _deny()
    change = _membership_change(organisation_id, valid_from, valid_until, is_coordinator, remove)
    _validate_membership(network, change)
    return _membership_impact(network, change)


def membership_save(*, actor: Any, network: Network, organisation_id: int | None, valid_from: dt.date | None,
                    valid_until: dt.date | None = None, is_coordinator: bool = False,
                    confirm: str | None = None) -> Membership:
    """Add a member or change its validity / coordinator flag, after the preview was confirmed (R-NET-3)."""
    if not policies.can_manage_network(actor, network):
        raise _deny()
    change = _membership_change(organisation_id, valid_from, valid_until, is_coordinator, False)
    with transaction.atomic():
        network = _lock(network)
        _validate_membership(network, change)
        _check_confirmation(_membership_impact(network, change), confirm)
        assert organisation_id is not None and valid_from is not None
        membership = network.memberships.filter(organisation_id=organisation_id).first()
        before = None
        if membership is None:
            membership = Membership(network=network, organisation_id=organisation_id)
            kind = ChangeKind.MEMBER_ADDED
        else:
            before = {"valid_from": membership.valid_from, "valid_until": membership.valid_until,
                      "is_coordinator": membership.is_coordinator}
            kind = ChangeKind.MEMBER_CHANGED
        membership.valid_from, membership.valid_until = valid_from, valid_until
        membership.is_coordinator = bool(is_coordinator)
        membership.save()
        after = {"valid_from": valid_from, "valid_until": valid_until, "is_coordinator": bool(is_coordinator)}
        audit.record(Event.of_change(kind), actor=actor, subject=membership, before=before, after=after)
        _log(network, kind, actor, _audience(network) | {organisation_id},
             {"organisation_id": organisation_id, "before": before, "after": after})
    return membership


def membership_remove(*, actor: Any, network: Network, organisation_id: int | None,
                      confirm: str | None = None) -> None:
    if not policies.can_manage_network(actor, network):
        raise _deny()
    change = _membership_change(organisation_id, None, None, False, True)
    with transaction.atomic():
        network = _lock(network)
        _validate_membership(network, change)
        _check_confirmation(_membership_impact(network, change), confirm)
        audience = _audience(network) | {int(organisation_id or 0)}
        membership = network.memberships.get(organisation_id=int(organisation_id or 0))
        before = {"valid_from": membership.valid_from, "valid_until": membership.valid_until,
                  "is_coordinator": membership.is_coordinator}
        audit.record(Event.MEMBER_REMOVED, actor=actor, subject=membership, before=before)
        membership.delete()
        _log(network, ChangeKind.MEMBER_REMOVED, actor, audience, {"organisation_id": organisation_id,
                                                                   "before": before})


# ---------------------------------------------------------------- targeting (R-OFF-2, R-NET-3)

def _offer(course_unit_id: int | None, realisation_id: int | None) -> offering.Offer:
    if (course_unit_id is None) == (realisation_id is None):
        raise ValidationFailed(_("Choose either a course unit or a realisation."), code=ErrorCode.TARGET_MISSING,
                               details={"field": "target"})
    found = (offering.course_unit(course_unit_id) if course_unit_id is not None
             else offering.realisation(int(realisation_id or 0)))
    if found is None:
        raise ValidationFailed(_("The course unit or realisation was not found."), code=ErrorCode.UNKNOWN_OFFERING,
                               details={"field": "target"})
    return found


def _targeting_change(network: Network, offer: offering.Offer, valid_from: dt.date | None,
                      valid_until: dt.date | None, enrollable: bool, remove: bool) -> dict[str, Any]:
    if remove:  # a removal is the same change whatever dates the caller passed along
        valid_from = valid_until = None
        enrollable = False
    return {"what": "targeting", "network": network.pk, "kind": offer.kind, "id": offer.id,
            "valid_from": valid_from, "valid_until": valid_until, "enrollable": bool(enrollable),
            "remove": bool(remove)}


def _targeting_impact(network: Network, offer: offering.Offer, change: dict[str, Any]) -> Impact:
    """A targeting change affects the realisations of the offering (all realisations of a course unit, or the one
    realisation) and the eligible study rights of every member's students (R-OFF-2: the same offering is open to
    every eligible student of the network)."""
    if offer.kind == "course_unit":
        realisations = len(set(offering.realisation_ids_for_units([offer.id])))
    else:
        realisations = 1
    audience = _audience(network)
    rights = hooks.eligible_rights_count(network.pk, sorted(audience))
    orgs = tuple(sorted(audience))
    return Impact(realisations, rights, orgs, _token(network, change, realisations, rights, orgs))


def _validate_targeting(actor: Any, network: Network, offer: offering.Offer, change: dict[str, Any]) -> None:
    if not policies.can_target_offering(actor, offer.organisation_id):
        raise PermissionDenied(_("Only the organiser of the offering can target it to networks."),
                               code=ErrorCode.NOT_ORGANISER)
    if change["remove"]:
        if not _existing_targeting(network, offer):
            raise NotFound(_("The offering is not targeted to this network."), code=ErrorCode.TARGETING_NOT_FOUND)
        return
    rules.check_dates(change["valid_from"], change["valid_until"])
    rules.check_targeting_allowed(selectors.network_ref(network), offer.organisation_id, change["valid_from"])


def _existing_targeting(network: Network, offer: offering.Offer) -> Targeting | None:
    if offer.kind == "course_unit":
        return network.targetings.filter(course_unit_id=offer.id).first()
    return network.targetings.filter(realisation_id=offer.id).first()


def preview_targeting_change(*, actor: Any, network: Network, course_unit_id: int | None = None,
                             realisation_id: int | None = None, valid_from: dt.date | None = None,
                             valid_until: dt.date | None = None, enrollable: bool = True,
                             remove: bool = False) -> Impact:
    """R-NET-3: before a targeting is saved the editor sees how many realisations and eligible study rights
    it affects; the returned token must be quoted by `targeting_save` / `targeting_remove`."""
    offer = _offer(course_unit_id, realisation_id)
    change = _targeting_change(network, offer, valid_from, valid_until, enrollable, remove)
    _validate_targeting(actor, network, offer, change)
    return _targeting_impact(network, offer, change)


def targeting_save(*, actor: Any, network: Network, course_unit_id: int | None = None,
                   realisation_id: int | None = None, valid_from: dt.date | None, valid_until: dt.date | None = None,
                   enrollable: bool = True, confirm: str | None = None) -> Targeting:
    """Target the host's own course unit or realisation to a network where it is a valid member (R-OFF-2)."""
    offer = _offer(course_unit_id, realisation_id)
    change = _targeting_change(network, offer, valid_from, valid_until, enrollable, False)
    with transaction.atomic():
        network = _lock(network)
        _validate_targeting(actor, network, offer, change)
        _check_confirmation(_targeting_impact(network, offer, change), confirm)
        assert valid_from is not None
        targeting = _existing_targeting(network, offer)
        before = None
        if targeting is None:
            targeting = Targeting(network=network, organisation_id=offer.organisation_id,
                                  course_unit_id=offer.id if offer.kind == "course_unit" else None,
                                  realisation_id=offer.id if offer.kind == "realisation" else None,
                                  realisation_unit_id=offer.course_unit_id)
            kind = ChangeKind.TARGETING_ADDED
        else:
            before = {"valid_from": targeting.valid_from, "valid_until": targeting.valid_until,
                      "enrollable": targeting.enrollable}
            kind = ChangeKind.TARGETING_CHANGED
        targeting.valid_from, targeting.valid_until, targeting.enrollable = valid_from, valid_until, bool(enrollable)
        try:
            with transaction.atomic():
                targeting.save()
        except IntegrityError as exc:  # a concurrent save of the same target
            raise Conflict(_("The offering was targeted at the same time by someone else. Review it again."),
                           code=ErrorCode.TARGETING_CONFLICT) from exc
        after = {"valid_from": valid_from, "valid_until": valid_until, "enrollable": bool(enrollable)}
        audit.record(Event.of_change(kind), actor=actor, subject=targeting, before=before, after=after)
        _log(network, kind, actor, _audience(network),
             {"target": offer.kind, "id": offer.id, "code": offer.code, "organisation_id": offer.organisation_id,
              "before": before, "after": after})
    return targeting


def targeting_remove(*, actor: Any, network: Network, course_unit_id: int | None = None,
                     realisation_id: int | None = None, confirm: str | None = None) -> None:
    offer = _offer(course_unit_id, realisation_id)
    change = _targeting_change(network, offer, None, None, False, True)
    with transaction.atomic():
        network = _lock(network)
        _validate_targeting(actor, network, offer, change)
        _check_confirmation(_targeting_impact(network, offer, change), confirm)
        targeting = _existing_targeting(network, offer)
        assert targeting is not None
        before = {"valid_from": targeting.valid_from, "valid_until": targeting.valid_until,
                  "enrollable": targeting.enrollable}
        audit.record(Event.TARGETING_REMOVED, actor=actor, subject=targeting, before=before)
        targeting.delete()
        _log(network, ChangeKind.TARGETING_REMOVED, actor, _audience(network),
             {"target": offer.kind, "id": offer.id, "code": offer.code, "organisation_id": offer.organisation_id,
              "before": before})


# ---------------------------------------------------------------- networks from an institution's system

def _members_of(network: Network) -> list[rules.MemberTerm]:
    return [rules.MemberTerm(m.organisation_id, m.valid_from, m.valid_until, m.is_coordinator)
            for m in network.memberships.all()]


def _check_members(sender_id: int, members: list[rules.MemberTerm]) -> None:
    rules.check_sender_coordinates(sender_id, members)
    for m in members:
        _check_organisation(m.organisation_id, "organisations")
        rules.check_dates(m.valid_from, m.valid_until, field="organisations")


def _checked_fields(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The network's fields with `changes` applied, checked as `network_update` checks them."""
    unknown = set(changes) - set(NETWORK_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field."), code=ErrorCode.UNKNOWN_FIELD, details={"fields": sorted(unknown)})
    merged = {**base, **changes}
    if not (merged["name_fi"] or "").strip():
        raise ValidationFailed(_("Give the Finnish name."), code=ErrorCode.REQUIRED_MISSING, details={"field": "name_fi"})
    if merged["network_type"] not in NetworkType.values:
        raise ValidationFailed(_("Unknown network type."), code=ErrorCode.BAD_TYPE, details={"field": "network_type"})
    rules.check_billing(merged["pricing_basis"], merged["price_per_credit"])
    return merged


def network_create_from_system(*, sender_id: int, code: str, fields: dict[str, Any], valid_from: dt.date,
                               valid_until: dt.date | None, members: list[rules.MemberTerm],
                               kept: dict[str, Any] | None = None) -> Network:
    """CREATE_NETWORK_REQUEST: a network sent by its coordinating organisation's system. The sender (a trusted
    caller: the exchange authenticated it) becomes the coordinating organisation and must be listed as a
    coordinating member; every member gets its own validity (R-NET-1). One change-log row tells the members;
    `kept` (fields the network has no column for, as sent) goes with it and into its notification."""
    sender_id = _check_organisation(sender_id, "organisations")
    _check_members(sender_id, members)
    rules.check_dates(valid_from, valid_until, field="validity")
    base = dict.fromkeys(NETWORK_FIELDS, "") | {"pricing_basis": PricingBasis.FREE, "price_per_credit": None}
    data = _checked_fields(base, fields)
    code = (code or "").strip()
    if not code:
        raise ValidationFailed(_("Give the identifier and the Finnish name."), code=ErrorCode.REQUIRED_MISSING,
                               details={"field": "code"})
    with transaction.atomic():
        if Network.objects.filter(code=code).exists():
            raise Conflict(_("A network with this identifier already exists."), code=ErrorCode.CODE_TAKEN,
                           details={"field": "code"})
        network = Network.objects.create(code=code, coordinating_organisation_id=sender_id, **data)
        ValidityPeriod.objects.create(network=network, start=valid_from, end=valid_until)
        Membership.objects.bulk_create([Membership(network=network, organisation_id=m.organisation_id,
                                                   valid_from=m.valid_from, valid_until=m.valid_until,
                                                   is_coordinator=m.is_coordinator) for m in members])
        sender = get_by_id(sender_id)
        audit.record(Event.NETWORK_CREATED, organisation=sender.oid if sender else "", subject=network,
                     after={**_snapshot(network, ("code", *NETWORK_FIELDS)), "validity": [valid_from, valid_until],
                            "members": [m.__dict__ for m in members], "from": "exchange"})
        _log(network, ChangeKind.NETWORK_CREATED, None, [m.organisation_id for m in members],
             {"code": code, "from": "exchange", "kept": kept or {}})
    return network


def network_update_from_system(*, sender_id: int, code: str, fields: dict[str, Any],
                               validity: tuple[dt.date, dt.date | None] | None = None,
                               members: list[rules.MemberTerm] | None = None,
                               kept: dict[str, Any] | None = None) -> Network:
    """UPDATE_NETWORK_REQUEST: only what is sent changes. Only the coordinating organisation changes its network.
    `validity` replaces the network's validity periods by that one period; `members` is the whole member list
    (members left out leave the network; the sender stays as its coordinator, R-NET-1). One change-log row."""
    found = Network.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no network with this identifier."), code=ErrorCode.NOT_FOUND,
                       details={"field": "code"})
    with transaction.atomic():
        network = _lock(found)
        if not policies.system_may_change_network(sender_id, network):
            raise PermissionDenied(_("Only the network's coordinating organisation can change it."),
                                   code=ErrorCode.SENDER_NOT_COORDINATOR, details={"field": "code"})
        if members is not None:
            _check_members(sender_id, members)
        if validity is not None:
            rules.check_dates(validity[0], validity[1], field="validity")
        before = _snapshot(network, NETWORK_FIELDS)
        merged = _checked_fields(before, fields)
        if merged["pricing_basis"] == PricingBasis.FREE and "price_per_credit" not in fields:
            merged["price_per_credit"] = None
        audience = _audience(network)
        changed = sorted(k for k, v in merged.items() if before[k] != v)
        details: dict[str, Any] = {"from": "exchange"}
        sender = get_by_id(sender_id)
        oid = sender.oid if sender else ""
        if changed:
            for key in changed:
                setattr(network, key, merged[key])
            network.save()
            audit.record(Event.NETWORK_UPDATED, organisation=oid, subject=network, before=before,
                         after=_snapshot(network, NETWORK_FIELDS))
            details["fields"] = changed
        periods = [(p.start, p.end) for p in network.periods.all()]
        if validity is not None and periods != [validity]:
            network.periods.all().delete()
            ValidityPeriod.objects.create(network=network, start=validity[0], end=validity[1])
            audit.record(Event.PERIOD_CHANGED, organisation=oid, subject=network, before={"periods": periods},
                         after={"start": validity[0], "end": validity[1]})
            details["validity"] = {"before": periods, "after": list(validity)}
        removed: list[int] = []
        if members is not None:
            added, altered, removed = rules.member_changes(_members_of(network), members)
            for m in [*added, *altered]:
                row = network.memberships.filter(organisation_id=m.organisation_id).first()
                prior = None if row is None else {"valid_from": row.valid_from, "valid_until": row.valid_until,
                                                  "is_coordinator": row.is_coordinator}
                row = row or Membership(network=network, organisation_id=m.organisation_id)
                row.valid_from, row.valid_until, row.is_coordinator = m.valid_from, m.valid_until, m.is_coordinator
                row.save()
                audit.record(Event.MEMBER_ADDED if prior is None else Event.MEMBER_CHANGED, organisation=oid,
                             subject=row, before=prior, after={"valid_from": m.valid_from,
                                                               "valid_until": m.valid_until,
                                                               "is_coordinator": m.is_coordinator})
            for org_id in removed:
                row = network.memberships.get(organisation_id=org_id)
                audit.record(Event.MEMBER_REMOVED, organisation=oid, subject=row,
                             before={"valid_from": row.valid_from, "valid_until": row.valid_until,
                                     "is_coordinator": row.is_coordinator})
                row.delete()
            if added or altered or removed:
                details["members"] = {"added": [m.organisation_id for m in added],
                                      "changed": [m.organisation_id for m in altered], "removed": removed}
        if kept:
            details["kept"] = kept
        if len(details) > 1:
            _log(network, ChangeKind.NETWORK_UPDATED, None, audience | _audience(network) | set(removed), details)
    return network


def offering_networks_from_system(*, organisation_id: int, course_unit_id: int | None = None,
                                  realisation_id: int | None = None, targets: list[rules.TargetTerm]) -> None:
    """`cooperationNetworks` of a course unit or realisation sent by its organiser's system (a trusted caller: the
    exchange authenticated it): the element is targeted to exactly these networks (R-OFF-2) — added, changed, and
    removed from networks no longer named. Each needs a valid network and the organiser as a valid member on the
    offering's first day, or today when that is later (R-NET-1). The message is the decision, so no R-NET-3
    preview; every change is logged for the members and audited. A refusal's details name the network."""
    offer = _offer(course_unit_id, realisation_id)
    if offer.organisation_id != organisation_id:
        raise PermissionDenied(_("Only the organiser of the offering can target it to networks."),
                               code=ErrorCode.NOT_ORGANISER)
    wanted = {t.network: t for t in targets}
    rows = Targeting.objects.select_related("network").filter(organisation_id=organisation_id)
    rows = rows.filter(course_unit_id=offer.id) if offer.kind == "course_unit" else rows.filter(realisation_id=offer.id)
    existing = {t.network_id: t for t in rows}
    if not wanted and not existing:
        return
    org = get_by_id(organisation_id)
    oid = org.oid if org else ""
    day = today()
    with transaction.atomic():
        # the named networks locked, with their periods and members (read once for the rules and the audience)
        found = {n.code: n for n in Network.objects.select_for_update().filter(code__in=list(wanted))
                 .order_by("pk").prefetch_related("periods", "memberships")} if wanted else {}
        for code, term in wanted.items():
            if code not in found:
                raise ValidationFailed(_("Unknown network."), code=ErrorCode.NOT_FOUND,
                                       details={"field": "network", "network": code})
            network = found[code]
            try:
                rules.check_dates(term.valid_from, term.valid_until)
                rules.check_targeting_allowed(selectors.network_ref(network), organisation_id,
                                              rules.targeting_day(term, day))
            except ValidationFailed as exc:
                raise ValidationFailed(exc.message, code=exc.code,
                                       details={**(exc.details or {}), "network": code}) from None
            after = {"valid_from": term.valid_from, "valid_until": term.valid_until, "enrollable": term.enrollable}
            row = existing.get(network.pk)
            before = None if row is None else {"valid_from": row.valid_from, "valid_until": row.valid_until,
                                               "enrollable": row.enrollable}
            if before == after:
                continue
            row = row or Targeting(network=network, organisation_id=organisation_id,
                                   course_unit_id=offer.id if offer.kind == "course_unit" else None,
                                   realisation_id=offer.id if offer.kind == "realisation" else None,
                                   realisation_unit_id=offer.course_unit_id)
            row.valid_from, row.valid_until, row.enrollable = term.valid_from, term.valid_until, term.enrollable
            row.save()
            kind = ChangeKind.TARGETING_ADDED if before is None else ChangeKind.TARGETING_CHANGED
            audit.record(Event.of_change(kind), organisation=oid, subject=row, before=before, after=after)
            _log(network, kind, None, _audience(network),
                 {"target": offer.kind, "id": offer.id, "code": offer.code, "organisation_id": organisation_id,
                  "before": before, "after": after, "from": "exchange"})
        named = {found[c].pk for c in wanted}
        for network_id, row in existing.items():
            if network_id in named:
                continue
            before = {"valid_from": row.valid_from, "valid_until": row.valid_until, "enrollable": row.enrollable}
            audit.record(Event.TARGETING_REMOVED, organisation=oid, subject=row, before=before)
            network = row.network
            row.delete()
            _log(network, ChangeKind.TARGETING_REMOVED, None, _audience(network),
                 {"target": offer.kind, "id": offer.id, "code": offer.code, "organisation_id": organisation_id,
                  "before": before, "from": "exchange"})
