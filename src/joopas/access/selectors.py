"""Reads of access rights for pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from joopas.access import rules
from joopas.access.data import ActiveRole
from joopas.access.models import (
    ACTIVE_STATUSES,
    AccessRequest,
    AccessRequestStatus,
    ApiKey,
    Grant,
    GrantLink,
    Invitation,
    InvitationStatus,
    Role,
)
from joopas.core.clock import today
from joopas.core.models import AuditEvent


def active_roles(user: Any, on: dt.date | None = None) -> list[ActiveRole]:
    """The user's roles valid on the day (today by default); nobody's when not logged in."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [ActiveRole(g["organisation_id"], g["role"])
            for g in active_grants(on).filter(user_id=user.pk).values("organisation_id", "role")]


def has_role(user: Any, organisation_id: int | None, *roles: str, on: dt.date | None = None) -> bool:
    """The active user holds one of `roles` in the organisation (in any organisation when None)."""
    return has_role_in_any(user, None if organisation_id is None else [organisation_id], *roles, on=on)


def has_role_in_any(user: Any, organisation_ids: list[int] | None, *roles: str, on: dt.date | None = None) -> bool:
    """One query: the active user holds one of `roles` in one of the organisations (any when None)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    qs = active_grants(on).filter(user_id=user.pk, role__in=roles)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    return qs.exists()


def organisations_with_role(user: Any, *roles: str) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(set(active_grants().filter(user_id=user.pk, role__in=roles)
                      .values_list("organisation_id", flat=True)))


def is_platform_admin(user: Any) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return has_role(user, None, Role.PLATFORM_ADMIN)


def grant_links() -> list[tuple[str, str]]:
    return list(GrantLink.objects.values_list("granter_role", "grantable_role"))


def active_grants(on: dt.date | None = None) -> QuerySet[Grant]:
    day = on or today()
    return Grant.objects.filter(status__in=ACTIVE_STATUSES, valid_from__lte=day, valid_until__gte=day)


def grants_of_organisation(organisation_id: int, *, include_ended: bool = False) -> QuerySet[Grant]:
    qs = Grant.objects.filter(organisation_id=organisation_id).select_related("user", "granted_by")
    if not include_ended:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    return qs.order_by("role", "user__email")


def grant_with_history(grant_id: int) -> Grant | None:
    return Grant.objects.filter(pk=grant_id).select_related("user").prefetch_related("history").first()


def active_main_user_count(organisation_id: int, on: dt.date | None = None) -> int:
    return active_grants(on).filter(organisation_id=organisation_id,
                                    role__in=rules.MAIN_USER_ROLES).values("user_id").distinct().count()


def main_user_counts(organisation_ids: list[int], on: dt.date | None = None) -> dict[int, int]:
    rows = (active_grants(on).filter(organisation_id__in=organisation_ids, role__in=rules.MAIN_USER_ROLES)
            .values("organisation_id").annotate(n=Count("user_id", distinct=True)))
    counts = dict.fromkeys(organisation_ids, 0)
    counts.update({r["organisation_id"]: r["n"] for r in rows})
    return counts


def had_grant_in(user_id: int, organisation_id: int) -> bool:
    return Grant.objects.filter(user_id=user_id, organisation_id=organisation_id).exists()


def invitations_of_organisation(organisation_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation_id=organisation_id).select_related("invited_by")


def open_requests() -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(status=AccessRequestStatus.OPEN).select_related("user")


def requests_of_user(user_id: int) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(user_id=user_id)


def api_keys_of_organisation(organisation_id: int) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organisation_id=organisation_id).select_related("created_by")


def open_invitation_count(organisation_id: int) -> int:
    return Invitation.objects.filter(organisation_id=organisation_id, status=InvitationStatus.OPEN).count()


def audit_search(*, organisation_oid: str | None, event: str = "", actor: str = "", person_oid: str = "",
                 date_from: dt.date | None = None, date_to: dt.date | None = None,
                 text: str = "", acting_organisation_oid: str = "") -> QuerySet[AuditEvent]:
    """R-ACC-6: the audit log, limited to one organisation's rows unless `organisation_oid` is None."""
    qs = AuditEvent.objects.all()
    if organisation_oid is not None:
        qs = qs.filter(organisation_oid=organisation_oid)
    if acting_organisation_oid:
        qs = qs.filter(acting_organisation_oid=acting_organisation_oid)
    if event:
        qs = qs.filter(event__startswith=event)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if person_oid:
        qs = qs.filter(person_oid=person_oid)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    if text:
        qs = qs.filter(Q(subject_id=text) | Q(subject_type__icontains=text) | Q(organisation_oid=text))
    return qs.order_by("-at", "-id")


def user_grants(user: Any) -> QuerySet[Grant]:
    return Grant.objects.filter(user_id=user.pk).order_by("-valid_until")


def invitation_organisation_id(invitation_id: int) -> int | None:
    return Invitation.objects.filter(pk=invitation_id).values_list("organisation_id", flat=True).first()


def api_key_organisation_id(key_id: int) -> int | None:
    return ApiKey.objects.filter(pk=key_id).values_list("organisation_id", flat=True).first()


def organisation_ids_ever_granted(user_id: int) -> list[int]:
    """Organisations where the user has or had any grant (R-ACC-4: who may apply)."""
    return sorted(set(Grant.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)))
