"""Demo completions: Helsinki's conversion tables (ECTS A–F and 1–3 to 0–5, pass/fail kept), and a record in a
different scale for every student the demo hosts accepted (registrations/demo.py), made by the host's officer
through the services, so each reaches the home institution as a credited completion. Every other credit is
approved at home; the rest wait for the home officer. Idempotent: a student's record is made once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from joopas.catalogue import api as catalogue_api
from joopas.core.clock import today
from joopas.organisations import api as organisations_api
from joopas.records import services
from joopas.records.models import ConversionTable, Credit, CreditStatus, Record
from joopas.registrations import api as registrations_api

UNIVERSITIES = {"HY": "1.2.246.562.10.39218317368", "AALTO": "1.2.246.562.10.56753942459",
                "TUNI": "1.2.246.562.10.72255864398"}
OFFICERS = {"HY": "virkailija@hy.demo", "AALTO": "virkailija@aalto.demo", "TUNI": "virkailija@tuni.demo"}
HY_TABLES = {  # R-REC-2: incoming scale → (Helsinki's scale, mapping)
    "ects": ("0-5", {"F": "0", "E": "1", "D": "2", "C": "3", "B": "4", "A": "5"}),
    "1-3": ("0-5", {"1": "1", "2": "3", "3": "5"}),
    "pass-fail": ("pass-fail", {"HYL": "HYL", "HYV": "HYV"}),
}
GRADES = [("ects", "B"), ("0-5", "4"), ("pass-fail", "HYV"), ("1-3", "2"), ("0-5", "5"), ("ects", "A")]


def load(stdout: Any = None) -> None:
    orgs = {abbr: organisations_api.get_by_oid(oid) for abbr, oid in UNIVERSITIES.items()}
    if any(o is None for o in orgs.values()):
        return
    users = {u.email: u for u in get_user_model().objects.filter(email__in=list(OFFICERS.values()))}
    officer_of = {o.id: users.get(OFFICERS[abbr]) for abbr, o in orgs.items() if o is not None}
    hy = orgs["HY"]
    hy_officer = users.get(OFFICERS["HY"])
    if hy is not None and hy_officer is not None:
        for from_scale, (to_scale, mapping) in HY_TABLES.items():
            if not ConversionTable.objects.filter(organisation_id=hy.id, from_scale=from_scale).exists():
                services.conversion_table_set(actor=hy_officer, organisation_id=hy.id, from_scale=from_scale,
                                              to_scale=to_scale, mapping=mapping)
    made = 0
    n = 0
    for host_id, host_officer in sorted(officer_of.items()):
        if host_officer is None:
            continue
        for realisation_id in sorted(registrations_api.accepted_counts_by_realisation(host_id)):
            real = catalogue_api.get_realisation_by_id(realisation_id)
            if real is None:
                continue
            for student in registrations_api.accepted_students(realisation_id):
                if student.home_organisation_id not in officer_of:
                    continue
                n += 1
                if Record.objects.filter(host_person_id=student.host_person_id, realisation_id=realisation_id).exists():
                    continue
                scale, grade = GRADES[n % len(GRADES)]
                record = services.record_create(
                    actor=host_officer, host_person_id=student.host_person_id, realisation_id=realisation_id,
                    completion_date=today() - dt.timedelta(days=n), credits=Decimal(real.credits_min or 5),
                    grade=grade, scale=scale, language="fi", assessor="Demo Opettaja")
                home_officer = officer_of.get(student.home_organisation_id)
                credit = Credit.objects.get(record=record)
                if n % 2 == 0 and home_officer is not None and credit.status == CreditStatus.RECEIVED:
                    services.credit_decide(actor=home_officer, credit_id=credit.pk, accept=True)
                made += 1
    if stdout:
        stdout.write(f"  records: {made} demo completions ({ConversionTable.objects.count()} conversion tables)")
