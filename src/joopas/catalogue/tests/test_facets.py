"""Facet counts mean: how many results the search would have with that value chosen instead of the facet's
own selection (the other filters kept). Checked against the search itself over a varied offering."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone

from joopas.catalogue import selectors
from joopas.catalogue.models import TeachingMode
from joopas.catalogue.selectors import SearchParams
from joopas.catalogue.tests.factories import make_realisation, make_unit, open_window
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
NEXT_SPRING = f"{NOW.year + 1}-spring"


@pytest.fixture
def varied(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    orgs = [OrganisationFactory(), OrganisationFactory()]
    langs = [["fi"], ["sv"], ["en"], ["fi", "en"]]
    modes = list(TeachingMode.values)
    units = []
    for i in range(12):
        unit = make_unit(orgs[i % 2], name={"fi": f"Kemia {i}" if i % 3 else f"Fysiikka {i}"},
                         teaching_languages=langs[i % 4], field_of_education=["05", "06", "07"][i % 3])
        units.append(unit)
        for k in range(i % 3):  # 0, 1 or 2 realisations
            spring = dt.date(NOW.year + 1, 2, 1)
            window = open_window(NOW) if (i + k) % 2 else {}
            dates = {"start_date": spring.isoformat(), "end_date": (spring + dt.timedelta(days=40)).isoformat()} \
                if k else {}
            make_realisation(unit, teaching_mode=modes[(i + k) % 4], **window, **dates)
    networks = {"N1": [u.pk for u in units[::2]], "N2": [u.pk for u in units[:5]]}
    monkeypatch.setattr(selectors, "network_choices", lambda: [("N1", "Yksi"), ("N2", "Kaksi")])
    monkeypatch.setattr(selectors, "network_units", lambda codes: {c: networks.get(c, []) for c in codes})
    return {"orgs": orgs}


def total(p: SearchParams) -> int:
    return selectors.search_units(replace(p, page=1), facets=False, now=NOW).total


def expected_facets(p: SearchParams, orgs: list[Any]) -> dict[str, Any]:
    return {
        "organisation": {o.pk: total(replace(p, organisations=[o.pk])) for o in orgs},
        "field": {f: total(replace(p, fields=[f])) for f in ("05", "06", "07")},
        "language": {lang: total(replace(p, languages=[lang])) for lang in ("fi", "sv", "en")},
        "mode": {m: total(replace(p, modes=[m])) for m in TeachingMode.values},
        "open": {True: total(replace(p, open_now=True))},
        "network": {n: total(replace(p, networks=[n])) for n in ("N1", "N2")},
    }


SEARCHES = [SearchParams(), SearchParams(q="kemia"), SearchParams(languages=["fi"], open_now=True),
            SearchParams(modes=["online", "contact"], period=NEXT_SPRING),
            SearchParams(networks=["N1"], fields=["05", "06"]), SearchParams(q="fysiikka", organisations=[-1]),
            SearchParams(period=NEXT_SPRING, open_now=True, languages=["en", "sv"])]


@pytest.mark.parametrize("p", SEARCHES, ids=[f"search{i}" for i in range(len(SEARCHES))])
def test_each_facet_count_is_the_total_with_that_value_chosen(varied: dict[str, Any], p: SearchParams) -> None:
    if p.organisations == [-1]:
        p = replace(p, organisations=[varied["orgs"][0].pk])
    facets = selectors.search_units(p, now=NOW).facets
    got = {k: {v: n for v, n in facets[k] if k != "organisation" or v in {o.pk for o in varied["orgs"]}}
           for k in ("organisation", "field", "language", "mode", "open", "network")}
    want = expected_facets(p, varied["orgs"])
    got["organisation"] = {o.pk: got["organisation"].get(o.pk, 0) for o in varied["orgs"]}
    got["field"] = {f: got["field"].get(f, 0) for f in ("05", "06", "07")}
    assert got == want
    assert sum(itertools.chain(want["mode"].values())) > 0 or p.q == "fysiikka"  # the data exercise the facets
