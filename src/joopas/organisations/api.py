"""The organisations app's public surface for other apps."""

from __future__ import annotations

from django.db.models import F, Q

from joopas.organisations import selectors
from joopas.organisations.data import OrganisationRef, RegistrationApproved
from joopas.organisations.hooks import (
    AccessChecker,
    RegistrationApprovedListener,
    register_access_checker,
    register_on_registration_approved,
)
from joopas.organisations.models import Organisation

__all__ = ["AccessChecker", "OrganisationRef", "RegistrationApproved", "RegistrationApprovedListener",
           "ancestor_ids", "get_by_id", "get_by_oid", "get_many", "get_many_by_id_or_oid", "get_many_by_tk_code", "list_active", "public_profile",
           "register_access_checker", "register_on_registration_approved"]


def _ref(org: Organisation) -> OrganisationRef:
    return OrganisationRef(org.pk, org.oid, org.name_fi, org.name_sv, org.name_en, org.org_type, org.status,
                           org.tk_code, org.strong_identification)


def get_by_oid(oid: str) -> OrganisationRef | None:
    org = Organisation.objects.filter(oid=oid).first()
    return _ref(org) if org else None


def get_by_id(pk: int) -> OrganisationRef | None:
    org = Organisation.objects.filter(pk=pk).first()
    return _ref(org) if org else None


def get_many(ids: list[int] | set[int] | tuple[int, ...]) -> dict[int, OrganisationRef]:
    """Several organisations by id in one query (for lists and loops); unknown ids are left out."""
    wanted = {int(i) for i in ids if i is not None}
    if not wanted:
        return {}
    return {o.pk: _ref(o) for o in Organisation.objects.filter(pk__in=wanted)}


def get_many_by_id_or_oid(ids: list[int] | tuple[int, ...] = (), oids: list[str] | tuple[str, ...] = ()
                          ) -> list[OrganisationRef]:
    """Organisations named by id or by OID, in one query (a request naming one by OID and knowing another)."""
    wanted_ids, wanted_oids = {int(i) for i in ids if i is not None}, {str(o) for o in oids if o}
    if not wanted_ids and not wanted_oids:
        return []
    return [_ref(o) for o in Organisation.objects.filter(Q(pk__in=wanted_ids) | Q(oid__in=wanted_oids))]


def get_many_by_tk_code(codes: list[str] | set[str] | tuple[str, ...]) -> dict[str, OrganisationRef]:
    """Active organisations by Statistics Finland code (as payloads name them) in one query; unknown codes are
    left out. Should two active organisations share a code, the top-level one (then the oldest) is meant."""
    wanted = {str(c) for c in codes if c}
    out: dict[str, OrganisationRef] = {}
    for org in Organisation.objects.filter(tk_code__in=wanted, status="active").order_by(F("parent_id").asc(nulls_first=True), "id"):
        out.setdefault(org.tk_code, _ref(org))
    return out


def list_active() -> list[OrganisationRef]:
    return [_ref(o) for o in Organisation.objects.filter(status="active")]


def ancestor_ids(pk: int) -> list[int]:
    """The organisation and its parents, nearest first (main users of a parent act on children)."""
    return selectors.ancestor_ids(pk)


def public_profile(pk: int) -> dict[str, object] | None:
    """Public contact information of an organisation (catalogue's institutions page): website, guidance link
    and the contact persons marked public."""
    org = Organisation.objects.filter(pk=pk).first()
    if org is None:
        return None
    return {"website": org.website, "guidance_url": org.guidance_url, "email": org.email,
            "municipality": org.municipality,
            "contacts": [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
                         for c in org.contacts.filter(is_public=True)]}
