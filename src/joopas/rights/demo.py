"""Demo students: persons with active home study rights at three universities, marked eligible (R-NET-2)
for every demo network their university belongs to, so the networks' R-NET-3 previews count real
students. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from joopas.accounts import api as accounts_api
from joopas.core.clock import today
from joopas.core.identifiers import hetu_check_char, make_oid
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.rights.models import Eligibility, Person, StudyRight, StudyRightKind, StudyRightStatus

UNIVERSITIES = [("1.2.246.562.10.39218317368", "HY"), ("1.2.246.562.10.56753942459", "AALTO"),
                ("1.2.246.562.10.72255864398", "TUNI")]
NAMES = [("Aino", "Virtanen"), ("Elias", "Korhonen"), ("Sofia", "Mäkinen"), ("Leo", "Nieminen"),
         ("Ella", "Hämäläinen"), ("Oliver", "Laine")]
PROGRAMMES = ["Tietojenkäsittelytieteen kandiohjelma", "Matematiikan ja tilastotieteen kandiohjelma",
              "Kauppatieteiden kandiohjelma"]


def _hetu(n: int) -> str:
    born = dt.date(2001, 3, 1) + dt.timedelta(days=37 * n)
    birth6, individual = born.strftime("%d%m%y"), f"{900 + n:03d}"  # 900–999: the range for test persons
    return f"{birth6}A{individual}{hetu_check_char(birth6, individual)}"


def load(stdout: Any = None) -> None:
    made = 0
    for u, (oid, abbr) in enumerate(UNIVERSITIES):
        org = organisations_api.get_by_oid(oid)
        if org is None:
            continue
        networks = [n.id for n in networks_api.networks_of_organisation(org.id)]
        for i, (first, last) in enumerate(NAMES):
            n = u * len(NAMES) + i
            hetu_key, masked = accounts_api.identity_key(hetu=_hetu(n))
            person, created = Person.objects.get_or_create(
                organisation_id=org.id, hetu_key=hetu_key,
                defaults={"hetu_masked": masked, "learner_oid": make_oid(24, 90_000_000_000 + n),
                          "student_number": f"{abbr}-{2024000 + n}", "first_names": first, "last_name": last,
                          "email": f"{first.lower()}.{last.lower()}@{abbr.lower()}.demo.invalid"})
            right, _ = StudyRight.objects.get_or_create(
                organisation_id=org.id, identifier=f"{abbr}-OO-{2024000 + n}",
                defaults={"person": person, "kind": StudyRightKind.HOME, "status": StudyRightStatus.ACTIVE,
                          "right_type": "bachelor", "degree_programme": PROGRAMMES[i % len(PROGRAMMES)],
                          "start_date": dt.date(today().year - 1, 8, 1),
                          "end_date": dt.date(today().year + 3, 7, 31)})
            if i < 4:  # the first four of each university are eligible for its networks
                Eligibility.objects.bulk_create([Eligibility(study_right=right, network_id=nid) for nid in networks],
                                                ignore_conflicts=True)
            made += created
    if stdout is not None:
        stdout.write(f"  rights: {made} demo students created\n")
