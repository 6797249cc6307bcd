"""The organisations section of the desk (core.desk): the registrations waiting for a platform admin."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.organisations import selectors
from joopas.organisations.models import RegistrationStatus


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.is_platform_admin:
        return []
    return [DeskItem(_("Registrations to review"), reverse("organisations:review"),
                     count=selectors.registrations(status=RegistrationStatus.SUBMITTED).count())]


register_section(DeskSection(key="organisations", title=_lazy("Organisations"), order=20, items=items))
