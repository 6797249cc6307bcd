"""The catalogue's section of the desk (core.desk): offering work for editors and main users."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.access.api import Role
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section

EDITOR_ROLES = frozenset({Role.CATALOGUE_EDITOR, Role.MAIN_USER, Role.OFFERING_EDITOR})


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.roles & EDITOR_ROLES:
        return []
    return [DeskItem(_("Study offering"), reverse("catalogue:editor")),
            DeskItem(_("JOO offering declaration"), reverse("catalogue:joo"))]


register_section(DeskSection(key="catalogue", title=_lazy("Study offering"), order=40, items=items))
