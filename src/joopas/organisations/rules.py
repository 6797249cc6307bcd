"""Pure rules of the organisation registry (R-ORG-1, R-ORG-2). No ORM, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import Conflict, ValidationFailed, check_transition
from joopas.core.identifiers import InvalidIdentifier, validate_business_id
from joopas.core.safety import is_email, is_web_url
from joopas.organisations.codes import ErrorCode

# R-ORG-1: a registration is reviewed once: approved (organisation active) or rejected (with a reason).
REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    "": {"submitted"},
    "submitted": {"approved", "rejected"},
    "approved": set(),
    "rejected": set(),
}
ORGANISATION_TRANSITIONS: dict[str, set[str]] = {
    "pending": {"active", "rejected"},
    "active": {"passive"},
    "passive": {"active"},
    "rejected": set(),
}


@dataclass(frozen=True)
class ExistingOrganisation:
    oid: str
    name_fi: str
    name_sv: str
    name_en: str
    org_type: str
    business_id: str
    status: str


def check_registration_transition(current: str, new: str) -> None:
    check_transition(REGISTRATION_TRANSITIONS, current, new, code=ErrorCode.REGISTRATION_ILLEGAL_TRANSITION)


def check_organisation_transition(current: str, new: str) -> None:
    check_transition(ORGANISATION_TRANSITIONS, current, new, code=ErrorCode.ORGANISATION_ILLEGAL_TRANSITION)


def clean_business_id(value: str) -> str:
    try:
        return validate_business_id(value)
    except InvalidIdentifier as exc:
        raise ValidationFailed(exc.message, code=exc.code, details={"field": "business_id"}) from exc


WEBSITE_INVALID = _("Enter a web address that starts with http:// or https://, for example https://www.example.fi.")
EMAIL_INVALID = _("Enter a valid email address, for example name@example.fi.")


def clean_website(value: str, *, field: str = "website") -> str:
    """Issue 10: a website is an http(s) address with a real host (never `javascript:` or `data:`); empty is fine."""
    value = (value or "").strip()
    if value and not is_web_url(value):
        raise ValidationFailed(WEBSITE_INVALID, code=ErrorCode.REGISTRATION_WEBSITE_INVALID,
                               details={"field": field, "path": field})
    return value


def clean_email(value: str, *, field: str = "email", required: bool = False) -> str:
    """Issue 10: an email address as Django validates it, trimmed and lower-cased; empty only when optional."""
    value = (value or "").strip().lower()
    if (value or required) and not is_email(value):
        raise ValidationFailed(EMAIL_INVALID, code=ErrorCode.REGISTRATION_EMAIL_INVALID,
                               details={"field": field, "path": field})
    return value


def _norm(name: str) -> str:
    return " ".join((name or "").casefold().split())


def find_duplicate(business_id: str, names: Iterable[str], existing: Iterable[ExistingOrganisation],
                   preloaded_types: Iterable[str]) -> ExistingOrganisation | None:
    """R-ORG-2: an organisation already in the registry must not register again.

    A business id already in use (by any organisation not rejected) or a name of a preloaded
    organisation (universities, UAS, VST maintainers, vocational providers) is a duplicate.
    """
    wanted = {_norm(n) for n in names if _norm(n)}
    preloaded = set(preloaded_types)
    for org in existing:
        if org.status == "rejected":
            continue
        if business_id and org.business_id == business_id:
            return org
        if org.org_type in preloaded and wanted & {_norm(org.name_fi), _norm(org.name_sv), _norm(org.name_en)}:
            return org
    return None


def check_not_duplicate(business_id: str, names: Iterable[str], existing: Iterable[ExistingOrganisation],
                        preloaded_types: Iterable[str], *, contact: str = "") -> None:
    """R-ORG-2. An organisation whose own registration still waits for review has no main user yet: the
    answer says so (and whom to ask, `contact`), instead of sending the applicant to a main user."""
    dup = find_duplicate(business_id, names, existing, preloaded_types)
    if dup is not None and dup.status == "pending":
        message = _("%(name)s has already been registered and the registration is being reviewed. The main user "
                    "named in it gets an email when it is decided; you need not register again.") % {
            "name": dup.name_fi}
        if contact:
            message = _("%(message)s Questions: %(contact)s") % {"message": message, "contact": contact}
        raise Conflict(message, code=ErrorCode.REGISTRATION_DUPLICATE,
                       details={"oid": dup.oid, "name": dup.name_fi, "pending": True})
    if dup is not None:
        raise Conflict(
            _("This organisation is already registered as %(name)s (%(oid)s). Ask its main user for access "
              "instead of registering again.") % {"name": dup.name_fi, "oid": dup.oid},
            code=ErrorCode.REGISTRATION_DUPLICATE, details={"oid": dup.oid, "name": dup.name_fi},
        )


def check_rejection_reason(reason: str) -> str:
    """R-ORG-1: a rejection always carries a reason that the applicant receives."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give a reason for the rejection."), code=ErrorCode.REGISTRATION_REASON_MISSING,
                               details={"field": "reason"})
    return reason


# Contact persons of an organisation: a name, a loosely checked phone number and a valid email.
PHONE_RE = re.compile(r"^[0-9 +\-()]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ContactData:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    is_public: bool = True


def clean_contact(data: ContactData) -> ContactData:
    """Trim a contact person's fields and check them: name required, email format, phone loosely
    (digits, spaces, +, -, parentheses, at least five digits). Raises ValidationFailed naming the field."""
    name, role = (data.name or "").strip(), (data.role or "").strip()
    email, phone = (data.email or "").strip().lower(), " ".join((data.phone or "").split())
    if not name:
        raise ValidationFailed(_("Give the contact person's name."), code=ErrorCode.CONTACT_NAME_MISSING,
                               details={"field": "name"})
    if len(name) > 200 or len(role) > 200:
        raise ValidationFailed(_("The name and the role may be at most 200 characters long."),
                               code=ErrorCode.CONTACT_TOO_LONG, details={"field": "name" if len(name) > 200
                                                                                else "role"})
    if email and (len(email) > 254 or not EMAIL_RE.match(email) or not is_email(email)):
        raise ValidationFailed(EMAIL_INVALID,
                               code=ErrorCode.CONTACT_EMAIL_INVALID, details={"field": "email"})
    if phone and (len(phone) > 40 or not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 5):
        raise ValidationFailed(_("Enter a phone number with digits only, for example +358 40 123 4567 or "
                                 "(09) 123 456."), code=ErrorCode.CONTACT_PHONE_INVALID,
                               details={"field": "phone"})
    return ContactData(name=name, role=role, email=email, phone=phone, is_public=bool(data.is_public))
