"""Pure rules of the organisation registry (R-ORG-1, R-ORG-2). No ORM, no I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from joopas.core.errors import Conflict, ValidationFailed, check_transition
from joopas.core.identifiers import InvalidIdentifier, validate_business_id

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
    check_transition(REGISTRATION_TRANSITIONS, current, new, code="organisations.registration.illegal_transition")


def check_organisation_transition(current: str, new: str) -> None:
    check_transition(ORGANISATION_TRANSITIONS, current, new, code="organisations.organisation.illegal_transition")


def clean_business_id(value: str) -> str:
    try:
        return validate_business_id(value)
    except InvalidIdentifier as exc:
        raise ValidationFailed(exc.message, code=exc.code, details={"field": "business_id"}) from exc


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
                        preloaded_types: Iterable[str]) -> None:
    dup = find_duplicate(business_id, names, existing, preloaded_types)
    if dup is not None:
        raise Conflict(
            _("This organisation is already registered as %(name)s (%(oid)s). Ask its main user for access "
              "instead of registering again.") % {"name": dup.name_fi, "oid": dup.oid},
            code="organisations.registration.duplicate", details={"oid": dup.oid, "name": dup.name_fi},
        )


def check_rejection_reason(reason: str) -> str:
    """R-ORG-1: a rejection always carries a reason that the applicant receives."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Give a reason for the rejection."), code="organisations.registration.reason_missing",
                               details={"field": "reason"})
    return reason
