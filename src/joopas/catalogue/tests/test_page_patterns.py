"""Issue 11 in the catalogue pages: translated cross-field errors at their fields, the form pattern
(aria-invalid, aria-describedby, error summary, required marks), the reversed credits filter, result badges,
Helsinki times, the editor list (status badges, CSV of the filtered list, empty states) and the demo's
enrolment periods ending at 23.59 Helsinki time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation

from joopas.access.models import Role
from joopas.access.tests.factories import grant
from joopas.accounts.tests.factories import UserFactory
from joopas.catalogue import demo, forms, services
from joopas.catalogue.models import ImportRun, Realisation
from joopas.catalogue.tests.factories import make_realisation, make_unit, open_window
from joopas.core import clock
from joopas.core.problems import Problem
from joopas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")

REALISATION = {"realisation_id": "RX1", "name_fi": "Syksy", "start_date": "2026-09-01", "end_date": "2026-12-01",
               "enrolment_start": "2026-08-01T09:00", "enrolment_end": "2026-08-20T16:00", "teaching_mode": "online",
               "teaching_languages": ["fi"], "credits_min": "5", "status": "ACTIVE"}
UNIT = {"study_element_id": "NEW-1", "code": "N1", "name_fi": "Uusi kurssi", "credits_min": "5",
        "teaching_languages": ["fi"], "assessment_scale": "0-5", "status": "ACTIVE", "marketed": "on"}
ENGLISH_SCHEMA_TEXT = ("Value error", "is before", "is not after", "is less than", "at least one language (fi")


def new_org() -> Any:
    return OrganisationFactory()


def editor(org: object, lang: str = "fi") -> Client:
    user = UserFactory()
    grant(user, org, Role.CATALOGUE_EDITOR)
    c = Client()
    c.cookies["joopas_language"] = lang
    c.force_login(user)
    return c


def field_error(html: str, field: str) -> str:
    """The text of the error list Django links to `field` by aria-describedby (`id_<field>_error`)."""
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>(.*?)</li></ul>', html)
    assert match, f"no error at {field}"
    return match.group(1)


def widget(html: str, field: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*id="id_{field}"[^>]*>', html)
    assert match, f"no widget {field}"
    return match.group(0)


@pytest.mark.parametrize(("lang", "dates", "enrolment", "credits"), [
    ("fi", "Päättymispäivä ei voi olla ennen alkamispäivää.", "Ilmoittautumisajan on päätyttävä alkamisensa jälkeen.",
     "Opintopisteiden enimmäismäärä ei voi olla pienempi kuin vähimmäismäärä."),
    ("sv", "Slutdatumet kan inte vara före startdatumet.", "Anmälningstiden måste sluta efter att den har börjat.",
     "Det högsta antalet studiepoäng kan inte vara mindre än det lägsta."),
])
def test_realisation_cross_field_errors_are_translated_at_their_fields(lang: str, dates: str, enrolment: str,
                                                                      credits: str) -> None:
    org = new_org()
    unit = make_unit(org)
    before = Realisation.objects.count()
    r = editor(org, lang).post(f"/catalogue/edit/{unit.pk}/realisations/new/", {
        **REALISATION, "end_date": "2026-08-01", "enrolment_end": "2026-07-01T16:00", "credits_max": "3"})
    html = r.content.decode()
    assert r.status_code == 200 and Realisation.objects.count() == before
    assert field_error(html, "end_date") == dates
    assert field_error(html, "enrolment_end") == enrolment
    assert field_error(html, "credits_max") == credits
    for field in ("end_date", "enrolment_end", "credits_max"):
        tag = widget(html, field)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="id_{field}_error"' in tag
    assert 'aria-invalid' not in widget(html, "start_date")
    assert not any(text in html for text in ENGLISH_SCHEMA_TEXT)


@pytest.mark.parametrize(("lang", "name", "validity"), [
    ("fi", "Anna nimi vähintään yhdellä kielellä.", "Voimassaolo ei voi päättyä ennen kuin se alkaa."),
    ("sv", "Ange namnet på minst ett språk.", "Giltigheten kan inte upphöra innan den börjar."),
])
def test_unit_cross_field_errors_are_translated_at_their_fields(lang: str, name: str, validity: str) -> None:
    org = new_org()
    r = editor(org, lang).post("/catalogue/edit/new/", {
        **UNIT, "organisation": org.pk, "name_fi": "", "validity_start_date": "2027-01-01",
        "validity_end_date": "2026-01-01"})
    html = r.content.decode()
    assert field_error(html, "name_fi") == name
    assert field_error(html, "validity_end_date") == validity
    assert not any(text in html for text in ENGLISH_SCHEMA_TEXT)


def test_error_summary_is_an_alert_that_links_to_each_field() -> None:
    org = new_org()
    unit = make_unit(org)
    html = editor(org).post(f"/catalogue/edit/{unit.pk}/realisations/new/", {
        **REALISATION, "end_date": "2026-08-01"}).content.decode()
    summary = re.search(r'<div class="error-summary[^"]*" role="alert" tabindex="-1"[^>]*data-focus-on-load>(.*?)</div>',
                        html, re.S)
    assert summary, "no error summary"
    assert '<a href="#id_end_date">Päättymispäivä: Päättymispäivä ei voi olla ennen alkamispäivää.</a>' \
        in summary.group(1)


def test_required_fields_are_marked_visually_and_with_required() -> None:
    org = new_org()
    html = editor(org).get("/catalogue/edit/new/").content.decode()
    assert re.search(r'<label for="id_study_element_id">[^<]*<span class="required">\(pakollinen\)</span></label>',
                     html)
    assert "required" in widget(html, "study_element_id").split()
    assert '<label for="id_code">Koodi</label>' in html  # optional: no mark
    assert re.search(r'<legend>Opetuskielet <span class="required">\(pakollinen\)</span></legend>', html)


@pytest.mark.parametrize(("problem", "field", "message"), [
    (Problem("schema.value_error", "", "end_date is before start_date"), "end_date",
     "Päättymispäivä ei voi olla ennen alkamispäivää."),
    (Problem("schema.value_error", "", "enrolment_end_date_time is not after enrolment_start_date_time"),
     "enrolment_end", "Ilmoittautumisajan on päätyttävä alkamisensa jälkeen."),
    (Problem("schema.value_error", "", "credits_max is less than credits_min"), "credits_max",
     "Opintopisteiden enimmäismäärä ei voi olla pienempi kuin vähimmäismäärä."),
    (Problem("schema.value_error", "name", "give the name in at least one language (fi, sv or en)"), "name_fi",
     "Anna nimi vähintään yhdellä kielellä."),
    (Problem("schema.string_too_long", "teachers", "String should have at most 500 characters"), "teachers",
     "Tarkista tämä tieto."),
    (Problem("schema.missing", "enrolment_start_date_time", "Field required"), "enrolment_start",
     "Tarkista tämä tieto."),
])
def test_service_problems_are_translated_onto_their_field(problem: Problem, field: str, message: str) -> None:
    form = forms.RealisationForm(data={})
    form.is_valid()
    form.errors.clear()
    with translation.override("fi"):
        forms.add_problems(form, [problem])
        assert [str(m) for m in form.errors[field]] == [message]


def test_reversed_credits_filter_says_so_in_finnish_and_swedish() -> None:
    make_unit(new_org())
    c = Client()
    html = c.get("/catalogue/", {"credits_min": "10", "credits_max": "5"}).content.decode()
    assert "Opintopisteiden ”vähintään”-arvo on suurempi kuin ”enintään”-arvo" in html
    assert re.search(r'<input[^>]*id="credits_min"[^>]*aria-invalid="true" aria-describedby="credits-error"', html)
    assert "Haullasi ei löytynyt opintojaksoja" not in html  # the message says why, not "try other words"
    c.cookies["joopas_language"] = "sv"
    html = c.get("/catalogue/", {"credits_min": "10", "credits_max": "5"}).content.decode()
    assert "Studiepoängen ”minst” är fler än ”högst”" in html
    html = c.get("/catalogue/", {"credits_min": "5", "credits_max": "10"}).content.decode()
    assert "credits-error" not in html


def test_an_organisation_filter_too_large_for_the_database_is_ignored() -> None:
    r = Client().get("/catalogue/", {"organisation": "9" * 30})
    assert r.status_code == 200 and "credits-error" not in r.content.decode()


def test_results_show_code_organisation_period_and_badges() -> None:
    org = new_org()
    now = timezone.now()
    unit = make_unit(org, code="SAMA-1", name={"fi": "Kemia"})  # identical titles differ by code and period
    make_unit(org, code="SAMA-2", name={"fi": "Kemia"})
    start = timezone.localdate(now) + dt.timedelta(days=30)
    make_realisation(unit, start_date=start.isoformat(), end_date=(start + dt.timedelta(days=40)).isoformat(),
                     **open_window(now))
    services.joo_declaration_set(actor=None, organisation_id=org.pk, academic_year=clock.academic_year_of(
        clock.today()), mode="exclusion", course_unit_ids=[])
    html = Client().get("/catalogue/", {"organisation": org.pk}).content.decode()
    items = re.findall(r"<li>\s*<h3>.*?</li>", html, re.S)
    assert len(items) == 2
    first = next(i for i in items if "SAMA-1" in i)
    second = next(i for i in items if "SAMA-2" in i)
    season = {"autumn": "Syksy", "spring": "Kevät", "summer": "Kesä"}[
        {8: "autumn", 9: "autumn", 10: "autumn", 11: "autumn", 12: "autumn", 6: "summer", 7: "summer"}.get(
            start.month, "spring")]
    assert f'<span class="code">SAMA-1</span> · {org.name_fi} · {season} {start.year} ·' in first
    assert "Ilmoittautuminen auki" in first and "JOO-tarjonta" in first
    assert "Ei aikataulutettua opetusta" in second and "Ilmoittautuminen auki" not in second


def test_course_page_shows_helsinki_times_and_scrolls_the_table() -> None:
    org = new_org()
    unit = make_unit(org)
    make_realisation(unit, enrolment_start_date_time="2026-08-01T06:00:00+00:00",
                     enrolment_end_date_time="2026-08-31T20:59:00+00:00", teaching_mode="contact", location="")
    c = Client()
    html = c.get(f"/catalogue/course/{unit.pk}/").content.decode()
    assert "1.8.2026 klo 09.00 – 31.8.2026 klo 23.59" in html
    assert "1.9.2026–15.12.2026" in html
    assert '<div class="table-wrap" role="region" aria-label="Opetuksen ajat ja ilmoittautumisajat" tabindex="0">' in html
    assert f"<td>{org.name_fi}</td>" in html  # no location: the organiser's name, not an abbreviation
    c.cookies["joopas_language"] = "sv"
    assert "1.8.2026 kl. 09.00 – 31.8.2026 kl. 23.59" in c.get(f"/catalogue/course/{unit.pk}/").content.decode()
    c.cookies["joopas_language"] = "en"
    assert "1 Aug 2026, 09:00 – 31 Aug 2026, 23:59" in c.get(f"/catalogue/course/{unit.pk}/").content.decode()


def test_editor_list_badges_counts_csv_of_the_filtered_list_and_empty_states() -> None:
    org = new_org()
    make_unit(org, code="=KAAVA", name={"fi": "Aktiivinen"})
    archived = make_unit(org, code="ARK-1", name={"fi": "Vanha"})
    services.course_unit_archive(actor=None, unit=archived)
    c = editor(org)
    html = c.get("/catalogue/edit/").content.decode()
    assert '<span class="badge badge-success">Voimassa</span>' in html
    assert '<span class="badge badge-neutral">Arkistoitu</span>' in html
    assert ">ARCHIVED<" not in html and ">ACTIVE<" not in html
    assert '<option value="ARCHIVED" >Arkistoitu (1)</option>' in html
    html = c.get("/catalogue/edit/", {"status": "ARCHIVED"}).content.decode()
    assert "Lataa tämä luettelo (CSV)" in html and "status=ARCHIVED&amp;export=csv" in html
    r = c.get("/catalogue/edit/", {"status": "ACTIVE", "export": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert r["Content-Disposition"] == 'attachment; filename="course-units.csv"'
    assert rows == [["Koodi", "Nimi", "Korkeakoulu", "Tila", "Julkinen"],
                    ["'=KAAVA", "Aktiivinen", org.name_fi, "Voimassa", "Näytetään julkisesti"]]
    html = c.get("/catalogue/edit/", {"q": "ei-ole-olemassa"}).content.decode()
    assert '<div class="empty"><p>Rajauksia vastaavia opintojaksoja ei ole.</p>' in html


def test_editor_list_empty_state_says_how_to_start() -> None:
    html = editor(new_org()).get("/catalogue/edit/").content.decode()
    assert "Korkeakoulullanne ei ole vielä opintojaksoja Joopasissa." in html
    assert 'href="/catalogue/edit/new/"' in html and 'href="/catalogue/edit/import/"' in html


def test_import_page_lists_earlier_runs_with_translated_states() -> None:
    org = new_org()
    ImportRun.objects.create(organisation_id=org.pk, filename="syksy.jsonl", state="failed", total_rows=3,
                             processed_rows=3)
    ImportRun.objects.create(organisation_id=new_org().pk, filename="muiden.jsonl", state="done")
    c = editor(org)
    html = c.get("/catalogue/edit/import/").content.decode()
    assert "syksy.jsonl" in html and "muiden.jsonl" not in html
    assert '<span class="badge badge-error">Epäonnistui</span>' in html and ">failed<" not in html
    html = c.get("/catalogue/edit/import/", {"state": "done"}).content.decode()
    assert "syksy.jsonl" not in html and "Tässä tilassa ei ole tuonteja." in html


@pytest.mark.parametrize("now", [dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC),
                                 dt.datetime(2027, 6, 15, 21, 30, tzinfo=dt.UTC)])
def test_demo_enrolment_periods_end_at_23_59_helsinki_time(now: dt.datetime) -> None:
    reals = [r for r in demo._rows("HY", 0, now) if r["type"] == "realisation"]
    assert reals
    for r in reals:
        end = dt.datetime.fromisoformat(r["enrolment_end_date_time"]).astimezone(HELSINKI)
        start = dt.datetime.fromisoformat(r["enrolment_start_date_time"]).astimezone(HELSINKI)
        assert (end.hour, end.minute, start.hour, start.minute) == (23, 59, 9, 0)
        assert r["location"] in ("", "Helsinki, Kumpula")
