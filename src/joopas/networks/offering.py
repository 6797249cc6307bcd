"""The offering, seen from networks: the only place that asks the registered `hooks.OfferingSource`.

networks sits below the catalogue and imports none of it: the catalogue registers its source at start-up
(`catalogue.apps`). The rest of the app depends on these few functions (tests can replace them).
"""

from __future__ import annotations

from joopas.networks import hooks
from joopas.networks.data import Offer

__all__ = ["Offer", "catalogue_search_changed", "course_unit", "offering_of_organisation", "realisation",
           "realisation_ids_for_units"]


def course_unit(course_unit_id: int, lang: str = "fi") -> Offer | None:
    return hooks.offering_source().course_unit(course_unit_id, lang)


def realisation(realisation_id: int, lang: str = "fi") -> Offer | None:
    return hooks.offering_source().realisation(realisation_id, lang)


def realisation_ids_for_units(course_unit_ids: list[int]) -> list[int]:
    if not course_unit_ids:
        return []
    return sorted(set(hooks.offering_source().realisation_ids_for_units(list(course_unit_ids))))


def offering_of_organisation(organisation_id: int, lang: str = "fi") -> list[Offer]:
    """The organisation's course units and realisations, for the targeting page."""
    return hooks.offering_source().offering_of_organisation(organisation_id, lang)


def catalogue_search_changed() -> None:
    """Targeting, membership and validity decide the catalogue's network filter: the listeners (its cached
    searches) are told."""
    hooks.offering_changed()
