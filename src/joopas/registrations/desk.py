"""The registrations section of the desk (core.desk): the host's queue and the home's outgoing registrations,
with what waits, for the study offices (officers, registrars, main users) of the acting organisation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.access.api import offices_for_desk
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.registrations import policies, selectors

OFFICE_ROLES = frozenset(str(r) for r in policies.OFFICE_ROLES)


def _offices(ctx: DeskContext) -> list[int]:
    return offices_for_desk(ctx.user, ctx.acting_organisation_id, policies.OFFICE_ROLES)


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.roles & OFFICE_ROLES:
        return []
    orgs = _offices(ctx)
    if not orgs:
        return []
    return [DeskItem(_("Registrations waiting for your decision"), reverse("registrations:queue") + "?status=1",
                     count=selectors.pending_count(side="host", organisation_ids=orgs)),
            # the home's outgoing registrations wait for the host, not for this person: the number is in the label
            DeskItem(_("Outgoing registrations (%(n)s waiting for the host's decision)")
                     % {"n": selectors.pending_count(side="home", organisation_ids=orgs)},
                     reverse("registrations:outgoing"))]


register_section(DeskSection(key="registrations", title=gettext_lazy("Cross-institutional registrations"), order=60,
                             items=items))
