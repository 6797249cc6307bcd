"""`networks.api`: what the catalogue, the exchange and later the registrations ask of networks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from joopas.core.clock import today
from joopas.networks import api, services
from joopas.networks.models import Membership
from joopas.networks.tests.factories import make_network, make_realisation, make_targeting, make_unit

pytestmark = pytest.mark.django_db
TODAY = today()


def test_members_and_networks_of_organisation_respect_validity(world: Any) -> None:
    Membership.objects.filter(network=world.network, organisation_id=world.tuni.pk).update(
        valid_until=TODAY - dt.timedelta(days=1))
    assert sorted(m.organisation_id for m in api.network_members(world.network.pk, TODAY)) == \
        sorted([world.hy.pk, world.aalto.pk])
    assert sorted(m.organisation_id for m in api.network_members(world.network.pk, TODAY - dt.timedelta(days=1))) \
        == sorted([world.hy.pk, world.aalto.pk, world.tuni.pk])
    assert [n.id for n in api.networks_of_organisation(world.aalto.pk, TODAY)] == [world.network.pk]
    assert api.networks_of_organisation(world.tuni.pk, TODAY) == []
    assert api.networks_of_organisation(world.outsider.pk) == []


def test_r_net_1_registration_allowed_through_the_api(world: Any) -> None:
    assert api.registration_allowed_on(world.network.pk, world.hy.pk, world.aalto.pk, TODAY) is True
    assert api.registration_allowed_on(world.network.pk, world.hy.pk, world.outsider.pk, TODAY) is False
    assert api.registration_allowed_on(world.network.pk, world.hy.pk, world.aalto.pk,
                                       TODAY - dt.timedelta(days=101)) is False
    assert api.registration_allowed_on(999999, world.hy.pk, world.aalto.pk, TODAY) is False


def test_network_exists_by_id_or_code(world: Any) -> None:
    assert api.network_exists(world.network.pk) is True
    assert api.network_exists(world.network.code) is True
    assert api.network_exists(str(world.network.pk)) is True
    assert api.network_exists("NOPE") is False
    assert api.unknown_network_identifiers([world.network.code, "NOPE"]) == ["NOPE"]
    ref = api.get_network(world.network.code)
    assert ref is not None and ref.id == world.network.pk and ref.valid_on(TODAY)


def test_offering_lookups(world: Any) -> None:
    unit = make_unit(world.aalto)
    r1, r2 = make_realisation(unit), make_realisation(unit)
    other_unit = make_unit(world.aalto)
    lone = make_realisation(other_unit)
    make_targeting(world.network, course_unit=unit)
    make_targeting(world.network, realisation=lone)
    second = make_network(world.tuni, [world.aalto])
    make_targeting(second, course_unit=unit, valid_from=TODAY + dt.timedelta(days=5))

    assert [n.id for n in api.networks_for_offering(course_unit_id=unit.pk)] == [world.network.pk]
    assert [n.id for n in api.networks_for_offering(course_unit_id=unit.pk, on=TODAY + dt.timedelta(days=5))] == \
        [world.network.pk, second.pk]
    assert [n.id for n in api.networks_for_offering(realisation_id=r1.pk)] == [world.network.pk]  # via its unit
    assert [n.id for n in api.networks_for_offering(realisation_id=lone.pk)] == [world.network.pk]
    assert api.networks_for_offering(course_unit_id=other_unit.pk) == []

    ids = api.offering_ids_for_network(world.network.pk, TODAY)
    assert (ids.course_unit_ids, ids.realisation_ids) == (frozenset({unit.pk}), frozenset({lone.pk}))
    assert api.course_unit_ids_in_network(world.network.code) == sorted([unit.pk, other_unit.pk])
    assert api.course_unit_ids_in_network("NOPE") == []

    everyone = sorted([world.hy.pk, world.aalto.pk, world.tuni.pk])
    assert api.members_affected_by_offering(course_unit_id=unit.pk) == everyone  # incl. future targeting's network
    assert api.members_affected_by_offering(realisation_id=r2.pk) == everyone
    assert api.members_affected_by_offering(course_unit_id=make_unit(world.aalto).pk) == []


def test_r_off_2_same_offering_for_students_of_every_member(world: Any) -> None:
    from joopas.networks import rules

    unit = make_unit(world.aalto)
    lone = make_realisation(make_unit(world.tuni))
    make_targeting(world.network, course_unit=unit)
    make_targeting(world.network, realisation=lone)
    ref = api.get_network(world.network.pk)
    assert ref is not None
    rows = api.targetings_of_network(world.network.pk, TODAY)
    offer = api.eligible_offering(world.network.pk, TODAY)
    assert offer == frozenset({("course_unit", unit.pk), ("realisation", lone.pk)})
    for home in (world.hy.pk, world.aalto.pk, world.tuni.pk):
        assert rules.offering_open_to(ref, rows, home, TODAY) == offer
    assert rules.offering_open_to(ref, rows, world.outsider.pk, TODAY) == frozenset()


def test_changes_since_is_a_cursor_feed(world: Any) -> None:
    assert api.changes_since(world.cursor) == []
    services.network_update(actor=world.coordinator, network=world.network, name_fi="A")
    impact = services.preview_membership_change(actor=world.coordinator, network=world.network,
                                                organisation_id=world.outsider.pk, valid_from=TODAY)
    services.membership_save(actor=world.coordinator, network=world.network, organisation_id=world.outsider.pk,
                             valid_from=TODAY, confirm=impact.token)
    feed = api.changes_since(world.cursor)
    assert [c.kind for c in feed] == ["network_updated", "member_added"]
    assert feed[1].affected_organisation_ids == tuple(sorted([world.hy.pk, world.aalto.pk, world.tuni.pk,
                                                              world.outsider.pk]))
    assert [c.kind for c in api.changes_since(feed[0].id)] == ["member_added"]
    assert api.changes_since(feed[1].id) == []
    assert len(api.changes_since(world.cursor, limit=1)) == 1


def test_catalogue_network_choices_are_localised(world: Any) -> None:
    from django.utils import translation

    with translation.override("sv"):
        assert (world.network.code, world.network.name_sv) in api.catalogue_network_choices()


def test_a_targeting_change_tells_the_offering_listeners(world: Any) -> None:
    """Targeting, membership and validity move offering in and out of networks: apps above are told."""
    from joopas.networks import hooks

    calls: list[str] = []

    def listener() -> None:
        calls.append("changed")

    hooks.register_offering_listener(listener)
    try:
        unit = make_unit(world.aalto)
        kwargs = {"course_unit_id": unit.pk, "valid_from": TODAY, "valid_until": None, "enrollable": True}
        impact = services.preview_targeting_change(actor=world.editor, network=world.network, **kwargs)
        assert calls == []  # a preview changes nothing
        services.targeting_save(actor=world.editor, network=world.network, confirm=impact.token, **kwargs)
        assert calls == ["changed"]
    finally:
        hooks._offering_listeners.remove(listener)
