"""The catalogue as networks' offering source (registered at start-up; networks imports no catalogue)."""

from __future__ import annotations

import pytest

from joopas.catalogue import selectors, targeting
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.core.clock import today
from joopas.networks import api as networks_api
from joopas.networks import hooks
from joopas.networks import services as network_services
from joopas.networks.data import Offer
from joopas.networks.tests.factories import factory_editor, make_network
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = today()


def test_the_catalogue_is_registered_as_the_offering_source() -> None:
    assert isinstance(hooks.offering_source(), targeting.CatalogueOffering)
    assert targeting.network_offering_changed in hooks._offering_listeners
    org = OrganisationFactory()
    unit = make_unit(org, code="KEM-1", name={"fi": "Kemia", "sv": "Kemi"})
    real = make_realisation(unit, code="KEM-1-R")
    source = hooks.offering_source()
    assert source.course_unit(unit.pk, "sv") == Offer("course_unit", unit.pk, org.pk, "KEM-1", "Kemi")
    assert source.realisation(real.pk) == Offer("realisation", real.pk, org.pk, "KEM-1-R", real.name_fi, unit.pk)
    assert source.course_unit(-1) is None and source.realisation(-1) is None
    assert source.realisation_ids_for_units([unit.pk]) == [real.pk]
    assert [(o.kind, o.id) for o in source.offering_of_organisation(org.pk)] == [("course_unit", unit.pk),
                                                                                 ("realisation", real.pk)]


def test_a_targeting_change_invalidates_cached_catalogue_searches() -> None:
    host = OrganisationFactory()
    network = make_network(OrganisationFactory(), [host])
    editor = factory_editor(host.pk)
    unit = make_unit(host, name={"fi": "Kemia"})
    params = selectors.SearchParams(networks=[network.code])
    assert selectors.search_units(params).total == 0
    assert selectors.search_units(params).cached is True
    kwargs = {"course_unit_id": unit.pk, "valid_from": TODAY, "valid_until": None, "enrollable": True}
    impact = network_services.preview_targeting_change(actor=editor, network=network, **kwargs)
    network_services.targeting_save(actor=editor, network=network, confirm=impact.token, **kwargs)
    after = selectors.search_units(params)
    assert (after.cached, [u.pk for u in after.items]) == (False, [unit.pk])
    assert networks_api.course_unit_ids_in_networks([network.code, "NOPE"]) == {network.code: [unit.pk], "NOPE": []}
    impact = network_services.preview_targeting_change(actor=editor, network=network, course_unit_id=unit.pk,
                                                       remove=True)
    network_services.targeting_remove(actor=editor, network=network, course_unit_id=unit.pk, confirm=impact.token)
    assert selectors.search_units(params).total == 0
