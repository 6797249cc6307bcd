"""What apps above networks plug in at start-up (networks imports none of them).

- The offering source: networks targets course units and realisations that the catalogue owns. The
  catalogue registers an `OfferingSource` in its `AppConfig.ready()`; until one is registered, networks
  knows no offering (lookups find nothing).
- Offering listeners: targeting, membership and validity decide which offering is in a network. Every
  logged network change calls the registered listeners (the catalogue drops its cached searches).
- The eligible-rights counter: R-NET-3 asks how many eligible study rights a change affects. Eligible study
  rights (R-NET-2) are marked by the home institutions in the rights app, which registers its counter with
  `networks.api.register_eligible_rights_counter` at start-up; without one the count is 0 — and the preview
  says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from joopas.networks.data import Offer

RightsCounter = Callable[[int, list[int]], int]  # (network_id, home organisation ids) -> count
OfferingListener = Callable[[], None]


class OfferingSource(Protocol):
    """The offering networks can target (implemented by the catalogue)."""

    def course_unit(self, course_unit_id: int, lang: str = "fi") -> Offer | None: ...

    def realisation(self, realisation_id: int, lang: str = "fi") -> Offer | None: ...

    def realisation_ids_for_units(self, course_unit_ids: list[int]) -> list[int]:
        """Ids of every realisation (any status) of these course units, sorted."""
        ...

    def offering_of_organisation(self, organisation_id: int, lang: str = "fi") -> list[Offer]:
        """The organisation's course units, then its realisations, each by code."""
        ...


class NoOffering:
    """The source before anything is registered: no offering exists."""

    def course_unit(self, course_unit_id: int, lang: str = "fi") -> Offer | None:
        return None

    def realisation(self, realisation_id: int, lang: str = "fi") -> Offer | None:
        return None

    def realisation_ids_for_units(self, course_unit_ids: list[int]) -> list[int]:
        return []

    def offering_of_organisation(self, organisation_id: int, lang: str = "fi") -> list[Offer]:
        return []


_offering_source: OfferingSource = NoOffering()
_offering_listeners: list[OfferingListener] = []
_rights_counter: RightsCounter | None = None


def register_offering_source(source: OfferingSource | None) -> None:
    """Called once at start-up by the app that owns the offering; None unregisters."""
    global _offering_source
    _offering_source = source if source is not None else NoOffering()


def offering_source() -> OfferingSource:
    return _offering_source


def register_offering_listener(listener: OfferingListener) -> None:
    """`listener()` runs whenever targeting, membership or validity may have moved offering in or out of a
    network. Registering the same function twice keeps one."""
    if listener not in _offering_listeners:
        _offering_listeners.append(listener)


def offering_changed() -> None:
    for listener in list(_offering_listeners):
        listener()


def register_eligible_rights_counter(counter: RightsCounter | None) -> None:
    global _rights_counter
    _rights_counter = counter


def eligible_rights_counter() -> RightsCounter | None:
    """The registered counter (tests swap it and put it back)."""
    return _rights_counter


def rights_counter_installed() -> bool:
    return _rights_counter is not None


def eligible_rights_count(network_id: int, organisation_ids: list[int]) -> int:
    if _rights_counter is None or not organisation_ids:
        return 0
    return int(_rights_counter(network_id, sorted(organisation_ids)))
