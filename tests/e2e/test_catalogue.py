from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from joopas.catalogue.tests.factories import make_realisation, make_unit, open_window
from joopas.organisations.tests.factories import OrganisationFactory
from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _offering() -> Any:
    org = OrganisationFactory(name_fi="Testiyliopisto", name_sv="Testuniversitetet", name_en="Test University")
    stats = make_unit(org, name={"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"},
                      teaching_languages=["fi", "sv", "en"], field_of_education="05")
    make_realisation(stats, name={"fi": "Syksyn toteutus", "sv": "Höstens genomförande", "en": "Autumn"},
                     teaching_mode="online", **open_window(timezone.now()))
    closed = make_unit(org, name={"fi": "Tilastotieteen jatkokurssi", "sv": "Statistik, fortsättning",
                                  "en": "Statistics, advanced"})
    make_realisation(closed, teaching_mode="contact")
    return stats


def _switch(page: Any, lang: str) -> None:
    if lang != "fi":
        page.select_option("#language-select", lang)
        with page.expect_navigation():
            page.locator("form.lang button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize(("lang", "query", "found", "heading"), [
    ("fi", "tilastotieteen", "Tilastotiede", "2 opintojaksoa löytyi"),
    ("sv", "statistik", "Statistik", "2 kurser hittades"),
    ("en", "statistics", "Statistics", "2 courses found"),
])
def test_search_filter_and_course_page_in_each_language(live_server, page, lang: str, query: str, found: str,
                                                        heading: str) -> None:
    stats = _offering()
    page.goto(live_server.url + "/catalogue/")
    _switch(page, lang)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.fill("#q", query)
    with page.expect_navigation():
        page.locator("form[role=search] .search-row button[type=submit]").click()
    assert page.locator("#results-heading").inner_text() == heading
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.locator("input[name=open]").check()
    with page.expect_navigation():
        page.locator(".filters button[type=submit]").click()
    assert page.locator(".results h3 a").all_inner_texts() == [found]
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    with page.expect_navigation():
        page.locator(".results h3 a").first.click()
    assert page.url.endswith(f"/catalogue/course/{stats.pk}/")
    assert page.locator("h1").inner_text() == found
    assert page.locator("td .badge-success").count() == 1  # "enrolment open now" for the open realisation only
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_institutions_page_has_no_axe_violations(live_server, page) -> None:
    _offering()
    page.goto(live_server.url + "/catalogue/institutions/")
    assert page.locator("h1").inner_text() == "Korkeakoulut ja niiden yhteyshenkilöt"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
