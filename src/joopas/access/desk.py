"""The access section of the desk (core.desk): manage the rights of the organisations one is a main user of
(with the R-ACC-3 warning when one has fewer than two main users), the platform admin's queues, and one's own
access rights (everyone)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.access import rules, selectors
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.organisations import api as organisations_api


def items(ctx: DeskContext) -> list[DeskItem]:
    out: list[DeskItem] = []
    managed = sorted({r.organisation_id for r in selectors.active_roles(ctx.user) if r.role in rules.MAIN_USER_ROLES})
    orgs = organisations_api.get_many(managed)
    counts = selectors.main_user_counts(managed) if managed else {}
    for org_id in managed:
        org = orgs.get(org_id)
        if org is None:
            continue
        hint = ""
        if rules.main_user_shortage(counts.get(org_id, 0)):  # R-ACC-3
            hint = _("%(name)s has fewer than two active main users. Grant the main-user role to another person so "
                     "that rights can still be renewed.") % {"name": org.name_fi}
        out.append(DeskItem(_("Manage access rights: %(name)s") % {"name": org.name_fi},
                            reverse("access:organisation", args=[org_id]), hint=hint))
    if ctx.is_platform_admin:
        out += [DeskItem(_("Access applications"), reverse("access:applications"),
                         count=selectors.open_requests().count()),
                DeskItem(_("Organisations with fewer than two main users"), reverse("access:continuity")),
                DeskItem(_("Audit log"), reverse("access:audit"))]
    out.append(DeskItem(_("Access rights"), reverse("access:home")))
    return out


register_section(DeskSection(key="access", title=_lazy("Access rights"), order=10, items=items))
