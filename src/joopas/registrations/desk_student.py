"""The student's part of the desk (core.desk): a link to "My studies" for a user bound to a person who has a
home study right. (The study offices' part is `desk.py`.)"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joopas.core.desk import DeskContext, DeskItem, DeskSection, register_section
from joopas.registrations import selectors


def items(ctx: DeskContext) -> list[DeskItem]:
    if not selectors.persons_of_user(ctx.user):
        return []
    return [DeskItem(_("My registrations, study rights and completions"), reverse("registrations:my_studies"))]


def register() -> None:
    register_section(DeskSection(key="registrations_student", title=gettext_lazy("My studies"), order=5, items=items))
