"""The networks section of the desk (core.desk): targeting offering to networks and the network list."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.access.api import Role
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section

TARGETING_ROLES = frozenset({Role.CATALOGUE_EDITOR, Role.MAIN_USER, Role.OFFERING_EDITOR})
NETWORK_ROLES = frozenset({Role.NETWORK_COORDINATOR, Role.MAIN_USER})


def items(ctx: DeskContext) -> list[DeskItem]:
    out: list[DeskItem] = []
    if ctx.roles & TARGETING_ROLES:
        out.append(DeskItem(_("Target offering to networks"), reverse("networks:targeting")))
    if ctx.roles & NETWORK_ROLES:
        out.append(DeskItem(_("Networks"), reverse("networks:list")))
    return out


register_section(DeskSection(key="networks", title=_lazy("Networks"), order=50, items=items))
