"""The catalogue, seen from networks: the only place that calls `joopas.catalogue.api`.

Kept in one module so that the rest of the app depends on a handful of small functions (and tests can
replace them) rather than on the catalogue's shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Offer:
    kind: str  # "course_unit" | "realisation"
    id: int
    organisation_id: int
    code: str
    name: str
    course_unit_id: int | None = None  # for a realisation: its course unit


def _catalogue() -> Any:
    from joopas.catalogue import api

    return api


def _name(ref: Any, lang: str) -> str:
    getter = getattr(ref, "name", None)
    if callable(getter):
        return str(getter(lang))
    return str(getattr(ref, f"name_{lang}", "") or getattr(ref, "name_fi", "") or "")


def course_unit(course_unit_id: int, lang: str = "fi") -> Offer | None:
    ref = _catalogue().get_course_unit_by_id(course_unit_id)
    if ref is None:
        return None
    return Offer("course_unit", ref.id, ref.organisation_id, ref.code, _name(ref, lang))


def realisation(realisation_id: int, lang: str = "fi") -> Offer | None:
    ref = _catalogue().get_realisation_by_id(realisation_id)
    if ref is None:
        return None
    return Offer("realisation", ref.id, ref.organisation_id, ref.code, _name(ref, lang), ref.course_unit_id)


def realisation_ids_for_units(course_unit_ids: list[int]) -> list[int]:
    if not course_unit_ids:
        return []
    by_unit = _catalogue().realisation_ids_for_units(list(course_unit_ids))
    return sorted({r for ids in by_unit.values() for r in ids})


def offering_of_organisation(organisation_id: int, lang: str = "fi") -> list[Offer]:
    """The organisation's course units and realisations, for the targeting page."""
    units, reals = _catalogue().offering_of_organisation(organisation_id)
    offers = [Offer("course_unit", cu.id, cu.organisation_id, cu.code, _name(cu, lang)) for cu in units]
    offers += [Offer("realisation", r.id, r.organisation_id, r.code, _name(r, lang), r.course_unit_id) for r in reals]
    return offers


def catalogue_search_changed() -> None:
    """Targeting, membership and validity decide the catalogue's network filter: its cached searches go."""
    _catalogue().search_inputs_changed()
