"""Demo offering for every demo institution: course units in three languages with realisations, some with
enrolment open now, and JOO declarations. Idempotent (upserts by the institutions' own identifiers)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from joopas.catalogue import importer, services
from joopas.catalogue.models import CourseUnit, StudyModule
from joopas.core import clock
from joopas.organisations import api as organisations_api

# (fi, sv, en, field of education)
TOPICS: list[tuple[str, str, str, str]] = [
    ("Tilastotiede", "Statistik", "Statistics", "05"),
    ("Ohjelmointi", "Programmering", "Programming", "06"),
    ("Tietokannat", "Databaser", "Databases", "06"),
    ("Tekoäly", "Artificiell intelligens", "Artificial intelligence", "06"),
    ("Matematiikka", "Matematik", "Mathematics", "05"),
    ("Fysiikka", "Fysik", "Physics", "05"),
    ("Kemia", "Kemi", "Chemistry", "05"),
    ("Biologia", "Biologi", "Biology", "05"),
    ("Taloustiede", "Nationalekonomi", "Economics", "03"),
    ("Kirjanpito", "Bokföring", "Accounting", "04"),
    ("Markkinointi", "Marknadsföring", "Marketing", "04"),
    ("Johtaminen", "Ledarskap", "Leadership", "04"),
    ("Oikeustiede", "Rättsvetenskap", "Law", "04"),
    ("Psykologia", "Psykologi", "Psychology", "03"),
    ("Sosiologia", "Sociologi", "Sociology", "03"),
    ("Kasvatustiede", "Pedagogik", "Education", "01"),
    ("Filosofia", "Filosofi", "Philosophy", "02"),
    ("Historia", "Historia", "History", "02"),
    ("Ruotsin kieli", "Svenska språket", "Swedish language", "02"),
    ("Englannin kieli", "Engelska språket", "English language", "02"),
    ("Suomen kieli", "Finska språket", "Finnish language", "02"),
    ("Musiikki", "Musik", "Music", "02"),
    ("Arkkitehtuuri", "Arkitektur", "Architecture", "07"),
    ("Sähkötekniikka", "Elektroteknik", "Electrical engineering", "07"),
    ("Konetekniikka", "Maskinteknik", "Mechanical engineering", "07"),
    ("Ympäristötiede", "Miljövetenskap", "Environmental science", "05"),
    ("Metsätiede", "Skogsvetenskap", "Forest science", "08"),
    ("Hoitotyö", "Vårdarbete", "Nursing", "09"),
    ("Kansanterveystiede", "Folkhälsovetenskap", "Public health", "09"),
    ("Matkailu", "Turism", "Tourism", "10"),
]
# (fi, sv, en, credits)
LEVELS = [("perusteet", "grunder", "basics", 5), ("jatkokurssi", "fortsättningskurs", "advanced course", 5),
          ("projektityö", "projektarbete", "project work", 10)]
MODES = ["contact", "online", "blended", "distance"]
HELSINKI = ZoneInfo("Europe/Helsinki")
CAMPUS = {"HY": "Helsinki, Kumpula", "AALTO": "Espoo, Otaniemi", "TUNI": "Tampere, Hervanta",
          "JYU": "Jyväskylä, Mattilanniemi", "UEF": "Joensuu", "UTU": "Turku, Educarium",
          "ARCADA": "Helsingfors, Arabia", "LAMK": "Lahti, Niemi"}
LANG_SETS = [["fi"], ["fi", "en"], ["en"], ["sv"], ["fi", "sv"]]


def _rows(abbr: str, index: int, now: dt.datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    now = now.astimezone(HELSINKI)  # enrolment opens at 9.00 and ends at 23.59 Helsinki time
    today = now.date()
    for t, (fi, sv, en, field) in enumerate(TOPICS):
        module_id = f"{abbr}-M{t:02d}"
        rows.append({"type": "study_module", "study_element_id": module_id, "code": f"{abbr}-{t:02d}00",
                     "name": {"fi": f"{fi}, opintokokonaisuus", "sv": f"{sv}, studiehelhet", "en": f"{en}, study module"},
                     "credits_min": "20", "credits_max": "25", "teaching_languages": ["fi", "en"], "marketed": True,
                     "field_of_education": field})
        for lv, (lfi, lsv, len_, credits) in enumerate(LEVELS):
            if (t + lv + index) % 4 == 3:  # not every institution teaches every level
                continue
            unit_id = f"{abbr}-{t:02d}{lv + 1:02d}"
            exact = lv == 0 and fi == "Tilastotiede" and abbr == "HY"
            name = {"fi": fi if exact else f"{fi}: {lfi}", "sv": sv if exact else f"{sv}: {lsv}",
                    "en": en if exact else f"{en}: {len_}"}
            langs = LANG_SETS[(t + lv + index) % len(LANG_SETS)]
            rows.append({
                "type": "course_unit", "study_element_id": unit_id, "code": unit_id, "name": name,
                "description": {
                    "fi": f"Opintojaksolla perehdytään {fi.lower()}n keskeisiin käsitteisiin ja menetelmiin.",
                    "sv": f"Kursen behandlar centrala begrepp och metoder inom {sv.lower()}.",
                    "en": f"The course introduces the key concepts and methods of {en.lower()}."},
                "objective": {"fi": "Opiskelija osaa soveltaa oppimaansa käytännössä.",
                              "sv": "Studerande kan tillämpa det hon eller han lärt sig.",
                              "en": "The student can apply what they have learnt."},
                "credits_min": str(credits), "credits_max": str(credits), "teaching_languages": langs,
                "assessment_scale": "pass-fail" if lv == 2 else "0-5", "field_of_education": field,
                "validity_start_date": dt.date(today.year - 1, 8, 1).isoformat(), "status": "ACTIVE",
                "marketed": (t + lv) % 9 != 8, "parents": [module_id]})
            for k in range(1 + (t + lv) % 3):
                # k=0: enrolment open now for most units; k=1: opens later; k=2: closed
                offset = [-10, 20, -90][k] + (t % 5)
                start = now + dt.timedelta(days=offset)
                begins = (start + dt.timedelta(days=25)).date()
                rows.append({
                    "type": "realisation", "realisation_id": f"{unit_id}-R{k + 1}", "code": f"{unit_id}-{k + 1}",
                    "study_element_id": unit_id,
                    "name": {"fi": f"{name['fi']} ({['syksy', 'kevät', 'kesä'][k]})",
                             "sv": f"{name['sv']} ({['höst', 'vår', 'sommar'][k]})",
                             "en": f"{name['en']} ({['autumn', 'spring', 'summer'][k]})"},
                    "start_date": begins.isoformat(), "end_date": (begins + dt.timedelta(days=70)).isoformat(),
                    "enrolment_start_date_time": start.replace(hour=9, minute=0, second=0, microsecond=0).isoformat(),
                    "enrolment_end_date_time": (start + dt.timedelta(days=21)).replace(
                        hour=23, minute=59, second=0, microsecond=0).isoformat(),
                    "teaching_mode": MODES[(t + k + index) % 4], "teaching_languages": langs,
                    "location": "" if MODES[(t + k + index) % 4] in ("online", "distance") else CAMPUS[abbr],
                    "max_seats": [30, 60, None][k], "credits_min": str(credits), "credits_max": str(credits),
                    "teachers": "", "status": "ACTIVE", "marketed": True})
    return rows


# Demo institutions (organisations/demo.py) by OID → the prefix of their study codes.
INSTITUTIONS: list[tuple[str, str]] = [
    ("1.2.246.562.10.39218317368", "HY"), ("1.2.246.562.10.56753942459", "AALTO"),
    ("1.2.246.562.10.72255864398", "TUNI"), ("1.2.246.562.10.77055527103", "JYU"),
    ("1.2.246.562.10.38515028629", "UEF"), ("1.2.246.562.10.31112217018", "UTU"),
    ("1.2.246.562.10.25619624254", "ARCADA"), ("1.2.246.562.10.27756776996", "LAMK"),
]


def load(stdout: Any = None) -> None:
    now = clock.now()
    year = clock.academic_year_of(clock.today())
    total = 0
    for index, (oid, abbr) in enumerate(INSTITUTIONS):
        ref = organisations_api.get_by_oid(oid)
        if ref is None:
            continue
        lines = [json.dumps(r) for r in _rows(abbr, index, now)]
        plan = importer.plan(lines, organisation_id=ref.id)
        if not plan.ok:
            raise RuntimeError(f"demo offering for {abbr} is invalid: {plan.errors[:3]}")
        importer.apply_all(lines, plan, organisation_id=ref.id)
        total += len(plan.order)
        units = CourseUnit.objects.filter(organisation_id=ref.id)
        for decl_year in (year, year + 1):  # this academic year and the next (the spring JOO period's studies)
            if index % 2 == 0:  # R-OFF-1 exclusion mode: everything except project work
                services.joo_declaration_set(actor=None, organisation_id=ref.id, academic_year=decl_year,
                                             mode="exclusion",
                                             course_unit_ids=list(units.filter(external_id__endswith="03")
                                                                  .values_list("pk", flat=True)))
            else:  # list mode: the basics courses and two modules
                services.joo_declaration_set(
                    actor=None, organisation_id=ref.id, academic_year=decl_year, mode="list",
                    course_unit_ids=list(units.filter(external_id__endswith="01").values_list("pk", flat=True)),
                    study_module_ids=list(StudyModule.objects.filter(organisation_id=ref.id)
                                          .order_by("external_id").values_list("pk", flat=True)[:2]))
    if stdout:
        stdout.write(f"  catalogue: {total} study modules, course units and realisations "
                     f"({CourseUnit.objects.count()} course units)")
