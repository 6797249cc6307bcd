"""Pluggable counters that later apps provide.

R-NET-3 asks how many eligible study rights a change affects. Eligible study rights (R-NET-2) are
marked by the home institutions in the rights app, which does not exist yet; until it registers its
counter with `networks.api.register_eligible_rights_counter`, the count is 0 — and the preview says so.
"""

from __future__ import annotations

from collections.abc import Callable

RightsCounter = Callable[[int, list[int]], int]  # (network_id, home organisation ids) -> count

_rights_counter: RightsCounter | None = None


def register_eligible_rights_counter(counter: RightsCounter | None) -> None:
    global _rights_counter
    _rights_counter = counter


def rights_counter_installed() -> bool:
    return _rights_counter is not None


def eligible_rights_count(network_id: int, organisation_ids: list[int]) -> int:
    if _rights_counter is None or not organisation_ids:
        return 0
    return int(_rights_counter(network_id, sorted(organisation_ids)))
