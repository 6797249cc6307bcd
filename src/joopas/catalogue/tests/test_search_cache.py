from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from joopas.catalogue import selectors, services
from joopas.catalogue.models import CourseUnit
from joopas.catalogue.selectors import SearchParams
from joopas.catalogue.tests.factories import make_realisation, make_unit, unit_data
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(result: selectors.SearchResult) -> list[str]:
    return sorted(u.name_fi for u in result.items)


def test_same_normalised_search_is_served_from_the_cache() -> None:
    make_unit(OrganisationFactory(), name={"fi": "Tilastotiede"})
    first = selectors.search_units(SearchParams(q="tilastotieteen"))
    again = selectors.search_units(SearchParams(q="  TILASTOTIETEEN!! "))
    assert (first.cached, again.cached) == (False, True)
    assert names(again) == ["Tilastotiede"]
    assert selectors.search_units(SearchParams(q="tilastotieteen", open_now=True)).cached is False


def test_a_write_makes_the_next_search_see_the_change() -> None:
    org = OrganisationFactory()
    unit = make_unit(org, study_element_id="U1", name={"fi": "Tilastotiede"})
    assert names(selectors.search_units(SearchParams(q="tilastotiede"))) == ["Tilastotiede"]
    assert selectors.search_units(SearchParams(q="tilastotiede")).cached

    make_unit(org, study_element_id="U2", name={"fi": "Tilastotieteen jatkokurssi"})  # create
    r = selectors.search_units(SearchParams(q="tilastotiede"))
    assert not r.cached and names(r) == ["Tilastotiede", "Tilastotieteen jatkokurssi"]

    services.course_unit_set_marketed(actor=None, unit=unit, marketed=False)  # hide
    assert names(selectors.search_units(SearchParams(q="tilastotiede"))) == ["Tilastotieteen jatkokurssi"]

    services.course_unit_upsert(actor=None, organisation_id=org.pk,  # rename
                                data=unit_data(study_element_id="U2", name={"fi": "Kemia"}))
    assert names(selectors.search_units(SearchParams(q="tilastotiede"))) == []


def test_a_realisation_write_invalidates_the_open_now_filter() -> None:
    unit = make_unit(OrganisationFactory(), name={"fi": "Kemia"})
    assert selectors.search_units(SearchParams(open_now=True)).total == 0
    make_realisation(unit)
    assert selectors.search_units(SearchParams(open_now=True)).cached is False


def test_bulk_import_batch_invalidates() -> None:
    org = OrganisationFactory()
    assert selectors.search_units(SearchParams(q="kemia")).total == 0
    services.offering_import_batch(actor=None, rows=[("course_unit", org.pk, services.parse(
        services.CourseUnitIn, unit_data(study_element_id="K1", name={"fi": "Kemia"})))])
    assert CourseUnit.objects.filter(external_id="K1").exists()
    assert names(selectors.search_units(SearchParams(q="kemia"))) == ["Kemia"]


def test_lost_version_key_only_means_a_miss() -> None:
    make_unit(OrganisationFactory(), name={"fi": "Kemia"})
    selectors.search_units(SearchParams(q="kemia"))
    cache.delete(selectors.VERSION_KEY)
    r = selectors.search_units(SearchParams(q="kemia"))
    assert not r.cached and names(r) == ["Kemia"]


@override_settings(CATALOGUE_SEARCH_CACHE_SECONDS=0)
def test_cache_can_be_switched_off() -> None:
    make_unit(OrganisationFactory(), name={"fi": "Kemia"})
    selectors.search_units(SearchParams(q="kemia"))
    assert selectors.search_units(SearchParams(q="kemia")).cached is False


def test_api_reports_hit_or_miss() -> None:
    make_unit(OrganisationFactory(), name={"fi": "Kemia"})
    assert Client().get("/api/v1/catalogue/search", {"q": "kemia"})["X-Catalogue-Cache"] == "miss"
    r = Client().get("/api/v1/catalogue/search", {"q": "kemia"})
    assert r["X-Catalogue-Cache"] == "hit" and r.json()["total"] == 1


def test_cached_api_response_is_what_the_uncached_api_sends() -> None:
    org = OrganisationFactory()
    for name in ("Kemia", "Kemian jatkokurssi"):
        make_realisation(make_unit(org, name={"fi": name}, credits_min="2.5", credits_max="5"))
    for query in ({"q": "kemia"}, {"q": "kemia", "facets": "1", "open": "1"}, {"sort": "name", "page": "2"}):
        with override_settings(CATALOGUE_SEARCH_CACHE_SECONDS=0):
            plain = Client().get("/api/v1/catalogue/search", query)
        miss = Client().get("/api/v1/catalogue/search", query)
        hit = Client().get("/api/v1/catalogue/search", query)
        assert (miss["X-Catalogue-Cache"], hit["X-Catalogue-Cache"]) == ("miss", "hit")
        assert plain.status_code == miss.status_code == hit.status_code == 200
        assert plain["Content-Type"] == hit["Content-Type"]
        assert plain.content == miss.content == hit.content
