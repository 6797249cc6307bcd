"""The rights section of the desk (core.desk): the study office's students and study rights, with counts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.access.api import organisations_with_role
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.rights import policies, selectors

STUDENT_ROLES = frozenset(policies.STUDENT_DATA_ROLES)


def _organisation(ctx: DeskContext) -> int | None:
    own = organisations_with_role(ctx.user, *policies.STUDENT_DATA_ROLES)
    if ctx.acting_organisation_id in own:
        return ctx.acting_organisation_id
    return own[0] if own else None


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.roles & STUDENT_ROLES:
        return []
    org = _organisation(ctx)
    if org is None:
        return []
    counts = selectors.desk_counts(org)
    students = reverse("rights:students")
    query = urlencode({"organisation": org})
    out = [DeskItem(_("Students and study rights"), f"{students}?{query}")]
    if counts["ending"]:
        out.append(DeskItem(_("Study rights ending within 30 days"), f"{students}?{query}&ending=30",
                            counts["ending"]))
    out += [DeskItem(_("Add a student"), f"{reverse('rights:student_new')}?{query}"),
            DeskItem(_("Import students from a file"), f"{reverse('rights:import')}?{query}")]
    return out


register_section(DeskSection(key="rights", title=gettext_lazy("Students and study rights"), order=55, items=items))
