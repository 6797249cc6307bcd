"""Networks for tests, built through the services (like `catalogue/tests/factories.py`): every row a test sees
was written the way the app writes it — audit rows and change log included.

The services need an actor: the factories act as a platform admin (networks) and as a catalogue editor of
the organiser (targeting), both created once per test. Memberships and targetings go through the R-NET-3
preview and confirm their token.

networks sits below the catalogue, so its own tests target a `FakeOffering` (an in-memory
`networks.api.OfferingSource`, registered for every networks test by `conftest.py`); tests of the catalogue
or above use the real catalogue's offering.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from joopas.access.api import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.core.clock import today
from joopas.networks import services
from joopas.networks.data import Offer
from joopas.networks.models import Network, Targeting

_seq = itertools.count(1)
_offer_ids = itertools.count(9_000_001)
FACTORY_ADMIN = "network-factory@joopas.invalid"
FACTORY_EDITOR = "offering-factory@joopas.invalid"


def _org_id(org: Any) -> int:
    return int(getattr(org, "pk", org))


def factory_admin() -> Any:
    """The platform admin the factories act as (one per test database)."""
    from joopas.accounts.models import User

    user = User.objects.filter(email=FACTORY_ADMIN).first()
    return user or UserFactory(email=FACTORY_ADMIN, is_superuser=True)


def factory_editor(organisation_id: int) -> Any:
    """The catalogue editor the factories target offering as: an editor of every organiser it meets."""
    from joopas.accounts.models import User
    from joopas.networks.policies import can_target_offering

    user = User.objects.filter(email=FACTORY_EDITOR).first() or UserFactory(email=FACTORY_EDITOR)
    if not can_target_offering(user, organisation_id):
        grant(user, organisation_id, Role.CATALOGUE_EDITOR)
    return user


def network_data(coordinator: Any, **overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    data: dict[str, Any] = {"code": f"NET-{n}", "name_fi": f"Verkosto {n}", "name_sv": f"Nätverk {n}",
                            "name_en": f"Network {n}", "network_type": "curriculum_level",
                            "coordinating_organisation_id": _org_id(coordinator)}
    data.update(overrides)
    return data


def make_network(coordinator: Any, members: list[Any] = (), *, start: dt.date | None = None,  # type: ignore[assignment]
                 end: dt.date | None = None, **fields: Any) -> Network:
    """A network valid from `start` (default 100 days ago) to `end`, coordinated by `coordinator`, with
    `members` valid from `start` indefinitely."""
    start = start or today() - dt.timedelta(days=100)
    admin = factory_admin()
    network = services.network_create(actor=admin, valid_from=start, valid_until=end,
                                       **network_data(coordinator, **fields))
    for org in members:
        add_member(network, org, valid_from=start, actor=admin)
    return network


def add_member(network: Network, organisation: Any, *, valid_from: dt.date | None = None,
               valid_until: dt.date | None = None, is_coordinator: bool = False, actor: Any = None) -> None:
    """Add or change a membership through the R-NET-3 preview and its token."""
    kwargs = {"organisation_id": _org_id(organisation), "valid_from": valid_from or today() - dt.timedelta(days=100),
              "valid_until": valid_until, "is_coordinator": is_coordinator}
    actor = actor or factory_admin()
    impact = services.preview_membership_change(actor=actor, network=network, **kwargs)
    services.membership_save(actor=actor, network=network, confirm=impact.token, **kwargs)


def make_targeting(network: Network, *, course_unit: Any = None, realisation: Any = None,
                   valid_from: dt.date | None = None, valid_until: dt.date | None = None,
                   enrollable: bool = True) -> Targeting:
    """Target a course unit or a realisation (anything with `pk` and `organisation_id`) through the preview."""
    target = course_unit if course_unit is not None else realisation
    kwargs = {"course_unit_id": course_unit.pk if course_unit is not None else None,
              "realisation_id": realisation.pk if realisation is not None else None,
              "valid_from": valid_from or today() - dt.timedelta(days=10), "valid_until": valid_until,
              "enrollable": enrollable}
    editor = factory_editor(target.organisation_id)
    impact = services.preview_targeting_change(actor=editor, network=network, **kwargs)
    return services.targeting_save(actor=editor, network=network, confirm=impact.token, **kwargs)


# --- offering without the catalogue ------------------------------------------------------------------------

@dataclass
class FakeUnit:
    pk: int
    organisation_id: int
    code: str
    name: str


@dataclass
class FakeRealisation:
    pk: int
    organisation_id: int
    code: str
    name: str
    course_unit_id: int


class FakeOffering:
    """An in-memory `OfferingSource`: course units and realisations that exist only for the test."""

    def __init__(self) -> None:
        self.units: dict[int, FakeUnit] = {}
        self.realisations: dict[int, FakeRealisation] = {}

    def course_unit(self, course_unit_id: int, lang: str = "fi") -> Offer | None:
        u = self.units.get(course_unit_id)
        return Offer("course_unit", u.pk, u.organisation_id, u.code, u.name) if u else None

    def realisation(self, realisation_id: int, lang: str = "fi") -> Offer | None:
        r = self.realisations.get(realisation_id)
        return Offer("realisation", r.pk, r.organisation_id, r.code, r.name, r.course_unit_id) if r else None

    def realisation_ids_for_units(self, course_unit_ids: list[int]) -> list[int]:
        return sorted(r.pk for r in self.realisations.values() if r.course_unit_id in course_unit_ids)

    def offering_of_organisation(self, organisation_id: int, lang: str = "fi") -> list[Offer]:
        units = sorted((u for u in self.units.values() if u.organisation_id == organisation_id),
                       key=lambda u: (u.code, u.pk))
        reals = sorted((r for r in self.realisations.values() if r.organisation_id == organisation_id),
                       key=lambda r: (r.code, r.pk))
        return [o for o in (*(self.course_unit(u.pk) for u in units), *(self.realisation(r.pk) for r in reals))
                if o is not None]

    def realisations_of(self, unit: FakeUnit) -> list[FakeRealisation]:
        return [r for r in self.realisations.values() if r.course_unit_id == unit.pk]


_current: FakeOffering | None = None


def use_fake_offering(offering: FakeOffering | None) -> None:
    global _current
    _current = offering


def make_unit(organisation: Any, *, code: str = "", name: str = "") -> FakeUnit:
    assert _current is not None, "the networks tests' conftest registers a FakeOffering"
    pk = next(_offer_ids)
    unit = FakeUnit(pk, _org_id(organisation), code or f"CU-{pk}", name or f"Opintojakso {pk}")
    _current.units[pk] = unit
    return unit


def make_realisation(unit: FakeUnit, *, code: str = "", name: str = "") -> FakeRealisation:
    assert _current is not None, "the networks tests' conftest registers a FakeOffering"
    pk = next(_offer_ids)
    real = FakeRealisation(pk, unit.organisation_id, code or f"R-{pk}", name or f"Toteutus {pk}", unit.pk)
    _current.realisations[pk] = real
    return real
