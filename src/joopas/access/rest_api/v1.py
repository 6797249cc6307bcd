"""`/api/v1/access/`: grants, invitations and the audit log for logged-in users (session + CSRF)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from joopas.access import policies, rules, services
from joopas.access.codes import ErrorCode
from joopas.accounts import api as accounts_api
from joopas.core.errors import NotFound, PermissionDenied, ValidationFailed
from joopas.core.identifiers import InvalidIdentifier, validate_hetu, validate_person_oid
from joopas.core.safety import is_email
from joopas.organisations import api as organisations_api

MOUNT = "/access/"
router = Router(tags=["access"], auth=django_auth)


class GrantOut(Schema):
    id: int
    user_email: str
    organisation_id: int
    role: str
    state: str
    valid_from: dt.date
    valid_until: dt.date

    @staticmethod
    def resolve_user_email(obj: Any) -> str:
        return obj.user.email

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return str(obj.status)


def _email(value: str, code: str) -> str:
    """Issue 10: an email address is checked at the edge (422 naming the field)."""
    value = (value or "").strip()
    if not is_email(value):
        raise PydanticCustomError(code, str(rules.EMAIL_INVALID))
    return value


class GrantIn(Schema):
    user_email: str
    organisation_id: int
    role: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @field_validator("user_email")
    @classmethod
    def _user_email(cls, value: str) -> str:
        return _email(value, ErrorCode.GRANT_EMAIL_INVALID)


class RenewIn(Schema):
    valid_until: dt.date | None = None


class CloseIn(Schema):
    reason: str = ""


class InvitationIn(Schema):
    organisation_id: int
    email: str
    first_name: str
    last_name: str
    language: str = "fi"
    roles: list[str]
    valid_until: dt.date | None = None
    # R-ACC-2 (issue 10): who the person is; required where the organisation uses strong identification
    person_id: str = ""  # hetu, checksum-validated; stored only as a keyed hash
    learner_oid: str = ""  # 1.2.246.562.24.*, check digit validated

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return _email(value, ErrorCode.INVITATION_EMAIL)

    @field_validator("person_id")
    @classmethod
    def _person_id(cls, value: str) -> str:
        return _identifier(validate_hetu, value)

    @field_validator("learner_oid")
    @classmethod
    def _learner_oid(cls, value: str) -> str:
        return _identifier(validate_person_oid, value)


def _identifier(validate: Any, value: str) -> str:
    """An identifier checked at the edge: its stable code (`identifier.hetu.checksum`, …) and message, 422."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(validate(value))
    except InvalidIdentifier as exc:
        raise PydanticCustomError(exc.code, str(exc.message)) from exc


_API_IDENTITY_FIELDS = {"hetu": "person_id", "person_oid": "learner_oid"}


class InvitationOut(Schema):
    id: int
    organisation_id: int
    email: str
    roles: list[str]
    state: str
    expires_at: dt.datetime

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return str(obj.status)


class RoleOut(Schema):
    organisation_id: int
    organisation_oid: str
    role: str


class AuditOut(Schema):
    at: dt.datetime
    event: str
    actor_label: str
    acting_organisation_oid: str
    organisation_oid: str
    subject_type: str
    subject_id: str
    person_oid: str
    ip: str | None


@router.get("me/roles", response=list[RoleOut], summary="My active roles")
def my_roles(request: HttpRequest) -> list[dict[str, Any]]:
    roles = policies.active_roles(request.user)
    orgs = organisations_api.get_many({r.organisation_id for r in roles})
    return [{"organisation_id": r.organisation_id,
             "organisation_oid": orgs[r.organisation_id].oid if r.organisation_id in orgs else "", "role": r.role}
            for r in roles]


@router.get("organisations/{organisation_id}/grants", response=list[GrantOut],
            summary="Grants of an organisation (its main users)")
def grants(request: HttpRequest, organisation_id: int, include_ended: bool = False) -> Any:
    if not policies.can_view_organisation_access(request.user, organisation_id):
        raise PermissionDenied()
    return services.grants_read(actor=request.user, organisation_id=organisation_id,
                                include_ended=include_ended)  # R-ACC-6


@router.post("grants", response={201: GrantOut}, summary="Grant a role (R-ACC-1, R-ACC-2, R-ACC-5)")
def grant_create(request: HttpRequest, payload: GrantIn) -> Status:
    services.check_may_manage(request.user, payload.organisation_id)
    user = accounts_api.get_by_email(payload.user_email)
    if user is None:
        raise NotFound(code="accounts.user.not_found")
    g = services.grant_create(actor=request.user, user_id=user.id, organisation_id=payload.organisation_id,
                              role=payload.role, valid_from=payload.valid_from, valid_until=payload.valid_until)
    return Status(201, g)


@router.post("grants/{grant_id}/renew", response=GrantOut, summary="Renew a grant (R-ACC-1, R-ACC-2)")
def grant_renew(request: HttpRequest, grant_id: int, payload: RenewIn) -> Any:
    return services.grant_renew(actor=request.user, grant_id=grant_id, valid_until=payload.valid_until)


@router.post("grants/{grant_id}/close", response=GrantOut, summary="Close a grant (R-ACC-1, R-ACC-2)")
def grant_close(request: HttpRequest, grant_id: int, payload: CloseIn) -> Any:
    return services.grant_close(actor=request.user, grant_id=grant_id, reason=payload.reason)


@router.post("invitations", response={201: InvitationOut}, summary="Invite a person by email with roles")
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status:
    """Where the organisation uses strong identification, `person_id` (hetu) or `learner_oid` is required
    (422 `access.invitation.identity_required`, R-ACC-2)."""
    try:
        inv, _token = services.invitation_create(
            actor=request.user, organisation_id=payload.organisation_id, email=payload.email,
            first_name=payload.first_name, last_name=payload.last_name, language=payload.language,
            roles=payload.roles, valid_until=payload.valid_until,
            link_base=request.build_absolute_uri("/").rstrip("/"), hetu=payload.person_id,
            person_oid=payload.learner_oid)
    except ValidationFailed as exc:  # the service names the page's fields; the API's are person_id/learner_oid
        if isinstance(exc.details, dict) and exc.details.get("field") in _API_IDENTITY_FIELDS:
            details = {**exc.details, "field": _API_IDENTITY_FIELDS[exc.details["field"]]}
            if "fields" in details:
                details["fields"] = [_API_IDENTITY_FIELDS.get(f, f) for f in details["fields"]]
            raise ValidationFailed(exc.message, code=exc.code, details=details) from exc
        raise
    return Status(201, inv)


@router.get("audit", response=list[AuditOut], summary="Search the audit log (R-ACC-6)")
def audit(request: HttpRequest, organisation_id: int | None = None, event: str = "", actor: str = "",
          person_oid: str = "", acting_organisation_oid: str = "", limit: int = 200) -> Any:
    """Main users search their organisation's rows; platform admins the whole log, also by the acting
    organisation (whose role the actor used). The search is itself recorded (R-ACC-6)."""
    org = organisations_api.get_by_id(organisation_id) if organisation_id is not None else None
    if organisation_id is not None and org is None:
        raise NotFound()
    if not policies.can_view_audit(request.user, org.id if org else None):
        raise PermissionDenied()
    filters = {"event": event, "actor": actor, "person_oid": person_oid}
    if org is None:
        filters["acting_organisation"] = acting_organisation_oid
    return services.audit_read(actor=request.user, organisation_id=org.id if org else None, filters=filters,
                               limit=max(1, min(limit, 1000)))
