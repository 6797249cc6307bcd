"""Writers of the organisation registry: self-registration and its review (R-ORG-1, R-ORG-2)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from joopas.core import audit
from joopas.core.clock import now
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.core.identifiers import make_oid
from joopas.core.transitions import check as check_transition
from joopas.core.transitions import transition
from joopas.organisations import emails, hooks, policies, rules, selectors
from joopas.organisations.codes import ErrorCode, Event
from joopas.organisations.data import RegistrationApproved
from joopas.organisations.models import (
    PRELOADED_TYPES,
    ContactPerson,
    Organisation,
    OrganisationRegistration,
    OrganisationRegistrationHistory,
    OrganisationStatus,
    OrganisationType,
    RegistrationStatus,
)


@dataclass(frozen=True)
class RegistrationInput:
    org_type: str
    name_fi: str
    name_sv: str
    name_en: str
    business_id: str
    municipality: str
    website: str
    email: str
    main_user_first_name: str
    main_user_last_name: str
    main_user_email: str
    main_user_language: str
    cover_note: str = ""


def _new_oid() -> str:
    while True:
        oid = make_oid(10, 10**9 + secrets.randbelow(9 * 10**9))  # 10 digits + check digit, like preloaded OIDs
        if not Organisation.objects.filter(oid=oid).exists():
            return oid


def _label(actor: Any) -> str:
    return getattr(actor, "email", "") or ""


def registration_submit(*, data: RegistrationInput) -> OrganisationRegistration:
    """R-ORG-1: a representative registers the organisation and names its first main user (public)."""
    if data.org_type not in OrganisationType.values:
        raise ValidationFailed(_("Choose the type of the organisation."), code=ErrorCode.REGISTRATION_TYPE,
                               details={"field": "org_type"})
    if not data.name_fi.strip():
        raise ValidationFailed(_("Give the name of the organisation in Finnish."),
                               code=ErrorCode.REGISTRATION_NAME, details={"field": "name_fi"})
    if not (data.main_user_email.strip() and data.main_user_first_name.strip() and data.main_user_last_name.strip()):
        raise ValidationFailed(_("Give the main user's name and email."), code=ErrorCode.REGISTRATION_MAIN_USER,
                               details={"field": "main_user_email"})
    business_id = rules.clean_business_id(data.business_id)
    website = rules.clean_website(data.website)  # issue 10: http(s) only, never javascript:
    org_email = rules.clean_email(data.email)
    main_user_email = rules.clean_email(data.main_user_email, field="main_user_email", required=True)
    with transaction.atomic():
        rules.check_not_duplicate(business_id, [data.name_fi, data.name_sv, data.name_en],
                                  selectors.existing_for_duplicate_check(), PRELOADED_TYPES)  # R-ORG-2
        org = Organisation.objects.create(
            oid=_new_oid(), org_type=data.org_type, name_fi=data.name_fi.strip(), name_sv=data.name_sv.strip(),
            name_en=data.name_en.strip(), business_id=business_id, municipality=data.municipality.strip(),
            website=website, email=org_email, status=OrganisationStatus.PENDING)
        reg = OrganisationRegistration.objects.create(
            organisation=org, main_user_first_name=data.main_user_first_name.strip(),
            main_user_last_name=data.main_user_last_name.strip(),
            main_user_email=main_user_email,
            main_user_language=data.main_user_language if data.main_user_language in ("fi", "sv", "en") else "fi",
            cover_note=data.cover_note.strip()[:4000])
        check_transition(rules.REGISTRATION_TRANSITIONS, "", RegistrationStatus.SUBMITTED,
                         code=ErrorCode.REGISTRATION_ILLEGAL_TRANSITION)
        OrganisationRegistrationHistory.objects.create(registration=reg, to_status=reg.status,
                                                       by_label=reg.main_user_email)
        audit.record(Event.REGISTRATION_SUBMITTED, actor=reg.main_user_email, organisation=org.oid,
                     subject=reg, after={"name": org.name_fi, "business_id": business_id,
                                         "main_user": reg.main_user_email})
        emails.send_after_commit(reg.main_user_email, "receipt", {
            "name": f"{reg.main_user_first_name} {reg.main_user_last_name}",
            "organisation": org.name_fi, "business_id": business_id}, reg.main_user_language)
    return reg


def _locked_registrations(ids: list[int]) -> list[OrganisationRegistration]:
    ids = sorted(set(ids))
    if not ids:
        raise ValidationFailed(_("Choose at least one registration."), code=ErrorCode.REGISTRATION_NONE_CHOSEN)
    regs = list(OrganisationRegistration.objects.select_for_update().select_related("organisation").filter(pk__in=ids)
                .order_by("id"))
    if len(regs) != len(ids):
        raise NotFound(_("A registration was not found."), code=ErrorCode.REGISTRATION_NOT_FOUND)
    return regs


def _decide(reg: OrganisationRegistration, *, actor: Any, to: str, event: Event, reason: str = "",
            extra_fields: tuple[str, ...] | list[str] = (), audit_after: dict[str, Any] | None = None) -> None:
    """R-ORG-1: the registration's one transition (submitted → approved / rejected) through core.transitions."""
    reg.decided_at, reg.decided_by_id, reg.decided_by_label = now(), actor.pk, _label(actor)
    transition(reg, to=to, table=rules.REGISTRATION_TRANSITIONS, code=ErrorCode.REGISTRATION_ILLEGAL_TRANSITION,
               actor=actor, event=event, organisation=reg.organisation.oid, reason=reason,
               extra_fields=["decided_at", "decided_by_id", "decided_by_label", *extra_fields, "updated_at"],
               audit_after=audit_after,
               history=lambda old, new: OrganisationRegistrationHistory.objects.create(
                   registration=reg, from_status=old, to_status=new, by_label=_label(actor), reason=reason[:1000]))


def registrations_approve(*, actor: Any, registration_ids: list[int], link_base: str | None = None) -> list[OrganisationRegistration]:
    """R-ORG-1: approve one or several registrations at once (all or nothing).

    Each organisation becomes active and its named main user gets a one-time invitation.
    """
    if not policies.can_review_registrations(actor):
        raise PermissionDenied()
    with transaction.atomic():
        regs = _locked_registrations(registration_ids)
        for reg in regs:
            org = reg.organisation
            check_transition(rules.REGISTRATION_TRANSITIONS, reg.status, RegistrationStatus.APPROVED,
                             code=ErrorCode.REGISTRATION_ILLEGAL_TRANSITION)
            transition(org, to=OrganisationStatus.ACTIVE, table=rules.ORGANISATION_TRANSITIONS,
                       code=ErrorCode.ORGANISATION_ILLEGAL_TRANSITION, extra_fields=["updated_at"])
            _decide(reg, actor=actor, to=RegistrationStatus.APPROVED, event=Event.REGISTRATION_APPROVED,
                    audit_after={"organisation_status": org.status})
            hooks.registration_approved(RegistrationApproved(  # access invites the named main user
                actor=actor, organisation_id=org.pk, email=reg.main_user_email,
                first_name=reg.main_user_first_name, last_name=reg.main_user_last_name,
                language=reg.main_user_language, link_base=link_base))
    return regs


def registrations_reject(*, actor: Any, registration_ids: list[int], reason: str) -> list[OrganisationRegistration]:
    """R-ORG-1: reject one or several registrations with a reason that is emailed to the main user."""
    if not policies.can_review_registrations(actor):
        raise PermissionDenied()
    reason = rules.check_rejection_reason(reason)
    with transaction.atomic():
        regs = _locked_registrations(registration_ids)
        for reg in regs:
            org = reg.organisation
            check_transition(rules.REGISTRATION_TRANSITIONS, reg.status, RegistrationStatus.REJECTED,
                             code=ErrorCode.REGISTRATION_ILLEGAL_TRANSITION)
            transition(org, to=OrganisationStatus.REJECTED, table=rules.ORGANISATION_TRANSITIONS,
                       code=ErrorCode.ORGANISATION_ILLEGAL_TRANSITION, extra_fields=["updated_at"])
            reg.reason = reason[:1000]
            _decide(reg, actor=actor, to=RegistrationStatus.REJECTED, event=Event.REGISTRATION_REJECTED,
                    reason=reason, extra_fields=["reason"])
            emails.send_after_commit(reg.main_user_email, "rejected", {
                "name": f"{reg.main_user_first_name} {reg.main_user_last_name}", "organisation": org.name_fi,
                "reason": reason}, reg.main_user_language)
    return regs


# --- R-ACC-6: reads of people's data (same shape as access.services.personal_data_read) ----------------------


def _read_recorded(event: Event, *, actor: Any, organisation_oid: str, subject: Any, emails: Any,
                   extra: dict[str, Any] | None = None) -> None:
    audit.record(event, actor=actor, organisation=organisation_oid, subject=subject,
                 after={"user_ids": [], "emails": sorted({str(e).lower() for e in emails if e}), **(extra or {})})


def registrations_read(*, actor: Any, status: str = "", org_type: str = "", q: str = "",
                       limit: int = 500) -> list[OrganisationRegistration]:
    """R-ACC-6: the review queue names each registration's first main user; the read is recorded once."""
    if not policies.can_review_registrations(actor):
        raise PermissionDenied()
    regs = list(selectors.registrations(status=status, org_type=org_type, q=q)[:limit])
    oids = sorted({r.organisation.oid for r in regs})
    _read_recorded(Event.REGISTRATIONS_READ, actor=actor,
                   organisation_oid=oids[0] if len(oids) == 1 else "",
                   subject=("organisations.organisationregistration", ""), emails=[r.main_user_email for r in regs],
                   extra={"organisations": oids})
    return regs


# --- contact persons: main users of the organisation and platform admins ---------------------------------------


def _contact_org(actor: Any, organisation_id: int) -> Organisation:
    org = Organisation.objects.filter(pk=organisation_id).first()
    if org is None:
        raise NotFound(_("The organisation was not found."), code=ErrorCode.NOT_FOUND)
    if not policies.can_manage_contacts(actor, org.pk):
        raise PermissionDenied(_("Only the main users of the organisation can manage its contact persons."),
                               code=ErrorCode.CONTACT_NOT_ALLOWED)
    return org


def _contact_snapshot(c: ContactPerson) -> dict[str, Any]:
    return {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone, "is_public": c.is_public}


def contacts_read(*, actor: Any, organisation_id: int) -> list[ContactPerson]:
    """All contact persons of an organisation, also those not shown publicly (R-ACC-6: recorded)."""
    org = _contact_org(actor, organisation_id)
    contacts = list(selectors.contacts_of(org.pk))
    _read_recorded(Event.CONTACTS_READ, actor=actor, organisation_oid=org.oid,
                   subject=("organisations.organisation", org.pk), emails=[c.email for c in contacts],
                   extra={"contact_ids": [c.pk for c in contacts]})
    return contacts


def _locked_contact(organisation_id: int, contact_id: int) -> ContactPerson:
    c = ContactPerson.objects.select_for_update().filter(pk=contact_id, organisation_id=organisation_id).first()
    if c is None:
        raise NotFound(_("The contact person was not found."), code=ErrorCode.CONTACT_NOT_FOUND)
    return c


def contact_get(*, actor: Any, organisation_id: int, contact_id: int) -> ContactPerson:
    """One contact person for its edit form (R-ACC-6: recorded)."""
    org = _contact_org(actor, organisation_id)
    c = ContactPerson.objects.filter(pk=contact_id, organisation_id=org.pk).first()
    if c is None:
        raise NotFound(_("The contact person was not found."), code=ErrorCode.CONTACT_NOT_FOUND)
    _read_recorded(Event.CONTACT_READ, actor=actor, organisation_oid=org.oid, subject=c,
                   emails=[c.email])
    return c


def contact_create(*, actor: Any, organisation_id: int, data: rules.ContactData) -> ContactPerson:
    org = _contact_org(actor, organisation_id)
    clean = rules.clean_contact(data)
    with transaction.atomic():
        c = ContactPerson.objects.create(organisation=org, name=clean.name, role=clean.role, email=clean.email,
                                         phone=clean.phone, is_public=clean.is_public)
        audit.record(Event.CONTACT_CREATED, actor=actor, organisation=org.oid, subject=c,
                     after=_contact_snapshot(c))
    return c


def contact_update(*, actor: Any, organisation_id: int, contact_id: int, data: rules.ContactData) -> ContactPerson:
    org = _contact_org(actor, organisation_id)
    clean = rules.clean_contact(data)
    with transaction.atomic():
        c = _locked_contact(org.pk, contact_id)
        before = _contact_snapshot(c)
        c.name, c.role, c.email, c.phone, c.is_public = (clean.name, clean.role, clean.email, clean.phone,
                                                          clean.is_public)
        c.save(update_fields=["name", "role", "email", "phone", "is_public", "updated_at"])
        audit.record(Event.CONTACT_UPDATED, actor=actor, organisation=org.oid, subject=c, before=before,
                     after=_contact_snapshot(c))
    return c


def contact_delete(*, actor: Any, organisation_id: int, contact_id: int) -> None:
    org = _contact_org(actor, organisation_id)
    with transaction.atomic():
        c = _locked_contact(org.pk, contact_id)
        before = _contact_snapshot(c)
        audit.record(Event.CONTACT_DELETED, actor=actor, organisation=org.oid,
                     subject=("organisations.contactperson", c.pk), before=before)
        c.delete()


# --- organisation settings: main users of the organisation and platform admins ---------------------------------


def organisation_settings_update(*, actor: Any, organisation_id: int, strong_identification: bool) -> Organisation:
    """R-ACC-2 (issue 10): whether the organisation identifies people strongly (invitations to its roles must then
    name the person by hetu or learner OID). Audited with the value before and after."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        if org is None:
            raise NotFound(_("The organisation was not found."), code=ErrorCode.NOT_FOUND)
        if not policies.can_edit_settings(actor, org.pk):
            raise PermissionDenied(_("Only the main users of the organisation can change its settings."),
                                   code=ErrorCode.SETTINGS_NOT_ALLOWED)
        before = {"strong_identification": org.strong_identification}
        if org.strong_identification != bool(strong_identification):
            org.strong_identification = bool(strong_identification)
            org.save(update_fields=["strong_identification", "updated_at"])
            audit.record(Event.SETTINGS_UPDATED, actor=actor, organisation=org.oid, subject=org, before=before,
                         after={"strong_identification": org.strong_identification})
    return org
