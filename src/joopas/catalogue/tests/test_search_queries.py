"""Issue 9: "the uncached search's query count does not grow with networks" — network data is read in batches."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joopas.catalogue import selectors
from joopas.catalogue.selectors import SearchParams
from joopas.catalogue.tests.factories import make_realisation, make_unit
from joopas.networks.tests.factories import make_network, make_targeting
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _queries(p: SearchParams) -> int:
    selectors.search_units(p)  # warm: the lemma dictionaries and Django's own lookups
    with CaptureQueriesContext(connection) as ctx:
        selectors.search_units(p)
    return len(ctx.captured_queries)


def _add_networks(host: Any, member: Any, units: list[Any], count: int, start: int) -> list[str]:
    codes = []
    for i in range(start, start + count):
        network = make_network(host, [member], code=f"NET-Q{i}")
        make_targeting(network, course_unit=units[i % len(units)])
        make_targeting(network, realisation=make_realisation(units[(i + 1) % len(units)]))
        codes.append(network.code)
    return codes


def test_uncached_search_query_count_does_not_grow_with_networks(settings: Any) -> None:
    settings.CATALOGUE_SEARCH_CACHE_SECONDS = 0  # every search is uncached
    host, member = OrganisationFactory(), OrganisationFactory()
    units = [make_unit(host, name={"fi": f"Kemia {i}"}) for i in range(10)]
    codes = _add_networks(host, member, units, 3, 0)
    searches = [SearchParams(), SearchParams(q="kemia"), SearchParams(networks=codes[:2]),
                SearchParams(q="kemia", networks=codes[:1])]
    with_three = [_queries(p) for p in searches]
    assert selectors.search_units(SearchParams(networks=codes[:1])).total == 2  # the filter still works
    _add_networks(host, member, units, 7, 3)
    with_ten = [_queries(p) for p in searches]
    assert with_ten == with_three
    facets = dict(selectors.search_units(SearchParams()).facets["network"])
    assert len(facets) == 10 and facets[codes[0]] == 2
