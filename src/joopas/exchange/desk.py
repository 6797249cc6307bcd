"""The exchange section of the desk (core.desk): messages between institutions and the dead letters waiting for
someone (counted over the organisations whose messages the person sees; all of them for a platform admin)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.access.api import Role, organisations_with_role
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.exchange.models import Delivery, DeliveryStatus

EXCHANGE_ROLES = (Role.OFFICER, Role.REGISTRAR, Role.MAIN_USER, Role.INTEGRATION_CLIENT)


def dead_letter_count(ctx: DeskContext) -> int:
    qs = Delivery.objects.filter(status=DeliveryStatus.DEAD)
    if not ctx.is_platform_admin:
        org_ids = organisations_with_role(ctx.user, *EXCHANGE_ROLES)
        qs = qs.filter(Q(receiver_id__in=org_ids) | Q(message__sender_id__in=org_ids))
    return qs.count()


def items(ctx: DeskContext) -> list[DeskItem]:
    if not (ctx.is_platform_admin or ctx.roles & set(EXCHANGE_ROLES)):
        return []
    return [DeskItem(_("Messages between institutions"), reverse("exchange:messages")),
            DeskItem(_("Undelivered messages"), reverse("exchange:dead_letters"), count=dead_letter_count(ctx))]


register_section(DeskSection(key="exchange", title=_lazy("Exchange"), order=60, items=items))
