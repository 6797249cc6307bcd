"""The records section of the desk (core.desk): the home's credits waiting for approval, the host's completion
form and the conversion tables, for the study offices of the acting organisation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.access.api import offices_for_desk
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.records import policies, selectors

OFFICE_ROLES = frozenset(str(r) for r in policies.OFFICE_ROLES)


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.roles & OFFICE_ROLES:
        return []
    orgs = offices_for_desk(ctx.user, ctx.acting_organisation_id, policies.OFFICE_ROLES)
    if not orgs:
        return []
    return [DeskItem(_("Credits waiting for approval"), reverse("records:credits") + "?status=received",
                     count=selectors.credits_waiting(orgs)),
            DeskItem(_("Record completions"), reverse("records:realisations")),
            DeskItem(_("Grade conversion tables"), reverse("records:conversions"))]


register_section(DeskSection(key="records", title=gettext_lazy("Study records"), order=61, items=items))
