"""The desk — the staff work list after login — assembled from what each app registers.

An app contributes a section from its own `desk.py` (autodiscovered at start-up), so the desk never
imports the apps and a new app plugs in without editing anything else. Counts say what waits for
this person (applications to endorse, dead letters, expiring grants …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DeskContext:
    user: Any
    acting_organisation_id: int | None
    roles: frozenset[str]
    is_platform_admin: bool


@dataclass(frozen=True)
class DeskItem:
    label: Any  # a (lazy) translated string
    url: str
    count: int | None = None
    hint: Any = ""


@dataclass(frozen=True)
class DeskSection:
    key: str
    title: Any
    order: int
    items: Callable[[DeskContext], list[DeskItem]]


_SECTIONS: dict[str, DeskSection] = {}


def register_section(section: DeskSection) -> None:
    """Register (or replace, by key) a desk section."""
    _SECTIONS[section.key] = section


def unregister_section(key: str) -> None:
    _SECTIONS.pop(key, None)


def registered_sections() -> list[DeskSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def sections_for(ctx: DeskContext) -> list[tuple[DeskSection, list[DeskItem]]]:
    """The sections with something for this person, in order; empty sections are left out."""
    out = []
    for section in registered_sections():
        items = section.items(ctx)
        if items:
            out.append((section, items))
    return out
