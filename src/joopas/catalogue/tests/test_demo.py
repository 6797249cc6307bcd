from __future__ import annotations

import pytest
from django.utils import timezone

from joopas.catalogue import demo, selectors
from joopas.catalogue.models import CourseUnit, Realisation
from joopas.catalogue.selectors import SearchParams
from joopas.organisations import demo as organisations_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_offering_is_idempotent_and_searchable() -> None:
    organisations_demo.load()
    demo.load()
    counts = (CourseUnit.objects.count(), Realisation.objects.count())
    demo.load()
    assert (CourseUnit.objects.count(), Realisation.objects.count()) == counts
    assert counts[0] >= 400
    found = selectors.search_units(SearchParams(q="tilastotieteen"), facets=False)
    assert found.items[0].name_fi == "Tilastotiede"
    assert selectors.search_units(SearchParams(open_now=True), facets=False, now=timezone.now()).total > 50
    assert selectors.search_units(SearchParams(joo=True), facets=False).total > 50
