"""The organisation a staff page acts for (the acting organisation, toimiva organisaatio): one rule for every app's
office pages, re-exported by `access.api`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from joopas.access.selectors import organisations_with_role
from joopas.organisations import api as organisations_api
from joopas.organisations.data import OrganisationRef

SESSION_KEY = "acting_organisation"


def acting_organisation_for(request: HttpRequest, roles: Iterable[Any], refusal: Any) -> OrganisationRef | HttpResponse:
    """The acting organisation when the user has one of `roles` there, their only such organisation otherwise;
    with several and none chosen, a redirect to the picker (which comes back); with none, 403 with `refusal`."""
    orgs = organisations_with_role(request.user, *roles)
    if not orgs:
        raise PermissionDenied(str(refusal))
    oid = request.session.get(SESSION_KEY)
    acting = organisations_api.get_by_oid(oid) if oid else None
    if acting is not None and acting.id in orgs:
        return acting
    if len(orgs) == 1:
        only = organisations_api.get_by_id(orgs[0])
        if only is not None:
            return only
    return redirect(f"{reverse('access:acting')}?{urlencode({'next': request.get_full_path()})}")


def offices_for_desk(user: Any, acting_organisation_id: int | None, roles: Iterable[Any]) -> list[int]:
    """The organisations whose work a desk section counts for the user: the acting organisation when the user has
    one of `roles` there, otherwise every organisation where they have one."""
    orgs = organisations_with_role(user, *roles)
    return [acting_organisation_id] if acting_organisation_id in orgs and acting_organisation_id is not None else orgs
