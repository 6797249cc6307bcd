"""Demo JOO applications (SPEC §5): every demo university of the national JOO agreement publishes its terms
(R-JOO-8) and rounds for the current academic year — the agreement's two periods, and a period open today so an
application can be sent any day; Aalto also takes applications continuously. The three demo student logins have
applications in every status, made through the services (so history, audit rows, the students' messages and
the messages to the institutions' systems exist), and the study offices find work on their desk:

- virkailija@hy.demo: an application to endorse (Helsinki is home), one to decide and one waiting for a
  supplement (Helsinki is host);
- virkailija@aalto.demo: an application to endorse, and one to decide that is overdue (R-JOO-2);
- virkailija@tuni.demo: an application to decide, a decided one with its JOO right, and a declined one.

The Helsinki student (opiskelija@hy.demo) has no application to Aalto: they can try the whole loop there
(Aalto's continuous round is open). Idempotent: terms are published once (an officer's edits stay), rounds are
added when missing, the applications are made once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from joopas.applications import rules, selectors, services
from joopas.applications.models import Application, Round
from joopas.applications.services import EntityChoice
from joopas.catalogue import api as catalogue_api
from joopas.core import clock
from joopas.exchange.api import SystemActor
from joopas.organisations import api as organisations_api
from joopas.rights import api as rights_api

# The universities of the JOO agreement network (networks/demo.py "JOO-YLIOPISTOT"), by OID → code prefix.
UNIVERSITIES: dict[str, str] = {
    "HY": "1.2.246.562.10.39218317368", "AALTO": "1.2.246.562.10.56753942459",
    "TUNI": "1.2.246.562.10.72255864398", "JYU": "1.2.246.562.10.77055527103",
    "UEF": "1.2.246.562.10.38515028629", "UTU": "1.2.246.562.10.31112217018",
}
CONTINUOUS = {"AALTO"}  # takes JOO applications continuously; the others have an application period open now
FIRST_STUDENT = {"HY": 0, "AALTO": 6, "TUNI": 12}  # rights/demo.py numbers its persons, six per university
LOGINS = {"HY": "opiskelija@hy.demo", "AALTO": "opiskelija@aalto.demo", "TUNI": "opiskelija@tuni.demo"}
OFFICERS = {"HY": "virkailija@hy.demo", "AALTO": "virkailija@aalto.demo", "TUNI": "virkailija@tuni.demo"}
FLOW_HOST = "AALTO"  # the Helsinki student's try-it-yourself host: no demo application there


@dataclass(frozen=True)
class Scenario:
    home: str  # the student login's home university
    host: str
    outcome: str  # draft | submitted | declined | endorsed | overdue | supplement | decided
    justification: str
    reason: str = ""  # declined: the home's reason; supplement: what to add; decided: why the second is rejected


SCENARIOS = [
    # The Helsinki student (Finnish): a decision with a JOO right at Tampere, one waiting for Helsinki.
    Scenario("HY", "TUNI", "decided",
             "HOPS: suoritan sivuaineena tilastotiedettä. Tampereen opintokokonaisuus täydentää pääaineeni "
             "menetelmäopintoja.",
             "Ohjelmoinnin opintokokonaisuus on tänä lukuvuonna täynnä. Voit hakea sitä uudelleen seuraavalla "
             "hakukierroksella."),
    Scenario("HY", "JYU", "submitted",
             "HOPS: valinnaiset opinnot. Haluan opiskella psykologiaa, jota omassa tutkinto-ohjelmassani ei ole."),
    # The Aalto student (Swedish): a supplement asked by Helsinki, one waiting for Tampere, one waiting for Aalto.
    Scenario("AALTO", "HY", "supplement",
             "PSP: biämnet statistik. Helsingfors universitets studiehelhet passar min examen.",
             "Komplettera ditt studieutdrag med vårens vitsord, tack."),
    Scenario("AALTO", "TUNI", "endorsed",
             "PSP: valfria studier i programmering och databaser som stöder mitt diplomarbete."),
    Scenario("AALTO", "UTU", "submitted",
             "PSP: valfria studier i historia och filosofi."),
    # The Tampere student (English): overdue at Aalto, declined by Tampere, a draft to Helsinki.
    Scenario("TUNI", "AALTO", "overdue",
             "Personal study plan: minor subject in programming; Aalto's module builds on my statistics studies."),
    Scenario("TUNI", "UEF", "declined",
             "Personal study plan: elective studies in forest science.",
             "Opintosi ovat vielä alussa: suorita ensin oman tutkintosi perusopinnot. / Your studies have only "
             "just begun: complete the basic studies of your own degree first."),
    Scenario("TUNI", "HY", "draft",
             "Personal study plan: I would like to take statistics at the University of Helsinki."),
]


def _terms(name: str) -> dict[str, str]:
    """The published terms of one university (R-JOO-8), in plain language in three languages."""
    fi, sv, en = name.split("|")
    return {
        "guidance_fi": f"{fi} ottaa vastaan JOO-hakemuksia toisten yliopistojen perustutkinto-opiskelijoilta. "
                       "Hae mieluiten kokonaista opintokokonaisuutta yksittäisten opintojaksojen sijaan. Kirjoita "
                       "perustelu henkilökohtaisesta opintosuunnitelmastasi (HOPS) ja liitä opintosuoritusote. "
                       "Oma yliopistosi puoltaa hakemuksen ennen kuin käsittelemme sen.",
        "guidance_sv": f"{sv} tar emot JOO-ansökningar av grundexamensstuderande vid andra universitet. Sök "
                       "helst en hel studiehelhet i stället för enskilda kurser. Skriv motiveringen utifrån din "
                       "personliga studieplan (PSP) och bifoga ett studieutdrag. Ditt eget universitet tillstyrker "
                       "ansökan innan vi behandlar den.",
        "guidance_en": f"{en} takes JOO applications from degree students of other universities. Apply for a "
                       "whole study module rather than single courses if you can. Write your justification from "
                       "your personal study plan (HOPS) and add your transcript of records. Your own university "
                       "endorses the application before we handle it.",
        "admission_fi": "Kun saat JOO-opinto-oikeuden, voit ilmoittautua myönnettyjen opintojen toteutuksille "
                        "samalla tavalla kuin omat opiskelijamme: ilmoittautumisaikana kurssin sivulla. JOO-"
                        "opiskelijat hyväksytään kursseille samoin perustein kuin omat opiskelijat.",
        "admission_sv": "När du har fått JOO-studierätt anmäler du dig till genomförandena av de beviljade "
                        "studierna på samma sätt som våra egna studerande: på kursens sida under anmälningstiden. "
                        "JOO-studerande antas till kurserna på samma grunder som våra egna studerande.",
        "admission_en": "Once you have a JOO study right, you register for the course implementations of the "
                        "granted studies like our own students do: on the course page during the registration "
                        "period. JOO students are admitted to courses on the same grounds as our own students.",
        "services_fi": "Saat käyttäjätunnuksen tietojärjestelmiimme ja kirjaston palvelut koko JOO-opinto-oikeuden "
                       "ajaksi. Tunnus aktivoidaan, kun olet saanut päätöksen; ohjeet tulevat sähköpostiisi.",
        "services_sv": "Du får användarnamn till våra informationssystem och bibliotekets tjänster för hela "
                       "JOO-studierättens giltighetstid. Användarnamnet aktiveras när du fått beslutet; "
                       "anvisningarna kommer till din e-post.",
        "services_en": "You get a user account for our IT systems and the library's services for as long as your "
                       "JOO study right lasts. The account is activated once you have the decision; the "
                       "instructions come to your email.",
    }


NAMES = {"HY": "Helsingin yliopisto|Helsingfors universitet|The University of Helsinki",
         "AALTO": "Aalto-yliopisto|Aalto-universitetet|Aalto University",
         "TUNI": "Tampereen yliopisto|Tammerfors universitet|Tampere University",
         "JYU": "Jyväskylän yliopisto|Jyväskylä universitet|The University of Jyväskylä",
         "UEF": "Itä-Suomen yliopisto|Östra Finlands universitet|The University of Eastern Finland",
         "UTU": "Turun yliopisto|Åbo universitet|The University of Turku"}


def _users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    emails = [*OFFICERS.values(), *LOGINS.values()]
    return {u.email: u for u in get_user_model().objects.filter(email__in=emails)}


def _actor(abbr: str, org_id: int, users: dict[str, Any]) -> Any:
    """The university's study office: its demo officer, or its system when the demo has no officer there."""
    return users.get(OFFICERS.get(abbr, "")) or SystemActor(organisation_id=org_id, label="demo")


def open_period(day: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """An application period open on `day` (opened two weeks ago, closes in two weeks) whose studies start in
    the same academic year, so the hosts' JOO offering of this year applies (catalogue/demo.py declares it)."""
    year_end = clock.academic_year_end(clock.academic_year_of(day))
    studies_start = min(day + dt.timedelta(days=45), year_end)
    closes = max(day, min(day + dt.timedelta(days=14), studies_start - dt.timedelta(days=1)))
    return day - dt.timedelta(days=14), closes, max(studies_start, closes + dt.timedelta(days=1))


def _publish(orgs: dict[str, int], users: dict[str, Any], day: dt.date) -> tuple[int, int]:
    """Terms once per university; the agreement's two periods of this academic year, and the round open today
    (Aalto: continuous application over the academic year)."""
    year = clock.academic_year_of(day)
    terms = rounds = 0
    for abbr, org_id in orgs.items():
        actor = _actor(abbr, org_id, users)
        if selectors.terms_of(org_id) is None:
            services.terms_save(actor=actor, organisation_id=org_id, values=_terms(NAMES[abbr]))
            terms += 1
        rounds += len(services.default_rounds_create(actor=actor, organisation_id=org_id, academic_year=year))
        if abbr in CONTINUOUS:
            opens = clock.academic_year_start(year)
            if not Round.objects.filter(organisation_id=org_id, kind=rules.CONTINUOUS, opens_on=opens).exists():
                services.round_save(actor=actor, organisation_id=org_id, kind=rules.CONTINUOUS, opens_on=opens,
                                    closes_on=clock.academic_year_end(year), studies_start=opens)
                rounds += 1
            continue
        if _open_round(org_id, day) is None:
            opens, closes, start = open_period(day)
            if not Round.objects.filter(organisation_id=org_id, kind=rules.FIXED, opens_on=opens).exists():
                services.round_save(actor=actor, organisation_id=org_id, kind=rules.FIXED, opens_on=opens,
                                    closes_on=closes, studies_start=start)
                rounds += 1
    return terms, rounds


def _open_round(org_id: int, day: dt.date) -> Round | None:
    """The host's round open today whose studies start this academic year (the one the demo applies in)."""
    year = clock.academic_year_of(day)
    for rnd in Round.objects.filter(organisation_id=org_id, opens_on__lte=day).order_by("-opens_on", "id"):
        if (rules.round_state(rnd.opens_on, rnd.closes_on, day) == "open"
                and clock.academic_year_of(rnd.studies_start) == year):
            return rnd
    return None


def _student(abbr: str, org_id: int) -> tuple[Any, Any] | None:
    """The demo student login's person (rights/demo.py; registrations/demo.py binds the login) and home right."""
    person = rights_api.person_by_student_number(org_id, f"{abbr}-{2024000 + FIRST_STUDENT[abbr]}")
    if person is None:
        return None
    right = next((r for r in rights_api.rights_of_person(person.id) if r.kind == "home"), None)
    return (person, right) if right is not None else None


def _make(s: Scenario, orgs: dict[str, int], users: dict[str, Any], day: dt.date) -> Application | None:
    student, home_officer = users.get(LOGINS[s.home]), _actor(s.home, orgs[s.home], users)
    host_officer = _actor(s.host, orgs[s.host], users)
    found = _student(s.home, orgs[s.home])
    rnd = _open_round(orgs[s.host], day)
    if student is None or found is None or rnd is None:
        return None
    _person, right = found
    modules, _units = catalogue_api.joo_offering(orgs[s.host], rnd.studies_start)
    if len(modules) < 2:
        return None
    # the host's first two JOO study modules, in the student's order of preference
    entities = [EntityChoice(rules.MODULE, modules[0].id), EntityChoice(rules.MODULE, modules[1].id)]
    app = services.draft_save(actor=student, home_right_id=right.id, round_id=rnd.pk, entities=entities,
                              justification=s.justification)
    app = services.transcript_generate(actor=student, application_id=app.pk)
    if s.outcome == "draft":
        return app
    app = services.submit(actor=student, application_id=app.pk)
    if s.outcome == "submitted":
        return app
    if s.outcome == "declined":
        return services.endorse(actor=home_officer, application_id=app.pk, endorse=False, reason=s.reason)
    app = services.endorse(actor=home_officer, application_id=app.pk, endorse=True)
    if s.outcome == "overdue":  # demo only: as if the host had let the due date pass (R-JOO-2 flags it)
        Application.objects.filter(pk=app.pk).update(decision_due=day - dt.timedelta(days=5))
    if s.outcome == "supplement":
        return services.request_supplement(actor=host_officer, application_id=app.pk, text=s.reason)
    if s.outcome == "decided":
        first, second = list(app.entities.order_by("position"))
        return services.decide(actor=host_officer, application_id=app.pk,
                               decisions={first.pk: (rules.GRANTED, ""), second.pk: (rules.REJECTED, s.reason)})
    return app


def load(stdout: Any = None) -> None:
    found = {abbr: organisations_api.get_by_oid(oid) for abbr, oid in UNIVERSITIES.items()}
    orgs = {abbr: o.id for abbr, o in found.items() if o is not None}
    if len(orgs) != len(UNIVERSITIES):
        return
    users = _users()
    day = clock.today()
    terms, rounds = _publish(orgs, users, day)
    people = [p for abbr in LOGINS if (p := _student(abbr, orgs[abbr])) is not None]
    made = 0
    if not Application.objects.filter(home_person_id__in=[person.id for person, _right in people]).exists():
        for s in SCENARIOS:
            made += _make(s, orgs, users, day) is not None
    if stdout:
        stdout.write(f"  applications: {terms} host terms and {rounds} rounds published, "
                     f"{made} demo JOO applications")
