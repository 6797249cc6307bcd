"""Shared by the catalogue benchmarks (P2, P4): a separate bench database and a generated offering file.

The data set: 50 000 course units and 200 000 realisations over the eight demo institutions, names and
descriptions in Finnish, Swedish and English, enrolment windows around "now" so that a quarter are open.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import baseline

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = os.environ.get("BENCH_CATALOGUE_DB", "joopas_bench_catalogue")
DATABASE_URL = f"postgres://{baseline.PG_USER}@{baseline.PG_HOST}:{baseline.PG_PORT}/{DB_NAME}"
DATA_FILE = ROOT / "bench" / "results" / "catalogue-offering.jsonl"
JOOPAS = str(ROOT / ".venv" / "bin" / "joopas")

ORGS = ["1.2.246.562.10.39218317368", "1.2.246.562.10.56753942459", "1.2.246.562.10.72255864398",
        "1.2.246.562.10.77055527103", "1.2.246.562.10.38515028629", "1.2.246.562.10.31112217018",
        "1.2.246.562.10.25619624254", "1.2.246.562.10.27756776996"]
TOPICS = [("Tilastotiede", "Statistik", "Statistics"), ("Ohjelmointi", "Programmering", "Programming"),
          ("Tietokannat", "Databaser", "Databases"), ("Matematiikka", "Matematik", "Mathematics"),
          ("Fysiikka", "Fysik", "Physics"), ("Kemia", "Kemi", "Chemistry"), ("Biologia", "Biologi", "Biology"),
          ("Taloustiede", "Nationalekonomi", "Economics"), ("Kirjanpito", "Bokföring", "Accounting"),
          ("Markkinointi", "Marknadsföring", "Marketing"), ("Johtaminen", "Ledarskap", "Leadership"),
          ("Oikeustiede", "Rättsvetenskap", "Law"), ("Psykologia", "Psykologi", "Psychology"),
          ("Sosiologia", "Sociologi", "Sociology"), ("Kasvatustiede", "Pedagogik", "Education"),
          ("Filosofia", "Filosofi", "Philosophy"), ("Historia", "Historia", "History"),
          ("Musiikki", "Musik", "Music"), ("Arkkitehtuuri", "Arkitektur", "Architecture"),
          ("Sähkötekniikka", "Elektroteknik", "Electrical engineering"),
          ("Konetekniikka", "Maskinteknik", "Mechanical engineering"),
          ("Ympäristötiede", "Miljövetenskap", "Environmental science"), ("Metsätiede", "Skogsvetenskap", "Forestry"),
          ("Hoitotyö", "Vårdarbete", "Nursing"), ("Matkailu", "Turism", "Tourism"),
          ("Kielitiede", "Språkvetenskap", "Linguistics"), ("Tähtitiede", "Astronomi", "Astronomy"),
          ("Geologia", "Geologi", "Geology"), ("Maantiede", "Geografi", "Geography"),
          ("Teologia", "Teologi", "Theology"), ("Taidehistoria", "Konsthistoria", "Art history"),
          ("Viestintä", "Kommunikation", "Communication"), ("Lääketiede", "Medicin", "Medicine"),
          ("Farmasia", "Farmaci", "Pharmacy"), ("Tietoturva", "Informationssäkerhet", "Information security"),
          ("Robotiikka", "Robotik", "Robotics"), ("Logistiikka", "Logistik", "Logistics"),
          ("Rakennustekniikka", "Byggteknik", "Civil engineering"), ("Yrittäjyys", "Entreprenörskap",
                                                                    "Entrepreneurship"),
          ("Kansantaloustiede", "Samhällsekonomi", "National economics")]
LEVELS = [("perusteet", "grunder", "basics"), ("jatkokurssi", "fortsättningskurs", "advanced course"),
          ("seminaari", "seminarium", "seminar"), ("projektityö", "projektarbete", "project work"),
          ("menetelmät", "metoder", "methods")]
MODES = ["contact", "online", "blended", "distance"]
LANGS = [["fi"], ["fi", "en"], ["en"], ["sv"], ["fi", "sv"]]
FIELDS = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]


def env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": DATABASE_URL, "JOOPAS_ALLOW_DEV_KEY": "1", "DB_CONN_MAX_AGE": "600",
            "DJANGO_SETTINGS_MODULE": "joopas.config.settings",
            "SECURE_COOKIES": "0"}  # plain http on loopback: no https redirect, no HSTS


def fresh_database() -> None:
    """Drop and re-create the bench database, migrate it and load the demo organisations."""
    subprocess.run(baseline._pg("dropdb", "--if-exists", DB_NAME), check=True, capture_output=True)
    subprocess.run(baseline._pg("createdb", DB_NAME), check=True, capture_output=True)
    subprocess.run([JOOPAS, "migrate", "--noinput", "-v", "0"], check=True, env=env(), cwd=ROOT)
    subprocess.run([JOOPAS, "shell", "-c", "from joopas.organisations import demo; demo.load()"], check=True,
                   env=env(), cwd=ROOT)


def generate(units: int = 50_000, realisations_per_unit: int = 4, path: Path = DATA_FILE) -> int:
    """Write the JSON Lines file; returns the number of rows."""
    path.parent.mkdir(exist_ok=True)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    rows = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(units):
            org = ORGS[i % len(ORGS)]
            fi, sv, en = TOPICS[(i // len(ORGS)) % len(TOPICS)]
            lfi, lsv, len_ = LEVELS[(i // (len(ORGS) * len(TOPICS))) % len(LEVELS)]
            n = i // (len(ORGS) * len(TOPICS) * len(LEVELS))
            uid = f"U{i:06d}"
            langs = LANGS[i % len(LANGS)]
            credits = str(1 + (i % 10))
            unit: dict[str, Any] = {
                "type": "course_unit", "organisation": org, "study_element_id": uid, "code": f"B-{i:06d}",
                "name": {"fi": f"{fi}: {lfi} {n}", "sv": f"{sv}: {lsv} {n}", "en": f"{en}: {len_} {n}"},
                "description": {"fi": f"Opintojaksolla perehdytään aiheeseen {fi.lower()} ja sen menetelmiin.",
                                "sv": f"Kursen behandlar {sv.lower()} och dess metoder.",
                                "en": f"The course covers {en.lower()} and its methods."},
                "credits_min": credits, "credits_max": credits, "teaching_languages": langs,
                "field_of_education": FIELDS[i % len(FIELDS)], "marketed": i % 10 != 9,
            }
            fh.write(json.dumps(unit, ensure_ascii=False) + "\n")
            rows += 1
            for k in range(realisations_per_unit):
                start = now + dt.timedelta(days=(-10 if (i + k) % 4 == 0 else 30 + 40 * k))
                begins = (start + dt.timedelta(days=25)).date()
                fh.write(json.dumps({
                    "type": "realisation", "organisation": org, "realisation_id": f"{uid}-R{k}",
                    "study_element_id": uid, "code": f"B-{i:06d}-{k}",
                    "name": {"fi": f"{fi} {k + 1}", "en": f"{en} {k + 1}"},
                    "start_date": begins.isoformat(), "end_date": (begins + dt.timedelta(days=60)).isoformat(),
                    "enrolment_start_date_time": start.isoformat(),
                    "enrolment_end_date_time": (start + dt.timedelta(days=21)).isoformat(),
                    "teaching_mode": MODES[(i + k) % 4], "teaching_languages": langs, "max_seats": 40,
                    "credits_min": credits, "credits_max": credits,
                }, ensure_ascii=False) + "\n")
                rows += 1
    return rows


def import_file(path: Path = DATA_FILE) -> dict[str, Any]:
    """Run `joopas import-offering` as a child process; wall time and the child's peak RSS."""
    import time

    started = time.perf_counter()
    proc = subprocess.Popen([JOOPAS, "import-offering", str(path), "--no-progress", "-v", "2"], env=env(), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        print(out[-2000:], err[-4000:], file=sys.stderr)
        raise RuntimeError("import-offering failed")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "output": " / ".join(out.strip().splitlines()[-2:]) if out.strip() else ""}


def psql(sql: str) -> str:
    proc = subprocess.run([*baseline._pg("psql"), "-d", DB_NAME, "-At", "-c", sql], check=True, capture_output=True,
                          text=True)
    return proc.stdout.strip()
