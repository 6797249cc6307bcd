"""Writers of access rights (R-ACC-1–6): grants, invitations, access applications, API keys.

Every writer checks the policy and the rules before it writes anything, runs in one transaction,
writes a history row per state change and an audit row (R-ACC-6). A refused request changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from joopas.access import emails, keys, policies, rules, selectors
from joopas.access.codes import ErrorCode, Event
from joopas.access.models import (
    ACTIVE_STATUSES,
    AccessRequest,
    AccessRequestStatus,
    ApiKey,
    Grant,
    GrantHistory,
    GrantStatus,
    Invitation,
    InvitationStatus,
    Role,
)
from joopas.accounts import api as accounts_api
from joopas.core import audit
from joopas.core.clock import now, today
from joopas.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from joopas.core.safety import is_email
from joopas.core.transitions import check as check_transition
from joopas.core.transitions import transition
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef, RegistrationApproved

ROLE_VALUES = {r.value for r in Role}


def _org(organisation_id: int) -> OrganisationRef:
    org = organisations_api.get_by_id(organisation_id)
    if org is None:
        raise NotFound(_("The organisation was not found."), code="organisations.not_found")  # the organisations app's code
    return org


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def role_label(role: str, language: str = "fi") -> str:
    with translation.override(language):
        return str(Role(role).label)


def _snapshot(g: Grant) -> dict[str, Any]:
    return {"user": g.user_id, "role": g.role, "state": g.status, "valid_from": g.valid_from,
            "valid_until": g.valid_until}


def _history(g: Grant, *, by: Any, from_status: str, reason: str = "") -> None:
    GrantHistory.objects.create(grant=g, by=by if _actor_id(by) else None, from_status=from_status,
                                to_status=g.status, valid_from=g.valid_from, valid_until=g.valid_until,
                                reason=reason[:300])


def _grant_transition(g: Grant, *, to: str, actor: Any, event: Event, organisation_oid: str, reason: str = "",
                      extra_fields: tuple[str, ...] = (), before: dict[str, Any] | None = None,
                      history_reason: str | None = None) -> str:
    """R-ACC-1: a grant's status changes only here: check the table, save, history row, audit row
    (`after` is the grant's snapshot; `before` adds what else changed, e.g. the previous end date)."""
    snap = _snapshot(g)
    audit_after = {k: v for k, v in snap.items() if k != "state"}
    if before:
        audit_after["before"] = {k: v for k, v in before.items() if k != "state" and before[k] != snap.get(k)}
    return transition(g, to=to, table=rules.GRANT_TRANSITIONS, code=ErrorCode.GRANT_ILLEGAL_TRANSITION,
                      actor=actor if _actor_id(actor) else None, event=event, organisation=organisation_oid,
                      extra_fields=(*extra_fields, "updated_at"), audit_after=audit_after,
                      history=lambda old, _new: _history(g, by=actor, from_status=old,
                                                         reason=reason if history_reason is None else history_reason))


def _max_months() -> int:
    """R-ACC-2 (issue 10): the longest a grant or renewal may run, counted from the day of the decision."""
    return int(getattr(settings, "ACCESS_GRANT_MAX_MONTHS", rules.GRANT_DEFAULT_MONTHS))


def _identity(user: Any) -> str:
    return accounts_api.identity_of(user) if _actor_id(user) or isinstance(user, int) else ""


def _check_not_self(actor: Any, grantee_id: int | None, *, grantee_identity: str | None = None) -> None:
    """R-ACC-2: not the same account and not the same person (identity) through a second account."""
    rules.check_not_self(_actor_id(actor), grantee_id, actor_identity=_identity(actor),
                         grantee_identity=grantee_identity if grantee_identity is not None
                         else (_identity(grantee_id) if grantee_id else ""))


def _check_role(role: str) -> None:
    if role not in ROLE_VALUES:
        raise ValidationFailed(_("Unknown role."), code=ErrorCode.GRANT_UNKNOWN_ROLE, details={"field": "role"})


def check_may_manage(actor: Any, organisation_id: int) -> None:
    """R-ACC-1: only a main user of the organisation (or of a parent) manages its rights."""
    if not policies.can_manage_grants(actor, organisation_id):
        raise PermissionDenied(_("You can manage access rights only in your own organisation."),
                               code=ErrorCode.GRANT_OTHER_ORGANISATION)


def _check_may_grant(actor: Any, organisation_id: int, role: str) -> None:
    """R-ACC-1 / R-ACC-5: only a main user of the organisation (or a parent) and only linked roles."""
    check_may_manage(actor, organisation_id)
    rules.check_role_grantable(role, policies.held_roles_for(actor, organisation_id) &
                               {*rules.MAIN_USER_ROLES, Role.PLATFORM_ADMIN}, selectors.grant_links())


# --- Grants -----------------------------------------------------------------

def grant_create(*, actor: Any, user_id: int, organisation_id: int, role: str, valid_from: dt.date | None = None,
                 valid_until: dt.date | None = None, reason: str = "", _checked: bool = False) -> Grant:
    """Grant `role` in the organisation to a user (R-ACC-1, R-ACC-2, R-ACC-5)."""
    _check_role(role)
    org = _org(organisation_id)
    if not _checked:
        _check_not_self(actor, user_id)  # R-ACC-2: nor a second account of the same person
        _check_may_grant(actor, organisation_id, role)
        rules.check_grantee_identified(org.strong_identification, _identity(user_id))  # R-ACC-2 (issue 10)
    start, end = rules.grant_period(valid_from, valid_until, today=today(), max_months=_max_months())
    grantee = accounts_api.get_by_id(user_id)
    if grantee is None or not grantee.is_active:
        raise NotFound(_("The user was not found."), code=accounts_api.ErrorCode.USER_NOT_FOUND)
    with transaction.atomic():
        if Grant.objects.select_for_update().filter(user_id=user_id, organisation_id=organisation_id, role=role,
                                                    status__in=ACTIVE_STATUSES).exists():
            raise Conflict(_("The user already has this role in the organisation. Renew it instead."),
                           code=ErrorCode.GRANT_EXISTS)
        check_transition(rules.GRANT_TRANSITIONS, "", GrantStatus.GRANTED, code=ErrorCode.GRANT_ILLEGAL_TRANSITION)
        g = Grant.objects.create(user_id=user_id, organisation_id=organisation_id, role=role, valid_from=start,
                                 valid_until=end, status=GrantStatus.GRANTED,
                                 granted_by=actor if _actor_id(actor) else None)
        _history(g, by=actor, from_status="", reason=reason)
        audit.record(Event.GRANT_GRANTED, actor=actor, organisation=org.oid, subject=g, after=_snapshot(g))
    return g


def _locked_grant(grant_id: int) -> Grant:
    g = Grant.objects.select_for_update().filter(pk=grant_id).first()
    if g is None:
        raise NotFound(_("The access right was not found."), code=ErrorCode.GRANT_NOT_FOUND)
    return g


def grant_renew(*, actor: Any, grant_id: int, valid_until: dt.date | None = None, reason: str = "") -> Grant:
    """Extend an open grant (R-ACC-1); never one's own (R-ACC-2)."""
    with transaction.atomic():
        g = _locked_grant(grant_id)
        org = _org(g.organisation_id)
        _check_not_self(actor, g.user_id)  # R-ACC-2: nor a second account of the same person
        _check_may_grant(actor, g.organisation_id, g.role)
        rules.check_grant_transition(g.status, GrantStatus.RENEWED)
        before = _snapshot(g)
        end = rules.renewal_period(g.valid_until, valid_until, today=today(), max_months=_max_months())
        if end < g.valid_from:
            raise ValidationFailed(_("The end date must not be before the start date."),
                                   code=ErrorCode.GRANT_END_BEFORE_START, details={"field": "valid_until"})
        g.valid_until, g.reminders_sent = end, []
        g.granted_by = actor if _actor_id(actor) else g.granted_by
        _grant_transition(g, to=GrantStatus.RENEWED, actor=actor, event=Event.GRANT_RENEWED, organisation_oid=org.oid,
                          reason=reason, extra_fields=("valid_until", "reminders_sent", "granted_by"), before=before)
    return g


def grant_close(*, actor: Any, grant_id: int, reason: str = "") -> Grant:
    """End a grant today (R-ACC-1); never one's own (R-ACC-2)."""
    with transaction.atomic():
        g = _locked_grant(grant_id)
        org = _org(g.organisation_id)
        _check_not_self(actor, g.user_id)
        _check_may_grant(actor, g.organisation_id, g.role)
        rules.check_grant_transition(g.status, GrantStatus.CLOSED)
        before = _snapshot(g)
        g.valid_until = max(g.valid_from, min(g.valid_until, today()))
        _grant_transition(g, to=GrantStatus.CLOSED, actor=actor, event=Event.GRANT_CLOSED, organisation_oid=org.oid,
                          reason=reason, extra_fields=("valid_until",), before=before)
    return g


def grants_expire(*, on: dt.date | None = None) -> int:
    """Daily job (R-ACC-1): grants whose last day has passed become expired, with a history row."""
    day = on or today()
    done = 0
    with transaction.atomic():
        due = [g for g in Grant.objects.select_for_update().filter(status__in=ACTIVE_STATUSES, valid_until__lt=day)
               if rules.is_expired(g.valid_until, today=day)]
        orgs = organisations_api.get_many({g.organisation_id for g in due})
        for g in due:
            org = orgs.get(g.organisation_id)
            _grant_transition(g, to=GrantStatus.EXPIRED, actor=None, event=Event.GRANT_EXPIRED,
                              organisation_oid=org.oid if org else "", history_reason="expired")
            done += 1
    return done


def grant_reminders_send(*, on: dt.date | None = None) -> int:
    """Daily job (R-ACC-1, R-ACC-3): remind holders 4 weeks and 1 week before their grant ends."""
    day = on or today()
    sent = 0
    horizon = day + dt.timedelta(days=max(rules.REMINDER_DAYS))
    with transaction.atomic():
        qs = Grant.objects.select_for_update().select_related("user").filter(
            status__in=ACTIVE_STATUSES, valid_until__gte=day, valid_until__lte=horizon)
        rows = [(g, due) for g in qs if (due := rules.reminder_due(g.valid_until, g.reminders_sent, today=day))]
        orgs = organisations_api.get_many({g.organisation_id for g, _due in rows})
        for g, due in rows:
            org = orgs.get(g.organisation_id)
            lang = g.user.language
            shortage = g.role in rules.MAIN_USER_ROLES and rules.main_user_shortage(
                selectors.active_main_user_count(g.organisation_id, day))
            with translation.override(lang):
                until = formats.date_format(g.valid_until, "SHORT_DATE_FORMAT")
            emails.send_after_commit(g.user.email, "reminder", {
                "name": g.user.full_name, "role": role_label(g.role, lang), "organisation": org.name(lang) if org else "",
                "until": until, "shortage": shortage}, lang)
            g.reminders_sent = sorted({*g.reminders_sent, due})
            g.save(update_fields=["reminders_sent", "updated_at"])
            audit.record(Event.GRANT_REMINDER_SENT, organisation=org.oid if org else "", subject=g,
                         after={"days_before": due})
            sent += 1
    return sent


# --- Invitations ------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_identity(hetu: str, person_oid: str) -> tuple[str, str]:
    try:
        return accounts_api.identity_key(hetu=hetu, person_oid=person_oid)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, code=ErrorCode.INVITATION_IDENTITY,
                               details={"field": "hetu" if (hetu or "").strip() else "person_oid",
                                        "identifier": exc.code}) from exc


def invitation_create(*, actor: Any, organisation_id: int, email: str, first_name: str, last_name: str,
                      language: str = "fi", roles: list[str], valid_until: dt.date | None = None,
                      link_base: str | None = None, hetu: str = "", person_oid: str = "",
                      _by_platform: bool = False) -> tuple[Invitation, str]:
    """Invite a person by email with chosen roles (R-ACC-1). Returns the invitation and its one-time token.

    R-ACC-2 (issue 10): the invitation names a person - the name and, where the organisation identifies people
    strongly, the hetu or learner OID. On acceptance that identity is bound to the account, so one person's two
    mailboxes are one identity and cannot grant or renew each other's rights."""
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    org = _org(organisation_id)
    if not is_email(email):  # issue 10: the same check as at the edge
        raise ValidationFailed(_("Give a valid email address."), code=ErrorCode.INVITATION_EMAIL,
                               details={"field": "email"})
    if not first_name or not last_name:
        raise ValidationFailed(_("Give the person's first and last name."), code=ErrorCode.INVITATION_NAME,
                               details={"field": "first_name"})
    roles = sorted(set(roles or []))
    if not roles:
        raise ValidationFailed(_("Choose at least one role."), code=ErrorCode.INVITATION_NO_ROLES,
                               details={"field": "roles"})
    for role in roles:
        _check_role(role)
    key, label = _invitation_identity(hetu, person_oid)
    rules.check_not_self(_actor_id(actor), grantee_email=email, actor_email=getattr(actor, "email", ""),
                         actor_identity=_identity(actor), grantee_identity=key)
    if not _by_platform:
        for role in roles:
            _check_may_grant(actor, organisation_id, role)
    rules.check_identity_given(org.strong_identification, key)  # R-ACC-2 (issue 10)
    if valid_until is not None:
        rules.grant_period(None, valid_until, today=today(), max_months=_max_months())
    created = now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        inv = Invitation.objects.create(
            organisation_id=organisation_id, email=email, first_name=first_name, last_name=last_name,
            language=language if language in ("fi", "sv", "en") else "fi", roles=roles, valid_until=valid_until,
            token_hash=_token_hash(token), identity_key=key, identity_label=label,
            expires_at=rules.invitation_expires_at(created, settings.INVITATION_VALID_DAYS),
            invited_by=actor if _actor_id(actor) else None)
        audit.record(Event.INVITATION_CREATED, actor=actor, organisation=org.oid, subject=inv,  # who invited whom
                     after={"email": email, "roles": roles, "expires_at": inv.expires_at,
                            "invited": {"first_name": first_name, "last_name": last_name, "identity": label},
                            "invited_by": {"user": _actor_id(actor), "email": getattr(actor, "email", "") or ""}})
        lang = inv.language
        with translation.override(lang):
            expires = formats.date_format(timezone.localtime(inv.expires_at), "SHORT_DATE_FORMAT")
        emails.send_after_commit(email, "invitation", {
            "name": f"{first_name} {last_name}", "inviter": accounts_api.display(actor) or "Joopas",
            "organisation": org.name(lang), "roles": ", ".join(role_label(r, lang) for r in roles),
            "link": f"{(link_base or settings.SITE_URL).rstrip('/')}/access/invitations/{token}/",
            "expires": expires}, lang)
    return inv, token


def invitation_by_token(token: str) -> Invitation:
    inv = Invitation.objects.filter(token_hash=_token_hash(token or "")).first()
    if inv is None:
        raise NotFound(_("The invitation link is not valid."), code=ErrorCode.INVITATION_NOT_FOUND)
    return inv


def _check_usable(inv: Invitation) -> None:
    problem = rules.invitation_usable(inv.status, inv.expires_at, now=now())
    if problem == "used":
        raise Conflict(_("This invitation has already been used. Log in instead."), code=ErrorCode.INVITATION_USED)
    if problem == "expired":
        raise Conflict(_("This invitation has expired. Ask the person who invited you for a new one."),
                       code=ErrorCode.INVITATION_EXPIRED)
    if problem:
        raise Conflict(_("This invitation is no longer valid."), code=ErrorCode.INVITATION_CLOSED)


def invitation_check(token: str) -> Invitation:
    inv = invitation_by_token(token)
    _check_usable(inv)
    return inv


def invitation_accept(*, token: str, password: str = "", user: Any = None) -> Invitation:
    """Use a one-time invitation: create the account (or use the logged-in one) and grant the roles."""
    with transaction.atomic():
        inv = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token or "")).first()
        if inv is None:
            raise NotFound(_("The invitation link is not valid."), code=ErrorCode.INVITATION_NOT_FOUND)
        _check_usable(inv)
        org = _org(inv.organisation_id)
        if getattr(user, "is_authenticated", False):
            if user.email.lower() != inv.email.lower():
                raise PermissionDenied(_("This invitation was sent to another email address."),
                                       code=ErrorCode.INVITATION_OTHER_EMAIL)
            account = accounts_api.get_by_id(user.pk)
        else:
            account = accounts_api.user_create(email=inv.email, password=password, first_name=inv.first_name,
                                               last_name=inv.last_name, language=inv.language)
        assert account is not None
        check_transition(rules.INVITATION_TRANSITIONS, inv.status, InvitationStatus.ACCEPTED,
                         code=ErrorCode.INVITATION_ILLEGAL_TRANSITION)
        if inv.identity_key:  # R-ACC-2: the invitation named the person; the account is now theirs
            if account.identity_key and account.identity_key != inv.identity_key:
                raise PermissionDenied(_("This invitation names another person than the owner of this account."),
                                       code=ErrorCode.INVITATION_OTHER_PERSON)
            accounts_api.identity_bind(user_id=account.id, key=inv.identity_key,
                                       person_oid=inv.identity_label if inv.identity_key.startswith("oid:") else "")
        inviter = inv.invited_by
        account_identity = inv.identity_key or account.identity_key
        for role in inv.roles:
            if Grant.objects.filter(user_id=account.id, organisation_id=inv.organisation_id, role=role,
                                    status__in=ACTIVE_STATUSES).exists():
                continue
            if inviter is not None:  # R-ACC-2 even through an invitation, and not to a second account of oneself
                rules.check_not_self(inviter.pk, account.id, actor_identity=inviter.identity_key,
                                     grantee_identity=account_identity)
            start = today()
            latest = rules.latest_end(today=start, max_months=_max_months())
            end = inv.valid_until if inv.valid_until and inv.valid_until >= start else rules.default_valid_until(start)
            end = min(end, latest)
            g = Grant.objects.create(user_id=account.id, organisation_id=inv.organisation_id, role=role,
                                     valid_from=start, valid_until=end, status=GrantStatus.GRANTED, granted_by=inviter)
            _history(g, by=inviter, from_status="", reason="invitation")
            audit.record(Event.GRANT_GRANTED, actor=inviter, organisation=org.oid, subject=g,
                         after={**_snapshot(g), "invitation": inv.pk})
        inv.accepted_at, inv.accepted_user_id = now(), account.id
        transition(inv, to=InvitationStatus.ACCEPTED, table=rules.INVITATION_TRANSITIONS,
                   code=ErrorCode.INVITATION_ILLEGAL_TRANSITION, event=Event.INVITATION_ACCEPTED,
                   actor=user if getattr(user, "is_authenticated", False) else account.email,
                   organisation=org.oid, extra_fields=("accepted_at", "accepted_user", "updated_at"),
                   audit_after={"user": account.id, "email": account.email,
                                "invited_by": inviter.pk if inviter is not None else None,
                                "identity": inv.identity_label})
    return inv


def invitation_cancel(*, actor: Any, invitation_id: int) -> Invitation:
    with transaction.atomic():
        inv = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if inv is None:
            raise NotFound()
        check_may_manage(actor, inv.organisation_id)
        org = _org(inv.organisation_id)
        transition(inv, to=InvitationStatus.CANCELLED, table=rules.INVITATION_TRANSITIONS,
                   code=ErrorCode.INVITATION_ILLEGAL_TRANSITION, event=Event.INVITATION_CANCELLED, actor=actor,
                   organisation=org.oid, extra_fields=("updated_at",))
    return inv


def invitations_lapse() -> int:
    """Daily job: open invitations past their expiry become expired."""
    n = 0
    with transaction.atomic():
        lapsing = list(Invitation.objects.select_for_update().filter(status=InvitationStatus.OPEN,
                                                                     expires_at__lte=now()))
        orgs = organisations_api.get_many({inv.organisation_id for inv in lapsing})
        for inv in lapsing:
            org = orgs.get(inv.organisation_id)
            transition(inv, to=InvitationStatus.EXPIRED, table=rules.INVITATION_TRANSITIONS,
                       code=ErrorCode.INVITATION_ILLEGAL_TRANSITION, event=Event.INVITATION_EXPIRED,
                       organisation=org.oid if org else "", extra_fields=("updated_at",))
            n += 1
    return n


def registration_approved(event: RegistrationApproved) -> None:
    """R-ORG-1: registered with `organisations.api.register_on_registration_approved` (AccessConfig.ready);
    runs inside the approving transaction."""
    invite_first_main_user(actor=event.actor, organisation_id=event.organisation_id, email=event.email,
                           first_name=event.first_name, last_name=event.last_name, language=event.language,
                           link_base=event.link_base)


def invite_first_main_user(*, actor: Any, organisation_id: int, email: str, first_name: str, last_name: str,
                           language: str, link_base: str | None = None) -> Invitation:
    """R-ORG-1: on approval of a registration a platform admin's decision invites the named main user."""
    if not policies.can_decide_access_requests(actor):
        raise PermissionDenied()
    inv, _token = invitation_create(actor=actor, organisation_id=organisation_id, email=email,
                                    first_name=first_name, last_name=last_name, language=language,
                                    roles=[Role.MAIN_USER], link_base=link_base, _by_platform=True)
    return inv


# --- Access applications (R-ACC-4) -----------------------------------------------

def access_request_create(*, actor: Any, organisation_id: int, role: str = Role.MAIN_USER,
                              reason: str = "") -> AccessRequest:
    """R-ACC-4: when every main user has expired, a former user of the organisation applies for the right."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    if role not in rules.MAIN_USER_ROLES:
        raise ValidationFailed(_("You can apply only for a main-user role."), code=ErrorCode.REQUEST_ROLE,
                               details={"field": "role"})
    org = _org(organisation_id)
    if not rules.may_apply_for_access(selectors.active_main_user_count(organisation_id),
                                      selectors.had_grant_in(actor.pk, organisation_id)):
        raise Conflict(_("You can apply only when your organisation has no active main users left. "
                         "Otherwise ask one of its main users."), code=ErrorCode.REQUEST_NOT_ALLOWED)
    with transaction.atomic():
        if AccessRequest.objects.filter(user=actor, organisation_id=organisation_id, role=role,
                                            status=AccessRequestStatus.OPEN).exists():
            raise Conflict(_("You already have an open application."), code=ErrorCode.REQUEST_EXISTS)
        app = AccessRequest.objects.create(organisation_id=organisation_id, user=actor, role=role,
                                               reason=(reason or "").strip()[:2000])
        audit.record(Event.REQUEST_CREATED, actor=actor, organisation=org.oid, subject=app,
                     after={"role": role})
    return app


def access_request_decide(*, actor: Any, application_id: int, approve: bool, reason: str = "") -> AccessRequest:
    """R-ACC-4: a platform admin approves (grant) or rejects (with a reason) an access application."""
    if not policies.can_decide_access_requests(actor):
        raise PermissionDenied()
    with transaction.atomic():
        app = AccessRequest.objects.select_for_update().select_related("user").filter(pk=application_id).first()
        if app is None:
            raise NotFound()
        new = AccessRequestStatus.APPROVED if approve else AccessRequestStatus.REJECTED
        rules.check_application_transition(app.status, new)
        _check_not_self(actor, app.user_id)  # R-ACC-2: nor a second account of the same person
        if not approve and not (reason or "").strip():
            raise ValidationFailed(_("Give a reason for the rejection."), code=ErrorCode.REQUEST_REASON_MISSING,
                                   details={"field": "reason"})
        org = _org(app.organisation_id)
        if approve:
            grant_create(actor=actor, user_id=app.user_id, organisation_id=app.organisation_id, role=app.role,
                         reason="access application", _checked=True)
        app.decided_by, app.decided_at = actor, now()
        app.decision_reason = (reason or "").strip()[:500]
        transition(app, to=new, table=rules.APPLICATION_TRANSITIONS, code=ErrorCode.REQUEST_ILLEGAL_TRANSITION,
                   event=Event.REQUEST_APPROVED if approve else Event.REQUEST_REJECTED, actor=actor,
                   organisation=org.oid, extra_fields=("decided_by", "decided_at", "decision_reason", "updated_at"),
                   audit_after={"reason": app.decision_reason})
        lang = app.user.language
        emails.send_after_commit(app.user.email, "application_decided", {
            "name": app.user.full_name, "approved": approve, "role": role_label(app.role, lang),
            "organisation": org.name(lang), "reason": app.decision_reason}, lang)
    return app


def access_requests_lapse() -> int:
    """Daily job (R-ACC-1): open access applications lapse after the set period (default 2 months)."""
    cutoff = now() - dt.timedelta(days=settings.ACCESS_APPLICATION_VALID_DAYS)
    n = 0
    with transaction.atomic():
        lapsing = list(AccessRequest.objects.select_for_update().filter(status=AccessRequestStatus.OPEN,
                                                                        created_at__lt=cutoff))
        orgs = organisations_api.get_many({app.organisation_id for app in lapsing})
        for app in lapsing:
            org = orgs.get(app.organisation_id)
            transition(app, to=AccessRequestStatus.LAPSED, table=rules.APPLICATION_TRANSITIONS,
                       code=ErrorCode.REQUEST_ILLEGAL_TRANSITION, event=Event.REQUEST_LAPSED,
                       organisation=org.oid if org else "", extra_fields=("updated_at",))
            n += 1
    return n


# --- API keys -----------------------------------------------------------------

def _org_oid(organisation_id: int) -> str:
    org = organisations_api.get_by_id(organisation_id)
    return org.oid if org else ""


def api_key_create(*, actor: Any, organisation_id: int, name: str) -> tuple[ApiKey, str]:
    """Create an integration key; the full key is returned once and only its hash is stored."""
    if not policies.can_manage_api_keys(actor, organisation_id):
        raise PermissionDenied()
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Give the key a name."), code=ErrorCode.API_KEY_NAME_MISSING,
                               details={"field": "name"})
    prefix, raw, key_hash = keys.new_key()
    with transaction.atomic():
        key = ApiKey.objects.create(organisation_id=organisation_id, name=name[:100], prefix=prefix,
                                    key_hash=key_hash, created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(Event.API_KEY_CREATED, actor=actor, organisation=_org_oid(organisation_id), subject=key,
                     after={"name": key.name, "prefix": prefix})
    return key, raw


def api_key_revoke(*, actor: Any, key_id: int) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().filter(pk=key_id).first()
        if key is None:
            raise NotFound()
        if not policies.can_manage_api_keys(actor, key.organisation_id):
            raise PermissionDenied()
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit.record(Event.API_KEY_REVOKED, actor=actor, organisation=_org_oid(key.organisation_id),
                         subject=key, after={"prefix": key.prefix})
    return key


def api_key_rotate(*, actor: Any, key_id: int) -> tuple[ApiKey, str]:
    """Replace a key by a new one with the same name; the old one stops working at once."""
    with transaction.atomic():
        old = ApiKey.objects.select_for_update().filter(pk=key_id).first()
        if old is None:
            raise NotFound()
        if not policies.can_manage_api_keys(actor, old.organisation_id):
            raise PermissionDenied()
        if old.revoked_at is not None:
            raise Conflict(_("A revoked key cannot be rotated. Create a new key."), code=ErrorCode.API_KEY_REVOKED)
        api_key_revoke(actor=actor, key_id=old.pk)
        key, raw = api_key_create(actor=actor, organisation_id=old.organisation_id, name=old.name)
        audit.record(Event.API_KEY_ROTATED, actor=actor, organisation=_org_oid(old.organisation_id),
                     subject=key, before={"prefix": old.prefix}, after={"prefix": key.prefix})
    return key, raw


# --- Login audit (R-ACC-6) ------------------------------------------------------

def login_recorded(*, user: Any = None, email: str = "", succeeded: bool, locked: bool = False,
                   organisation_oid: str = "") -> None:
    """Called by the login view (not by a signal): one audit row per login attempt."""
    if succeeded:
        audit.record(Event.LOGIN_SUCCEEDED, actor=user, organisation=organisation_oid)
    else:
        audit.record(Event.LOGIN_FAILED, actor=(email or "")[:254] or None,
                     after={"email": (email or "")[:254], "locked_out": locked})


def acting_organisation_choices(user: Any) -> list[OrganisationRef]:
    orgs = organisations_api.get_many({r.organisation_id for r in policies.active_roles(user)})
    return [orgs[i] for i in sorted(orgs)]


def acting_organisation_check(user: Any, oid: str) -> OrganisationRef:
    """The acting organisation must be one where the user holds an active role."""
    for org in acting_organisation_choices(user):
        if org.oid == oid:
            return org
    raise PermissionDenied(_("You have no role in that organisation."), code=ErrorCode.ACTING_ORGANISATION)


# --- R-ACC-6: reads of other people's data -------------------------------------------------------------------
#
# Every page and endpoint that shows other people's personal data calls one of these instead of the selector
# directly: the policy is checked first (a denied read writes nothing), then exactly one `*.read` audit row is
# written with a single shape: `organisation` = the organisation concerned, `subject` = what was opened, and
# `after = {"user_ids": [...], "emails": [...]}` naming whose data was shown (accounts by user id, people without
# an account - invitees, applicants by email - by email). `person_oid` is set when the read concerns one person.


def _persons(*, user_ids: Any = (), emails: Any = ()) -> dict[str, list[Any]]:
    return {"user_ids": sorted({int(i) for i in user_ids if i is not None}),
            "emails": sorted({str(e).lower() for e in emails if e})}


def personal_data_read(event: Event | str, *, actor: Any, organisation_oid: str = "", subject: Any = None,
                       user_ids: Any = (), emails: Any = (), person_oid: str = "",
                       extra: dict[str, Any] | None = None) -> None:
    """R-ACC-6: record one read of other people's data (the common shape of every `*.read` row)."""
    audit.record(event, actor=actor, organisation=organisation_oid, subject=subject, person_oid=person_oid,
                 after={**_persons(user_ids=user_ids, emails=emails), **(extra or {})})


def _check_may_view(actor: Any, organisation_id: int) -> OrganisationRef:
    org = _org(organisation_id)
    if not policies.can_view_organisation_access(actor, org.id):
        raise PermissionDenied(_("You can manage access rights only in your own organisation."),
                               code=ErrorCode.GRANT_OTHER_ORGANISATION)
    return org


def organisation_access_read(*, actor: Any, organisation_id: int,
                             invitation_limit: int = 50) -> tuple[list[Grant], list[Invitation]]:
    """R-ACC-6: the access page of an organisation (its users' grants and its invitations), recorded."""
    org = _check_may_view(actor, organisation_id)
    grants = list(selectors.grants_of_organisation(org.id, include_ended=True))
    invitations = list(selectors.invitations_of_organisation(org.id)[:invitation_limit])
    personal_data_read(Event.ORGANISATION_READ, actor=actor, organisation_oid=org.oid,
                       subject=("organisations.organisation", org.id), user_ids=[g.user_id for g in grants],
                       emails=[i.email for i in invitations])
    return grants, invitations


def grants_read(*, actor: Any, organisation_id: int, include_ended: bool = False) -> list[Grant]:
    """R-ACC-6: the grants of an organisation (API), recorded."""
    org = _check_may_view(actor, organisation_id)
    grants = list(selectors.grants_of_organisation(org.id, include_ended=include_ended))
    personal_data_read(Event.GRANTS_READ, actor=actor, organisation_oid=org.oid,
                       subject=("organisations.organisation", org.id), user_ids=[g.user_id for g in grants])
    return grants


def grant_read(*, actor: Any, grant_id: int) -> Grant:
    """R-ACC-6: one grant with its history (whose right it is), recorded with the holder's person OID."""
    g = selectors.grant_with_history(grant_id)
    if g is None:
        raise NotFound(_("The access right was not found."), code=ErrorCode.GRANT_NOT_FOUND)
    org = _check_may_view(actor, g.organisation_id)
    personal_data_read(Event.GRANT_READ, actor=actor, organisation_oid=org.oid, subject=g,
                       user_ids=[g.user_id], person_oid=g.user.person_oid)
    return g


def access_requests_read(*, actor: Any) -> list[AccessRequest]:
    """R-ACC-6: the open access applications (platform admins), recorded with the applicants."""
    if not policies.can_decide_access_requests(actor):
        raise PermissionDenied()
    apps = list(selectors.open_requests())
    oids = sorted(o.oid for o in organisations_api.get_many({a.organisation_id for a in apps}).values())
    personal_data_read(Event.REQUESTS_READ, actor=actor,
                       organisation_oid=oids[0] if len(oids) == 1 else "",
                       subject=("access.accessrequest", ""), user_ids=[a.user_id for a in apps],
                       extra={"organisations": oids})
    return apps


def audit_read(*, actor: Any, organisation_id: int | None, filters: dict[str, Any],
               limit: int = 200) -> list[Any]:
    """R-ACC-6: a search of the audit log (it names people), recorded with the people it showed."""
    if not policies.can_view_audit(actor, organisation_id):
        raise PermissionDenied()
    org_oid = _org_oid(organisation_id) if organisation_id is not None else None
    rows = list(_audit_rows(org_oid, filters)[:limit])
    personal_data_read(Event.AUDIT_READ, actor=actor, organisation_oid=org_oid or "",
                       subject=("core.auditevent", ""), user_ids=[r.actor_id for r in rows],
                       emails=[r.actor_label for r in rows if r.actor_id is None and "@" in r.actor_label],
                       extra={"filters": {k: str(v) for k, v in filters.items() if v}, "rows": len(rows)})
    return rows


def _audit_rows(organisation_oid: str | None, f: dict[str, Any]) -> Any:
    scope = organisation_oid if organisation_oid is not None else (f.get("organisation") or None)
    return selectors.audit_search(organisation_oid=scope, event=f.get("event", ""), actor=f.get("actor", ""),
                                  person_oid=f.get("person_oid", ""), date_from=f.get("date_from"),
                                  date_to=f.get("date_to"),
                                  acting_organisation_oid=f.get("acting_organisation", "") or "")


def audit_export(*, actor: Any, organisation_id: int | None, filters: dict[str, Any],
                 limit: int = 50000) -> list[Any]:
    """R-ACC-6: the rows of a CSV export; the export is recorded once (`access.audit.exported`)."""
    if not policies.can_view_audit(actor, organisation_id):
        raise PermissionDenied()
    org_oid = _org_oid(organisation_id) if organisation_id is not None else None
    rows = list(_audit_rows(org_oid, filters)[:limit])
    audit.record(Event.AUDIT_EXPORTED, actor=actor, organisation=org_oid or "",
                 after={**_persons(user_ids=[r.actor_id for r in rows],
                                   emails=[r.actor_label for r in rows if r.actor_id is None and "@" in r.actor_label]),
                        "filters": {k: str(v) for k, v in filters.items() if v}, "rows": len(rows)})
    return rows
