"""The catalogue as the networks app's offering source, and its listener for network changes.

networks sits below the catalogue and never imports it: `CatalogueConfig.ready()` calls `register()`, which
hands networks this typed source (`networks.api.OfferingSource`) and the search-cache listener.
"""

from __future__ import annotations

from joopas.catalogue import api, services
from joopas.catalogue.data import CourseUnitRef, RealisationRef
from joopas.networks import api as networks_api
from joopas.networks.data import Offer


def _unit_offer(ref: CourseUnitRef, lang: str) -> Offer:
    return Offer("course_unit", ref.id, ref.organisation_id, ref.code, ref.name(lang))


def _realisation_offer(ref: RealisationRef, lang: str) -> Offer:
    return Offer("realisation", ref.id, ref.organisation_id, ref.code, ref.name(lang), ref.course_unit_id)


class CatalogueOffering:
    """Course units and realisations that networks can target (implements `networks.api.OfferingSource`)."""

    def course_unit(self, course_unit_id: int, lang: str = "fi") -> Offer | None:
        ref = api.get_course_unit_by_id(course_unit_id)
        return _unit_offer(ref, lang) if ref else None

    def realisation(self, realisation_id: int, lang: str = "fi") -> Offer | None:
        ref = api.get_realisation_by_id(realisation_id)
        return _realisation_offer(ref, lang) if ref else None

    def realisation_ids_for_units(self, course_unit_ids: list[int]) -> list[int]:
        by_unit = api.realisation_ids_for_units(list(course_unit_ids))
        return sorted({r for ids in by_unit.values() for r in ids})

    def offering_of_organisation(self, organisation_id: int, lang: str = "fi") -> list[Offer]:
        units, reals = api.offering_of_organisation(organisation_id)
        return [_unit_offer(u, lang) for u in units] + [_realisation_offer(r, lang) for r in reals]


def network_offering_changed() -> None:
    """Targeting, membership or validity changed in networks: cached searches (network filter) are stale."""
    services.catalogue_changed()


def register() -> None:
    networks_api.register_offering_source(CatalogueOffering())
    networks_api.register_offering_listener(network_offering_changed)
