"""Demo networks: the national JOO agreement of the universities, a curriculum network and a free network
with the universities of applied sciences. Idempotent; offering is targeted when the catalogue demo exists
(run `joopas demo` again after the catalogue has data)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from joopas.networks import offering
from joopas.networks.models import (
    ChangeKind,
    ContactPerson,
    Membership,
    Network,
    NetworkChange,
    Targeting,
    ValidityPeriod,
)
from joopas.organisations import api as organisations_api

HY, AALTO, TUNI, JYU, UEF, UTU, ARCADA, LAMK = (
    "1.2.246.562.10.39218317368", "1.2.246.562.10.56753942459", "1.2.246.562.10.72255864398",
    "1.2.246.562.10.77055527103", "1.2.246.562.10.38515028629", "1.2.246.562.10.31112217018",
    "1.2.246.562.10.25619624254", "1.2.246.562.10.27756776996")

NETWORKS: list[dict[str, Any]] = [
    {"code": "JOO-YLIOPISTOT", "abbreviation": "JOO", "network_type": "joo_agreement", "coordinator": HY,
     "members": [HY, AALTO, TUNI, JYU, UEF, UTU], "start": dt.date(2020, 1, 1), "end": None,
     "name": ("Yliopistojen JOO-sopimus", "Universitetens JOO-avtal", "Universities' flexible study right agreement"),
     "description": ("Yliopistojen valtakunnallinen sopimus joustavasta opinto-oikeudesta.",
                     "Universitetens nationella avtal om flexibel studierätt.",
                     "The national agreement of the universities on the flexible study right (JOO)."),
     "eligibility": ("Jäsenyliopiston perustutkinto-opiskelijat, joilla on voimassa oleva opiskeluoikeus.",
                     "Grundexamensstuderande med giltig studierätt vid ett medlemsuniversitet.",
                     "Degree students with a valid study right at a member university."),
     "pricing": ("free", None), "targets": "basics",
     "contact": ("Kaisa Koordinaattori", "JOO-koordinaattori", "joo@hy.demo.invalid")},
    {"code": "TILASTO-VERKOSTO", "abbreviation": "TILVE", "network_type": "curriculum_level", "coordinator": HY,
     "members": [HY, TUNI, JYU, UEF], "start": dt.date(2024, 8, 1), "end": dt.date(2028, 7, 31),
     "name": ("Tilastotieteen yliopistoverkosto", "Universitetsnätverket i statistik", "University network in statistics"),
     "description": ("Yhteinen opetussuunnitelmatason tarjonta tilastotieteessä ja matematiikassa.",
                     "Gemensamt utbud på läroplansnivå i statistik och matematik.",
                     "Shared curriculum-level offering in statistics and mathematics."),
     "eligibility": ("Tilastotieteen ja matematiikan pääaineopiskelijat jäsenyliopistoissa.",
                     "Huvudämnesstuderande i statistik och matematik vid medlemsuniversiteten.",
                     "Students majoring in statistics or mathematics at the member universities."),
     "pricing": ("euro_per_credit", Decimal("20.00")), "targets": "statistics",
     "contact": ("Tiina Tilastoverkosto", "Verkostokoordinaattori", "tilve@hy.demo.invalid")},
    {"code": "ETELA-RISTIIN", "abbreviation": "ERO", "network_type": "freedom_of_choice", "coordinator": AALTO,
     "members": [AALTO, HY, ARCADA, LAMK], "start": dt.date(2025, 8, 1), "end": None,
     "name": ("Etelä-Suomen ristiinopiskeluverkosto", "Sydfinska nätverket för korsstudier",
              "Southern Finland cross-study network"),
     "description": ("Yliopistojen ja ammattikorkeakoulujen vapaa verkosto valinnaisiin opintoihin.",
                     "Ett fritt nätverk av universitet och yrkeshögskolor för valfria studier.",
                     "A free network of universities and universities of applied sciences for elective studies."),
     "eligibility": ("Kaikki jäsenkorkeakoulujen tutkinto-opiskelijat.",
                     "Alla examensstuderande vid medlemshögskolorna.",
                     "All degree students of the member institutions."),
     "pricing": ("free", None), "targets": "realisations",
     "contact": ("Anna Admin", "Verkostoyhteyshenkilö", "ristiin@aalto.demo.invalid")},
]


def _pick(kind: str, offers: list[offering.Offer]) -> list[tuple[str, int]]:
    if kind == "basics":  # the first level of the first topics
        return [("course_unit", o.id) for o in offers if o.kind == "course_unit" and o.code.endswith("01")][:8]
    if kind == "statistics":  # statistics (topic 00) and mathematics (topic 04)
        return [("course_unit", o.id) for o in offers if o.kind == "course_unit"
                and o.code.split("-")[-1][:2] in ("00", "04")]
    return [("realisation", o.id) for o in offers if o.kind == "realisation"][:6]


def load(stdout: Any = None) -> None:
    targeted = 0
    for spec in NETWORKS:
        coordinator = organisations_api.get_by_oid(spec["coordinator"])
        if coordinator is None:
            continue
        fi, sv, en = spec["name"]
        network, created = Network.objects.update_or_create(code=spec["code"], defaults={
            "name_fi": fi, "name_sv": sv, "name_en": en, "abbreviation": spec["abbreviation"],
            "network_type": spec["network_type"], "coordinating_organisation_id": coordinator.id,
            "description_fi": spec["description"][0], "description_sv": spec["description"][1],
            "description_en": spec["description"][2], "eligibility_fi": spec["eligibility"][0],
            "eligibility_sv": spec["eligibility"][1], "eligibility_en": spec["eligibility"][2],
            "pricing_basis": spec["pricing"][0], "price_per_credit": spec["pricing"][1]})
        if not network.periods.exists():
            ValidityPeriod.objects.create(network=network, start=spec["start"], end=spec["end"])
        member_ids = []
        for oid in spec["members"]:
            org = organisations_api.get_by_oid(oid)
            if org is None:
                continue
            member_ids.append(org.id)
            Membership.objects.get_or_create(network=network, organisation_id=org.id, defaults={
                "valid_from": spec["start"], "valid_until": spec["end"], "is_coordinator": org.id == coordinator.id})
        name, role, email = spec["contact"]
        ContactPerson.objects.get_or_create(network=network, name=name, defaults={
            "role": role, "email": email, "organisation_id": coordinator.id})
        if created:
            NetworkChange.objects.create(network=network, kind=ChangeKind.NETWORK_CREATED,
                                         affected_organisation_ids=sorted(member_ids),
                                         details={"code": network.code}, actor_label="demo")
        for org_id in member_ids:
            offers = offering.offering_of_organisation(org_id)  # empty without catalogue data: a re-run fills in
            unit_of = {o.id: o.course_unit_id for o in offers if o.kind == "realisation"}
            for kind, pk in _pick(spec["targets"], offers):
                target = {"course_unit_id": pk} if kind == "course_unit" else {"realisation_id": pk}
                row, new = Targeting.objects.get_or_create(network=network, **target, defaults={
                    "organisation_id": org_id, "realisation_unit_id": unit_of.get(pk) if kind == "realisation" else None,
                    "valid_from": spec["start"], "valid_until": spec["end"], "enrollable": True})
                if kind == "realisation" and row.realisation_unit_id is None:  # rows of older demo runs
                    Targeting.objects.filter(pk=row.pk).update(realisation_unit_id=unit_of.get(pk))
                targeted += int(new)
    if stdout:
        stdout.write(f"  networks: {Network.objects.count()} ({Targeting.objects.count()} targetings, "
                     f"{targeted} new)")
