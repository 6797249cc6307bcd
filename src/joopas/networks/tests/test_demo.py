from __future__ import annotations

import io

import pytest

from joopas.networks import demo
from joopas.networks.models import Membership, Network, NetworkChange, Targeting
from joopas.networks.tests.factories import FakeOffering, make_realisation, make_unit

pytestmark = pytest.mark.django_db


def test_demo_networks_are_idempotent_and_target_offering_once_it_exists(offering: FakeOffering) -> None:
    from joopas.organisations import api as organisations_api
    from joopas.organisations import demo as organisations_demo

    organisations_demo.load()
    demo.load()
    assert sorted(Network.objects.values_list("code", "network_type")) == [
        ("ETELA-RISTIIN", "freedom_of_choice"), ("JOO-YLIOPISTOT", "joo_agreement"),
        ("TILASTO-VERKOSTO", "curriculum_level")]
    assert Membership.objects.filter(network__code="JOO-YLIOPISTOT").count() == 6
    assert Targeting.objects.count() == 0  # no catalogue yet
    hy = organisations_api.get_by_oid(demo.HY)
    assert hy is not None
    unit = make_unit(hy.id, code="HY-0001")
    make_realisation(unit)
    out = io.StringIO()
    demo.load(out)
    demo.load()
    # HY's basics unit in the JOO agreement, the statistics unit in the curriculum network, its realisation in the
    # free network.
    assert sorted(Targeting.objects.values_list("network__code", "course_unit_id", "realisation_id")) == sorted([
        ("JOO-YLIOPISTOT", unit.pk, None), ("TILASTO-VERKOSTO", unit.pk, None),
        ("ETELA-RISTIIN", None, offering.realisations_of(unit)[0].pk)])
    assert NetworkChange.objects.count() == 3
    assert "networks: 3 (3 targetings, 3 new)" in out.getvalue()
