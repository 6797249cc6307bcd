"""The notifications section of the desk (core.desk): the person's own messages and how many are unread."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.notifications import selectors


def items(ctx: DeskContext) -> list[DeskItem]:
    if not getattr(ctx.user, "is_authenticated", False):
        return []
    unread = selectors.unread_count(ctx.user.pk)
    if not (unread or ctx.roles or ctx.is_platform_admin or selectors.inbox(ctx.user.pk).exists()):
        return []  # someone without a role and without any message keeps the desk's empty state
    label = _("Unread messages") if unread else _("Your messages")
    return [DeskItem(label, reverse("notifications:inbox"), count=unread or None)]


register_section(DeskSection(key="notifications", title=_lazy("Messages"), order=90, items=items))
