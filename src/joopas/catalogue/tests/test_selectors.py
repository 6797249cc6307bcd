from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joopas.catalogue import selectors, services
from joopas.catalogue.selectors import SearchParams
from joopas.catalogue.tests.factories import make_module, make_realisation, make_unit, open_window
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def names(result: selectors.SearchResult) -> list[str]:
    return [u.name_fi for u in result.items]


@pytest.fixture
def offering():  # type: ignore[no-untyped-def]
    org = OrganisationFactory()
    other = OrganisationFactory()
    stats = make_unit(org, name={"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"},
                      description={"fi": "Johdatus todennäköisyyteen", "sv": "Kursernas grund", "en": "Basics"},
                      teaching_languages=["fi", "sv"], field_of_education="05", credits_min="5", credits_max="5")
    prog = make_unit(other, name={"fi": "Ohjelmointi", "en": "Programming"}, teaching_languages=["en"],
                     field_of_education="06", credits_min="10", credits_max="10")
    hidden = make_unit(org, name={"fi": "Tilastotieteen salainen kurssi"}, marketed=False)
    return {"org": org, "other": other, "stats": stats, "prog": prog, "hidden": hidden}


def test_inflected_finnish_word_finds_the_base_form(offering) -> None:  # type: ignore[no-untyped-def]
    assert names(selectors.search_units(SearchParams(q="tilastotieteen"))) == ["Tilastotiede"]
    assert names(selectors.search_units(SearchParams(q="ohjelmoinnin"))) == ["Ohjelmointi"]


@pytest.mark.parametrize("q", ["statistik", "Statistics", "statistic", "kursernas", "TILASTOTIEDE"])
def test_swedish_and_english_words(offering, q: str) -> None:  # type: ignore[no-untyped-def]
    assert names(selectors.search_units(SearchParams(q=q))) == ["Tilastotiede"]


def test_not_marketed_units_are_not_public(offering) -> None:  # type: ignore[no-untyped-def]
    assert names(selectors.search_units(SearchParams(q="salainen"))) == []


def test_filters_and_facets(offering) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    make_realisation(offering["stats"], teaching_mode="online", **open_window(now))
    make_realisation(offering["prog"], teaching_mode="contact")
    r = selectors.search_units(SearchParams(open_now=True), now=now)
    assert names(r) == ["Tilastotiede"]
    assert dict(r.facets["mode"]) == {"contact": 0, "online": 1, "blended": 0, "distance": 0}
    assert r.facets["open"] == [(True, 1)]
    assert names(selectors.search_units(SearchParams(languages=["en"]), now=now)) == ["Ohjelmointi"]
    assert names(selectors.search_units(SearchParams(fields=["05"]), now=now)) == ["Tilastotiede"]
    assert names(selectors.search_units(SearchParams(credits_min=6), now=now)) == ["Ohjelmointi"]
    assert names(selectors.search_units(SearchParams(modes=["contact"]), now=now)) == ["Ohjelmointi"]
    all_ = selectors.search_units(SearchParams(), now=now)
    assert sorted(all_.facets["organisation"]) == sorted([(offering["org"].pk, 1), (offering["other"].pk, 1)])
    assert dict(all_.facets["language"]) == {"fi": 1, "sv": 1, "en": 1}


def test_r_off_1_catalogue_shows_joo_offering_by_list_or_exclusion(offering) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    year = today.year if today.month >= 8 else today.year - 1
    extra = make_unit(offering["org"], name={"fi": "Kemia"})
    assert names(selectors.search_units(SearchParams(joo=True))) == []
    services.joo_declaration_set(actor=None, organisation_id=offering["org"].pk, academic_year=year, mode="list",
                                 course_unit_ids=[extra.pk])
    assert names(selectors.search_units(SearchParams(joo=True))) == ["Kemia"]
    services.joo_declaration_set(actor=None, organisation_id=offering["org"].pk, academic_year=year,
                                 mode="exclusion", course_unit_ids=[extra.pk])
    assert names(selectors.search_units(SearchParams(joo=True))) == ["Tilastotiede"]
    assert selectors.is_joo_offering(offering["stats"]) is True
    assert selectors.is_joo_offering(extra) is False
    assert selectors.is_joo_offering(offering["prog"]) is False  # no declaration: not JOO offering


def test_r_off_1_listed_module_makes_its_units_joo_offering(offering) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    year = today.year if today.month >= 8 else today.year - 1
    module = make_module(offering["other"], study_element_id="M1")
    make_unit(offering["other"], name={"fi": "Moduulin kurssi"}, parents=["M1"])
    services.joo_declaration_set(actor=None, organisation_id=offering["other"].pk, academic_year=year, mode="list",
                                 study_module_ids=[module.pk])
    assert names(selectors.search_units(SearchParams(joo=True))) == ["Moduulin kurssi"]


def test_pagination_and_sort(offering) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        make_unit(offering["org"], name={"fi": f"Aihe {i:02d}"})
    r1 = selectors.search_units(SearchParams(q="aihe", sort="name"))
    assert (r1.total, r1.pages, len(r1.items), r1.items[0].name_fi) == (25, 2, 20, "Aihe 00")
    r2 = selectors.search_units(SearchParams(q="aihe", sort="name", page=99))
    assert (r2.page, len(r2.items), r2.items[-1].name_fi) == (2, 5, "Aihe 24")


def test_query_string_parsing_is_lenient() -> None:
    p = SearchParams.from_query(QueryDict("q=x&organisation=a&organisation=3&credits_min=abc&credits_max=NaN"
                                          "&page=-4&sort=evil&mode=teleport&mode=online&period=2026-winter&open=1"))
    assert (p.organisations, p.credits_min, p.credits_max, p.page, p.sort, p.modes, p.period, p.open_now) == \
        ([3], None, None, 1, "relevance", ["online"], "", True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.text(max_size=400), st.sampled_from([
    "", " ", "'", "\"", "' OR 1=1 --", "%", "_", "*", "a:*", "!!", "&|", "NEAR(", "\x00", "é" * 3000,
    "tilastotieteen'; DROP TABLE catalogue_courseunit; --", "()", "\"unterminated", "Ääkkösiä ÅÖ",
])))
def test_search_never_fails(offering, q: str) -> None:  # type: ignore[no-untyped-def]
    r = selectors.search_units(SearchParams(q=q), facets=False)
    assert r.total >= 0


@pytest.mark.pg
@pytest.mark.parametrize("q", ["tilastotide", "statistcs", "tilastotiedee"])
def test_typo_tolerance_on_postgresql(offering, q: str) -> None:  # type: ignore[no-untyped-def]
    assert names(selectors.search_units(SearchParams(q=q))) == ["Tilastotiede"]


def test_period_choices() -> None:
    assert selectors.period_choices(dt.date(2026, 11, 23)) == ["2026-autumn", "2027-spring", "2027-summer",
                                                               "2027-autumn"]


def test_network_filter_and_counts_through_networks_api(offering, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "network_choices", lambda: [("N1", "Verkosto 1"), ("N2", "Verkosto 2")])
    monkeypatch.setattr(selectors, "network_units",
                        lambda codes: {c: [offering["prog"].pk] if c == "N1" else [] for c in codes})
    r = selectors.search_units(SearchParams(networks=["N1"]))
    assert names(r) == ["Ohjelmointi"]
    assert r.facets["network"] == [("N1", 1), ("N2", 0)]


def test_units_past_their_validity_are_not_public() -> None:
    org = OrganisationFactory()
    make_unit(org, name={"fi": "Vanhentunut"}, validity_start_date="2020-08-01", validity_end_date="2021-07-31")
    make_unit(org, name={"fi": "Voimassa"}, validity_end_date="2999-07-31")
    assert names(selectors.search_units(SearchParams(), facets=False)) == ["Voimassa"]
