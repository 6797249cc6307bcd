"""Demo registrations between Helsinki, Aalto and Tampere, in every selection status, made through the services
(so history, audit rows and the messages to the institutions' systems exist). The three demo student logins are
bound to demo persons with home study rights (rights/demo.py), so "My studies" and the course pages' register
panel show them something real. Idempotent: the registrations are made once; the logins are bound every run.

Realisations are picked by asking the networks and the catalogue what each network offers at the host with
enrolment open now (catalogue/demo.py opens the first realisation of most course units around the demo's day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from joopas.accounts import api as accounts_api
from joopas.catalogue import api as catalogue_api
from joopas.catalogue.data import RealisationRef
from joopas.core import clock
from joopas.networks import api as networks_api
from joopas.organisations import api as organisations_api
from joopas.registrations import services
from joopas.registrations.models import Registration
from joopas.rights import api as rights_api
from joopas.rights.data import PersonRef

UNIVERSITIES = {"HY": "1.2.246.562.10.39218317368", "AALTO": "1.2.246.562.10.56753942459",
                "TUNI": "1.2.246.562.10.72255864398"}
FIRST_STUDENT = {"HY": 0, "AALTO": 6, "TUNI": 12}  # rights/demo.py numbers its persons 0–17, six per university
LOGINS = {"opiskelija@hy.demo": ("HY", 0), "opiskelija@aalto.demo": ("AALTO", 0), "opiskelija@tuni.demo": ("TUNI", 0)}
OFFICERS = {"HY": "virkailija@hy.demo", "AALTO": "virkailija@aalto.demo", "TUNI": "virkailija@tuni.demo"}


@dataclass(frozen=True)
class Scenario:
    home: str
    student: int  # 0–3: the eligible demo students of the home university
    host: str
    network: str
    outcome: str  # pending | accepted | rejected | cancelled | aborted
    reason: str = ""


SCENARIOS = [
    # The Helsinki student login: one of each status, at Aalto and Tampere.
    Scenario("HY", 0, "AALTO", "JOO-YLIOPISTOT", "pending"),
    Scenario("HY", 0, "TUNI", "TILASTO-VERKOSTO", "accepted"),
    Scenario("HY", 0, "AALTO", "JOO-YLIOPISTOT", "accepted"),
    Scenario("HY", 0, "TUNI", "JOO-YLIOPISTOT", "rejected", "Kurssi on täynnä."),
    Scenario("HY", 0, "AALTO", "ETELA-RISTIIN", "cancelled"),
    Scenario("HY", 0, "TUNI", "JOO-YLIOPISTOT", "aborted", "Et osallistunut ensimmäisiin tapaamisiin."),
    # Other Helsinki students, registered by the home study office: Tampere's queue and accepted students.
    Scenario("HY", 1, "TUNI", "JOO-YLIOPISTOT", "pending"),
    Scenario("HY", 1, "TUNI", "TILASTO-VERKOSTO", "accepted"),
    Scenario("HY", 2, "TUNI", "TILASTO-VERKOSTO", "pending"),
    Scenario("HY", 2, "AALTO", "ETELA-RISTIIN", "pending"),
    Scenario("HY", 3, "TUNI", "JOO-YLIOPISTOT", "pending"),
    Scenario("HY", 3, "TUNI", "JOO-YLIOPISTOT", "accepted"),
    # The Aalto student login.
    Scenario("AALTO", 0, "HY", "JOO-YLIOPISTOT", "pending"),
    Scenario("AALTO", 0, "TUNI", "JOO-YLIOPISTOT", "accepted"),
    Scenario("AALTO", 0, "HY", "ETELA-RISTIIN", "rejected", "Esitietovaatimukset eivät täyty. / "
                                                           "The prerequisites are not met."),
    Scenario("AALTO", 1, "HY", "JOO-YLIOPISTOT", "pending"),
    # The Tampere student login.
    Scenario("TUNI", 0, "AALTO", "JOO-YLIOPISTOT", "pending"),
    Scenario("TUNI", 0, "HY", "JOO-YLIOPISTOT", "accepted"),
    Scenario("TUNI", 0, "HY", "TILASTO-VERKOSTO", "cancelled"),
]


def _person(abbr: str, org_id: int, index: int) -> PersonRef | None:
    n = FIRST_STUDENT[abbr] + index
    return rights_api.person_by_student_number(org_id, f"{abbr}-{2024000 + n}")


def _open_offering(network_id: int, host_id: int, now: dt.datetime) -> list[RealisationRef]:
    """The host's realisations offered in the network with enrolment open now, by id."""
    day = timezone.localtime(now).date()
    unit_ids = networks_api.course_unit_ids_in_network(network_id, on=day)
    ids = {i for ids in catalogue_api.realisation_ids_for_units(unit_ids).values() for i in ids}
    ids |= set(networks_api.offering_ids_for_network(network_id, on=day).realisation_ids)
    out = []
    for pk in sorted(ids):
        r = catalogue_api.get_realisation_by_id(pk)
        if r is not None and r.organisation_id == host_id and catalogue_api.enrolment_open(r, now):
            out.append(r)
    return out


def bind_logins() -> int:
    """The demo student logins are these persons (R-ACC-2 identity): the same hetu digest."""
    bound = 0
    for email, (abbr, index) in LOGINS.items():
        org = organisations_api.get_by_oid(UNIVERSITIES[abbr])
        user = accounts_api.get_by_email(email)
        person = _person(abbr, org.id, index) if org else None
        key = rights_api.identity_of_person(person.id) if person else ""
        if user is not None and key and user.identity_key in ("", key):
            accounts_api.identity_bind(user_id=user.id, key=key)
            bound += 1
    return bound


def _users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    emails = [*OFFICERS.values(), *LOGINS]
    return {u.email: u for u in get_user_model().objects.filter(email__in=emails)}


def load(stdout: Any = None) -> None:
    bound = bind_logins()
    orgs = {abbr: organisations_api.get_by_oid(oid) for abbr, oid in UNIVERSITIES.items()}
    if any(o is None for o in orgs.values()):
        return
    org_ids = {abbr: o.id for abbr, o in orgs.items() if o is not None}
    people = {(abbr, i): _person(abbr, org_ids[abbr], i) for abbr in org_ids for i in range(4)}
    person_ids = [p.id for p in people.values() if p is not None]
    if Registration.objects.filter(home_person_id__in=person_ids).exists():  # made on an earlier run
        if stdout:
            stdout.write(f"  registrations: {bound} student logins bound, demo registrations exist")
        return
    users = _users()
    login_of = {(abbr, index): users.get(email) for email, (abbr, index) in LOGINS.items()}
    now = clock.now()
    used: dict[int, set[int]] = {}
    made = 0
    for s in SCENARIOS:
        person = people.get((s.home, s.student))
        network = networks_api.get_network(s.network)
        host_officer = users.get(OFFICERS[s.host])
        if person is None or network is None or host_officer is None:
            continue
        right = next((r for r in rights_api.rights_of_person(person.id) if r.kind == "home"), None)
        taken = used.setdefault(person.id, set())
        real = next((r for r in _open_offering(network.id, org_ids[s.host], now) if r.course_unit_id not in taken),
                    None)
        actor = login_of.get((s.home, s.student)) or users.get(OFFICERS[s.home])
        if right is None or real is None or actor is None:
            continue
        reg = services.registration_create(actor=actor, home_right_id=right.id, network_id=network.id,
                                           realisation_ids=[real.id], now=now)
        taken.add(real.course_unit_id)
        sel = reg.selections.get()
        number = f"{s.host}-V{reg.pk:05d}"
        if s.outcome in ("accepted", "aborted"):
            services.selection_decide(actor=host_officer, selection_id=sel.pk, accept=True,
                                      host_student_number=number)
        if s.outcome == "rejected":
            services.selection_decide(actor=host_officer, selection_id=sel.pk, accept=False, reason=s.reason)
        if s.outcome == "cancelled":
            services.selection_cancel(actor=actor, selection_id=sel.pk, now=now)
        if s.outcome == "aborted":
            services.selection_abort(actor=host_officer, selection_id=sel.pk, reason=s.reason)
        made += 1
    if stdout:
        stdout.write(f"  registrations: {made} demo registrations, {bound} student logins bound")
