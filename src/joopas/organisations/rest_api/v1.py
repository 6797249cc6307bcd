"""`/api/v1/organisations/`: the public registry, self-registration and its review."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from joopas.core.errors import DomainError, NotFound
from joopas.core.safety import is_email
from joopas.core.text import PLAIN
from joopas.organisations import rules, selectors, services
from joopas.organisations.codes import ErrorCode

MOUNT = "/organisations/"
router = Router(tags=["organisations"])

# Every text field of a body is plain text (docs/security.md, "input policy"; the one validator,
# `joopas.core.text`): markup is refused with 422 naming the field, and nothing is stored.
Text = Annotated[str, PLAIN]


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class OrganisationOut(Schema):
    oid: str
    org_type: str
    name_fi: str
    name_sv: str
    name_en: str
    business_id: str
    tk_code: str
    status: str
    parent_oid: str | None = None

    @staticmethod
    def resolve_parent_oid(obj: Any) -> str | None:
        return obj.parent.oid if obj.parent_id else None


class OrganisationDetailOut(OrganisationOut):
    children: list[str]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_children(obj: Any) -> list[str]:
        return [c.oid for c in obj.children.all()]

    @staticmethod
    def resolve_contacts(obj: Any) -> list[ContactOut]:
        return [ContactOut(name=c.name, role=c.role, email=c.email, phone=c.phone) for c in obj.contacts.all()
                if c.is_public]


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    next_cursor: int | None


@router.get("", response=OrganisationPage, auth=None, summary="List organisations (cursor-paginated)")
def list_organisations(request: HttpRequest, q: str = "", type: str = "", cursor: int = 0,
                       limit: int = 50) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    qs = selectors.public_organisations(q=q, org_type=type).select_related("parent").order_by("id")
    rows = list(qs.filter(id__gt=cursor)[: limit + 1])
    return {"items": rows[:limit], "next_cursor": rows[limit - 1].id if len(rows) > limit else None}


def _checked(clean: Any, value: str, **kwargs: Any) -> str:
    """A rules check as a Pydantic error: its stable code becomes the error's `code`, its text the `message`."""
    try:
        return str(clean(value, **kwargs))
    except DomainError as exc:
        raise PydanticCustomError(exc.code, str(exc.message)) from exc


class RegistrationIn(Schema):
    org_type: Text
    name_fi: Text
    name_sv: Text = ""
    name_en: Text = ""
    business_id: Text
    municipality: Text = ""
    website: Text = ""
    email: Text = ""
    main_user_first_name: Text
    main_user_last_name: Text
    main_user_email: Text
    main_user_language: Text = "fi"
    cover_note: Text = ""

    # Issue 10: addresses are checked at the edge (422 naming the field), not only by the service.
    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        return _checked(rules.clean_website, value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return _checked(rules.clean_email, value)

    @field_validator("main_user_email")
    @classmethod
    def _main_user_email(cls, value: str) -> str:
        return _checked(rules.clean_email, value, required=True)


class RegistrationOut(Schema):
    id: int
    state: str
    organisation_oid: str
    organisation_name: str
    main_user_email: str
    reason: str

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return str(obj.status)

    @staticmethod
    def resolve_organisation_oid(obj: Any) -> str:
        return obj.organisation.oid

    @staticmethod
    def resolve_organisation_name(obj: Any) -> str:
        return obj.organisation.name_fi


@router.post("registrations", response={201: RegistrationOut}, auth=None,
             summary="Register an organisation (R-ORG-1, R-ORG-2)")
def register(request: HttpRequest, payload: RegistrationIn) -> Status:
    return Status(201, services.registration_submit(data=services.RegistrationInput(**payload.dict())))


@router.get("registrations", response=list[RegistrationOut], auth=django_auth,
            summary="Registrations for review (platform admins)")
def registrations(request: HttpRequest, state: str = "submitted") -> Any:
    from joopas.core.errors import PermissionDenied
    from joopas.organisations import policies

    if not policies.can_review_registrations(request.user):
        raise PermissionDenied()
    return services.registrations_read(actor=request.user, status=state)  # R-ACC-6


class DecisionIn(Schema):
    ids: list[int]
    reason: Text = ""


@router.post("registrations/approve", response=list[RegistrationOut], auth=django_auth,
             summary="Approve registrations (several at once)")
def approve(request: HttpRequest, payload: DecisionIn) -> Any:
    return services.registrations_approve(actor=request.user, registration_ids=payload.ids,
                                          link_base=request.build_absolute_uri("/").rstrip("/"))


@router.post("registrations/reject", response=list[RegistrationOut], auth=django_auth,
             summary="Reject registrations with a reason (several at once)")
def reject(request: HttpRequest, payload: DecisionIn) -> Any:
    return services.registrations_reject(actor=request.user, registration_ids=payload.ids, reason=payload.reason)


class ContactIn(Schema):
    name: Text
    role: Text = ""
    email: Text = ""
    phone: Text = ""
    is_public: bool = True

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = (value or "").strip()
        if value and not is_email(value):
            raise PydanticCustomError(ErrorCode.CONTACT_EMAIL_INVALID, str(rules.EMAIL_INVALID))
        return value


class ContactManagedOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str
    is_public: bool


def _managed_org_id(request: HttpRequest, oid: str) -> int:
    from joopas.core.errors import PermissionDenied
    from joopas.organisations import policies

    org = selectors.organisation_by_oid(oid)
    if org is None:
        raise NotFound()
    if not policies.can_manage_contacts(request.user, org.pk):
        raise PermissionDenied(code=ErrorCode.CONTACT_NOT_ALLOWED)
    return org.pk


def _contact_data(payload: ContactIn) -> rules.ContactData:
    return rules.ContactData(name=payload.name, role=payload.role, email=payload.email, phone=payload.phone,
                             is_public=payload.is_public)


@router.get("{oid}/contacts", response=list[ContactManagedOut], auth=django_auth,
            summary="All contact persons of an organisation, also non-public (its main users)")
def contacts(request: HttpRequest, oid: str) -> Any:
    return services.contacts_read(actor=request.user, organisation_id=_managed_org_id(request, oid))


@router.post("{oid}/contacts", response={201: ContactManagedOut}, auth=django_auth,
             summary="Add a contact person (main users of the organisation)")
def contact_create(request: HttpRequest, oid: str, payload: ContactIn) -> Status:
    return Status(201, services.contact_create(actor=request.user, organisation_id=_managed_org_id(request, oid),
                                               data=_contact_data(payload)))


@router.put("{oid}/contacts/{contact_id}", response=ContactManagedOut, auth=django_auth,
            summary="Change a contact person (main users of the organisation)")
def contact_update(request: HttpRequest, oid: str, contact_id: int, payload: ContactIn) -> Any:
    return services.contact_update(actor=request.user, organisation_id=_managed_org_id(request, oid),
                                   contact_id=contact_id, data=_contact_data(payload))


@router.delete("{oid}/contacts/{contact_id}", response={204: None}, auth=django_auth,
               summary="Remove a contact person (main users of the organisation)")
def contact_delete(request: HttpRequest, oid: str, contact_id: int) -> Status:
    services.contact_delete(actor=request.user, organisation_id=_managed_org_id(request, oid),
                            contact_id=contact_id)
    return Status(204, None)


class SettingsIn(Schema):
    strong_identification: bool


class SettingsOut(Schema):
    oid: str
    strong_identification: bool


@router.put("{oid}/settings", response=SettingsOut, auth=django_auth,
            summary="Change the organisation's settings (its main users and platform admins; R-ACC-2)")
def settings_update(request: HttpRequest, oid: str, payload: SettingsIn) -> Any:
    """`strong_identification`: invitations to the organisation's roles must then name the person by hetu
    (`person_id`) or learner OID (`learner_oid`)."""
    org = selectors.organisation_by_oid(oid)
    if org is None:
        raise NotFound()
    return services.organisation_settings_update(actor=request.user, organisation_id=org.pk,
                                                 strong_identification=payload.strong_identification)


@router.get("{oid}", response=OrganisationDetailOut, auth=None, summary="One organisation")
def get_organisation(request: HttpRequest, oid: str) -> Any:
    org = selectors.public_organisation(oid)
    if org is None:
        raise NotFound()
    return org
