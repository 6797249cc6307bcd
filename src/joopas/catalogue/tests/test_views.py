from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue.models import CourseUnit, ImportRun, JooDeclaration, Realisation
from joopas.catalogue.tests.factories import make_realisation, make_unit, open_window, unit_data
from joopas.core.jobs import Worker, discover
from joopas.core.models import AuditEvent
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_public_search_page_and_course_page() -> None:
    org = OrganisationFactory()
    unit = make_unit(org, name={"fi": "Tilastotiede", "sv": "Statistik", "en": "Statistics"})
    make_realisation(unit, location="Kumpula", **open_window(timezone.now()))
    c = Client()
    r = c.get("/catalogue/", {"q": "tilastotieteen"})
    assert r.status_code == 200
    html = r.content.decode()
    assert f'href="/catalogue/course/{unit.pk}/">Tilastotiede</a>' in html
    assert "1 opintojakso löytyi" in html or "1 course found" in html
    r = c.get(f"/catalogue/course/{unit.pk}/")
    assert r.status_code == 200
    assert "Kumpula" in r.content.decode()
    assert c.get("/catalogue/course/999999/").status_code == 404
    assert c.get("/catalogue/institutions/").status_code == 200


@pytest.mark.parametrize("q", ["", "' OR 1=1", "ä" * 2000, "\"", "a:*"])
def test_public_search_page_never_fails(q: str) -> None:
    assert Client().get("/catalogue/", {"q": q, "credits_min": "-", "page": "y", "period": "x"}).status_code == 200


def _client(who: str, org, other) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    if who == "anonymous":
        return c
    user = UserFactory()
    if who == "own":
        grant(user, org, Role.CATALOGUE_EDITOR)
    elif who == "other":
        grant(user, other, Role.CATALOGUE_EDITOR)
    c.force_login(user)
    return c


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("own", 302), ("other", 403), ("norole", 403)])
def test_permission_matrix_archive(who: str, status: int) -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    unit = make_unit(org)
    before = AuditEvent.objects.count()
    r = _client(who, org, other).post(f"/catalogue/edit/{unit.pk}/archive/")
    assert r.status_code == status
    unit.refresh_from_db()
    if who == "own":
        assert unit.status == "ARCHIVED"
    else:
        assert unit.status == "ACTIVE"
        assert AuditEvent.objects.count() == before
        if who == "anonymous":
            assert r["Location"].startswith("/accounts/login") or "login" in r["Location"]


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("own", 200), ("other", 403), ("norole", 403)])
def test_permission_matrix_edit_page(who: str, status: int) -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    unit = make_unit(org)
    assert _client(who, org, other).get(f"/catalogue/edit/{unit.pk}/").status_code == status


def test_editor_creates_and_edits_a_unit() -> None:
    org = OrganisationFactory()
    c = _client("own", org, None)
    assert c.get("/catalogue/edit/").status_code == 200
    form = {"organisation": org.pk, "study_element_id": "NEW-1", "code": "N1", "name_fi": "Uusi kurssi",
            "credits_min": "5", "teaching_languages": ["fi", "en"], "assessment_scale": "0-5", "status": "ACTIVE",
            "marketed": "on"}
    r = c.post("/catalogue/edit/new/", form)
    unit = CourseUnit.objects.get(external_id="NEW-1")
    assert r.status_code == 302 and r["Location"] == f"/catalogue/edit/{unit.pk}/"
    assert (unit.teaching_languages, unit.marketed) == (["fi", "en"], True)
    r = c.post("/catalogue/edit/new/", form)
    assert r.status_code == 200 and CourseUnit.objects.count() == 1  # same id again: refused
    r = c.post(f"/catalogue/edit/{unit.pk}/", {**form, "name_fi": "Muutettu", "study_element_id": "HACK"})
    unit.refresh_from_db()
    assert (unit.name_fi, unit.external_id) == ("Muutettu", "NEW-1")
    r = c.post(f"/catalogue/edit/{unit.pk}/", {**form, "teaching_languages": []})
    assert r.status_code == 200
    r = c.post(f"/catalogue/edit/{unit.pk}/marketed/", {"marketed": "0"})
    unit.refresh_from_db()
    assert unit.marketed is False


def test_editor_realisation_and_extension() -> None:
    org = OrganisationFactory()
    c = _client("own", org, None)
    unit = make_unit(org)
    r = c.post(f"/catalogue/edit/{unit.pk}/realisations/new/", {
        "realisation_id": "RR1", "name_fi": "Syksy", "start_date": "2026-09-01", "end_date": "2026-12-01",
        "enrolment_start": "2026-08-01T09:00", "enrolment_end": "2026-08-20T16:00", "teaching_mode": "online",
        "teaching_languages": ["fi"], "credits_min": "5", "status": "ACTIVE"})
    assert r.status_code == 302
    real = Realisation.objects.get(external_id="RR1")
    assert c.get(f"/catalogue/edit/{unit.pk}/realisations/{real.pk}/").status_code == 200
    c.post(f"/catalogue/edit/{unit.pk}/realisations/{real.pk}/extend/", {"new_end": "2026-08-10T10:00"})
    real.refresh_from_db()
    assert timezone.localtime(real.enrolment_end).strftime("%d.%m. %H:%M") == "20.08. 16:00"  # not an extension


def test_realisation_form_shows_and_keeps_whether_it_is_shown_publicly() -> None:
    org = OrganisationFactory()
    c = _client("own", org, None)
    unit = make_unit(org)
    real = make_realisation(unit, marketed=False)
    page = c.get(f"/catalogue/edit/{unit.pk}/realisations/{real.pk}/").content.decode()
    assert 'name="marketed"' in page and 'name="marketed" id="id_marketed" checked' not in page
    post = {"name_fi": "Kevät", "start_date": "2027-01-10", "end_date": "2027-03-01",
            "enrolment_start": "2026-12-01T09:00", "enrolment_end": "2026-12-20T16:00", "teaching_mode": "online",
            "teaching_languages": ["fi"], "credits_min": "5", "status": "ACTIVE"}
    assert c.post(f"/catalogue/edit/{unit.pk}/realisations/{real.pk}/", post).status_code == 302
    real.refresh_from_db()
    assert (real.name_fi, real.marketed) == ("Kevät", False)  # editing does not publish it
    assert c.post(f"/catalogue/edit/{unit.pk}/realisations/{real.pk}/", {**post, "marketed": "on"}).status_code == 302
    real.refresh_from_db()
    assert real.marketed is True


def test_r_off_1_declaration_page_saves() -> None:
    org = OrganisationFactory()
    c = _client("own", org, None)
    unit = make_unit(org)
    r = c.get("/catalogue/edit/joo/")
    assert r.status_code == 200
    r = c.post(f"/catalogue/edit/joo/?organisation={org.pk}&year=2026",
               {"organisation": org.pk, "year": 2026, "mode": "exclusion", "course_units": [str(unit.pk)]})
    assert r.status_code == 302
    decl = JooDeclaration.objects.get()
    assert (decl.academic_year, decl.mode, list(decl.course_units.all())) == (2026, "exclusion", [unit])


def test_upload_runs_as_jobs_and_reports_bad_rows() -> None:
    discover()
    org = OrganisationFactory()
    c = _client("own", org, None)
    good = {"type": "course_unit", **unit_data(study_element_id="UP1")}
    bad = {"type": "course_unit", **unit_data(study_element_id="UP2", teaching_languages=[])}
    upload = SimpleUploadedFile("o.jsonl", (json.dumps(good) + "\n" + json.dumps(bad) + "\n").encode())
    r = c.post("/catalogue/edit/import/", {"organisation": org.pk, "file": upload})
    run = ImportRun.objects.get()
    assert r["Location"] == f"/catalogue/edit/import/{run.pk}/"
    Worker().run_until_empty()
    run.refresh_from_db()
    assert (run.state, [e["line"] for e in run.errors]) == ("failed", [2])
    assert CourseUnit.objects.count() == 0
    page = c.get(f"/catalogue/edit/import/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in page and "UP2" in page
    upload = SimpleUploadedFile("o.jsonl", (json.dumps(good) + "\n").encode())
    c.post("/catalogue/edit/import/", {"organisation": org.pk, "file": upload})
    Worker().run_until_empty()
    assert ImportRun.objects.order_by("-id").first().state == "done"  # type: ignore[union-attr]
    assert list(CourseUnit.objects.values_list("external_id", flat=True)) == ["UP1"]


def test_exports() -> None:
    org = OrganisationFactory()
    c = _client("own", org, None)
    unit = make_unit(org, study_element_id="EX1")
    make_realisation(unit, realisation_id="EXR1")
    body = b"".join(c.get(f"/catalogue/edit/export.jsonl?organisation={org.pk}").streaming_content).decode()
    rows = [json.loads(x) for x in body.splitlines()]
    assert [(r["type"], r.get("realisation_id") or r["study_element_id"]) for r in rows] == \
        [("course_unit", "EX1"), ("realisation", "EXR1")]
    csv_body = b"".join(c.get(f"/catalogue/edit/export.csv?organisation={org.pk}").streaming_content).decode()
    assert csv_body.splitlines()[0].startswith("type,study_element_id,realisation_id")
    assert len(csv_body.splitlines()) == 3
    other = OrganisationFactory()
    assert c.get(f"/catalogue/edit/export.csv?organisation={other.pk}").status_code == 403


def test_export_reimports_unchanged() -> None:
    from joopas.catalogue import importer

    org = OrganisationFactory()
    c = _client("own", org, None)
    unit = make_unit(org, study_element_id="RT1", parents=[])
    make_realisation(unit, realisation_id="RT1-R")
    body = b"".join(c.get(f"/catalogue/edit/export.jsonl?organisation={org.pk}").streaming_content).decode()
    lines = body.splitlines()
    plan = importer.plan(lines, organisation_id=org.pk)
    assert (plan.errors, plan.counts) == ([], {"study_module": 0, "course_unit": 1, "realisation": 1})
    assert importer.apply_all(lines, plan, organisation_id=org.pk) == {"created": 0, "updated": 2}
