"""The JOO applications section of the desk (core.desk): what waits for the acting organisation's study office —
applications to endorse (home), to decide and overdue (host)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.access.api import offices_for_desk
from joopas.applications import policies, selectors
from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section

OFFICE_ROLES = frozenset(str(r) for r in policies.OFFICE_ROLES)


def _offices(ctx: DeskContext) -> list[int]:
    return offices_for_desk(ctx.user, ctx.acting_organisation_id, policies.OFFICE_ROLES)


def items(ctx: DeskContext) -> list[DeskItem]:
    if not ctx.roles & OFFICE_ROLES:
        return []
    orgs = _offices(ctx)
    if not orgs:
        return []
    return [DeskItem(_("JOO applications to endorse"), reverse("applications:home_queue") + "?status=submitted",
                     count=selectors.waiting_for_home(orgs)),
            DeskItem(_("JOO applications to decide"), reverse("applications:host_queue") + "?status=endorsed",
                     count=selectors.waiting_for_host(orgs)),
            DeskItem(_("JOO decisions overdue"), reverse("applications:host_queue") + "?overdue=1",
                     count=selectors.overdue_count(orgs)),
            DeskItem(_("JOO students at your institution"), reverse("applications:joo_students")),
            DeskItem(_("JOO application rounds and terms"), reverse("applications:terms")),
            DeskItem(_("JOO applications in all institutions"), reverse("applications:overview"))]


register_section(DeskSection(key="applications", title=gettext_lazy("JOO applications"), order=55, items=items))


def student_items(ctx: DeskContext) -> list[DeskItem]:
    """The student's own JOO applications, with the number waiting for the student's supplement."""
    persons = selectors.persons_of_user(ctx.user)
    if not persons:
        return []
    waiting = selectors.waiting_for_student([p.id for p in persons])
    return [DeskItem(_("My JOO applications"), reverse("applications:my"), count=waiting or None),
            DeskItem(_("Apply for a JOO study right"), reverse("applications:new"))]


register_section(DeskSection(key="applications_student", title=gettext_lazy("JOO study rights"), order=6,
                             items=student_items))
