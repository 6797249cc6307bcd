"""The public JOO page (no login; R-JOO-8 and SPEC §3 "information on flexible studies"): what a flexible study
right is, who may apply and how, and per host institution its application rounds open now or later (or
continuous application) with the terms it publishes — the application guidance, how JOO students are admitted to
courses and enrol, and the library and IT services they get. No personal data: nothing is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from joopas.applications import rules, selectors
from joopas.applications.views.student import round_when
from joopas.core import formats
from joopas.core.clock import today
from joopas.organisations import api as organisations_api

TERMS = ("guidance", "admission", "services")


def _lang() -> str:
    code = (get_language() or "fi")[:2]
    return code if code in ("fi", "sv", "en") else "fi"


def _hosts(lang: str) -> list[dict[str, Any]]:
    day = today()
    rounds = selectors.rounds_for_applying(day)
    orgs = organisations_api.get_many({r.organisation_id for r in rounds})
    hosts: dict[int, dict[str, Any]] = {}
    for rnd in rounds:
        org = orgs.get(rnd.organisation_id)
        if org is None or org.status != "active":
            continue
        host = hosts.setdefault(org.id, {"id": org.id, "name": org.name(lang), "rounds": []})
        host["rounds"].append({"when": round_when(rnd, day), "continuous": rnd.kind == rules.CONTINUOUS,
                               "open": rules.round_state(rnd.opens_on, rnd.closes_on, day) == "open",
                               "studies_start": formats.format_date(rnd.studies_start)})
    for host in hosts.values():
        terms = selectors.terms_of(host["id"])
        host.update({name: terms.text(name, lang) if terms else "" for name in TERMS})
    return sorted(hosts.values(), key=lambda h: str(h["name"]).casefold())


@require_GET
def joo_public(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/public/joo.html", {"hosts": _hosts(_lang())})


urlpatterns: list[URLPattern] = [
    path("joo/", joo_public, name="public"),
]
