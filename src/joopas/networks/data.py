"""What other apps get from the networks app: frozen snapshots, never the models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def _covers(start: dt.date, end: dt.date | None, day: dt.date) -> bool:
    return start <= day and (end is None or day <= end)


@dataclass(frozen=True)
class PeriodRef:
    start: dt.date
    end: dt.date | None  # None = indefinitely

    def covers(self, day: dt.date) -> bool:
        return _covers(self.start, self.end, day)


@dataclass(frozen=True)
class MembershipRef:
    network_id: int
    organisation_id: int
    valid_from: dt.date
    valid_until: dt.date | None  # None = indefinitely
    is_coordinator: bool

    def valid_on(self, day: dt.date) -> bool:
        return _covers(self.valid_from, self.valid_until, day)


@dataclass(frozen=True)
class NetworkRef:
    id: int
    code: str
    name_fi: str
    name_sv: str
    name_en: str
    network_type: str  # joo_agreement | curriculum_level | freedom_of_choice
    coordinating_organisation_id: int
    pricing_basis: str  # free | euro_per_credit
    price_per_credit: Decimal | None
    periods: tuple[PeriodRef, ...] = ()
    members: tuple[MembershipRef, ...] = ()

    def name(self, lang: str = "fi") -> str:
        return getattr(self, f"name_{lang}", "") or self.name_fi

    def valid_on(self, day: dt.date) -> bool:
        return any(p.covers(day) for p in self.periods)

    def membership(self, organisation_id: int) -> MembershipRef | None:
        return next((m for m in self.members if m.organisation_id == organisation_id), None)


@dataclass(frozen=True)
class TargetingRef:
    """A course unit or realisation of `organisation_id` targeted to a network. No eligibility here (R-OFF-2)."""

    id: int
    network_id: int
    organisation_id: int
    course_unit_id: int | None
    realisation_id: int | None
    valid_from: dt.date
    valid_until: dt.date | None
    enrollable: bool

    def valid_on(self, day: dt.date) -> bool:
        return _covers(self.valid_from, self.valid_until, day)

    @property
    def target(self) -> tuple[str, int]:
        if self.course_unit_id is not None:
            return ("course_unit", self.course_unit_id)
        return ("realisation", int(self.realisation_id or 0))


@dataclass(frozen=True)
class OfferingIds:
    """Offering targeted to a network on a date (catalogue search filter)."""

    course_unit_ids: frozenset[int] = frozenset()
    realisation_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Offer:
    """A course unit or realisation as networks sees it (from the registered `hooks.OfferingSource`)."""

    kind: str  # "course_unit" | "realisation"
    id: int
    organisation_id: int
    code: str
    name: str
    course_unit_id: int | None = None  # for a realisation: its course unit


@dataclass(frozen=True)
class Impact:
    """R-NET-3: what a targeting or membership change affects, shown before it is saved."""

    realisations: int
    study_rights: int  # eligible study rights; 0 until the rights app plugs in its counter
    organisations: tuple[int, ...]  # members that will see (and be notified of) the change
    token: str = ""  # confirmation token: the save must quote it


@dataclass(frozen=True)
class NetworkChangeRef:
    """One row of the append-only change log; `id` is the cursor for `changes_since`."""

    id: int
    network_id: int
    kind: str
    affected_organisation_ids: tuple[int, ...]
    at: dt.datetime
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
