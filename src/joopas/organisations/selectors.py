"""Reads of the organisation registry for pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from joopas.organisations import rules
from joopas.organisations.models import (
    ContactPerson,
    Organisation,
    OrganisationRegistration,
    OrganisationStatus,
)


def public_organisations(*, q: str = "", org_type: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(status__in=[OrganisationStatus.ACTIVE, OrganisationStatus.PASSIVE])
    if q:
        qs = qs.filter(Q(name_fi__icontains=q) | Q(name_sv__icontains=q) | Q(name_en__icontains=q)
                       | Q(business_id=q) | Q(oid=q) | Q(abbreviation__iexact=q))
    if org_type:
        qs = qs.filter(org_type=org_type)
    return qs.order_by("name_fi", "id")


def public_organisation(oid: str) -> Organisation | None:
    return (Organisation.objects.filter(oid=oid, status__in=[OrganisationStatus.ACTIVE, OrganisationStatus.PASSIVE])
            .select_related("parent").prefetch_related("contacts", "children").first())


def existing_for_duplicate_check() -> list[rules.ExistingOrganisation]:
    return [rules.ExistingOrganisation(*row) for row in Organisation.objects.values_list(
        "oid", "name_fi", "name_sv", "name_en", "org_type", "business_id", "status")]


def registrations(*, status: str = "", org_type: str = "", q: str = "") -> QuerySet[OrganisationRegistration]:
    qs = OrganisationRegistration.objects.select_related("organisation")
    if status:
        qs = qs.filter(status=status)
    if org_type:
        qs = qs.filter(organisation__org_type=org_type)
    if q:
        qs = qs.filter(Q(organisation__name_fi__icontains=q) | Q(organisation__business_id=q)
                       | Q(main_user_email__icontains=q))
    return qs.order_by("created_at", "id")


def contacts_of(organisation_id: int) -> QuerySet[ContactPerson]:
    """All contact persons of an organisation, public or not (for its main users)."""
    return ContactPerson.objects.filter(organisation_id=organisation_id).order_by("name", "id")


def organisation_by_oid(oid: str) -> Organisation | None:
    return Organisation.objects.filter(oid=oid).first()


def ancestor_ids(pk: int) -> list[int]:
    """The organisation and its parents, nearest first (main users of a parent act on children)."""
    ids: list[int] = []
    current = Organisation.objects.filter(pk=pk).values("id", "parent_id").first()
    while current and current["id"] not in ids:
        ids.append(current["id"])
        current = Organisation.objects.filter(pk=current["parent_id"]).values("id", "parent_id").first() \
            if current["parent_id"] else None
    return ids
