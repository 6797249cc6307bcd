"""The study offices' JOO pages: the home's endorsement queue and the host's decision queue (filters, counts, CSV,
bulk endorse / decline), one application (endorse, decline, decide, supplement), the dashboard, the host's terms
and rounds, its JOO students (R-JOO-1, R-JOO-2, R-JOO-6, R-JOO-8) and the permission matrix."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

from joopas.accounts.tests.factories import UserFactory
from joopas.applications import rules
from joopas.applications.models import Application, HostTerms, RequestedEntity, Round
from joopas.applications.tests.factories import endorsed, granted, make_round, make_world, submitted
from joopas.core.clock import academic_year_label, academic_year_of, today
from joopas.core.models import AuditEvent
from joopas.rights import api as rights_api

pytestmark = pytest.mark.django_db

HOME_Q, HOST_Q = "/applications/office/endorse/", "/applications/office/decide/"
OVERVIEW, TERMS, STUDENTS = "/applications/office/overview/", "/applications/office/terms/", \
    "/applications/office/joo-students/"


def _client(user: Any = None) -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        c.force_login(user)
    return c


def _detail(app: Application) -> str:
    return f"/applications/office/{app.pk}/"


@pytest.fixture
def w() -> dict[str, Any]:
    return make_world()


def _snapshot() -> list[tuple[Any, ...]]:
    return [(*a, tuple(RequestedEntity.objects.filter(application_id=a[0]).order_by("pk")
                       .values_list("decision", "reason"))) for a in
            Application.objects.order_by("pk").values_list("pk", "status", "home_reason", "joo_right_id",
                                                           "supplement_request", "payment_committed")]


def _csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- permissions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [HOME_Q, HOST_Q, OVERVIEW, TERMS, STUDENTS])
def test_pages_anonymous_goes_to_login_and_no_role_is_refused(w: dict[str, Any], url: str) -> None:
    response = _client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _client(UserFactory()).get(url).status_code == 403


@pytest.mark.parametrize("url", [HOME_Q, HOST_Q, OVERVIEW, TERMS, STUDENTS])
def test_pages_open_for_a_study_office(w: dict[str, Any], url: str) -> None:
    assert _client(w["home_officer"]).get(url).status_code == 200
    assert _client(w["host_officer"]).get(url).status_code == 200


def test_detail_permissions_anonymous_other_office_no_role(w: dict[str, Any]) -> None:
    app = endorsed(w)
    response = _client().get(_detail(app))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _client(w["tuni_officer"]).get(_detail(app)).status_code == 404
    assert _client(UserFactory()).get(_detail(app)).status_code == 404
    assert _client(w["student"]).get(_detail(app)).status_code == 404
    assert _client(w["home_officer"]).get(_detail(app)).status_code == 200
    assert _client(w["host_officer"]).get(_detail(app)).status_code == 200
    assert _client(w["home_officer"]).get("/applications/office/999999/").status_code == 404


def test_r_joo_1_endorsement_by_an_officer_of_another_institution_changes_nothing(w: dict[str, Any]) -> None:
    app = submitted(w)
    before = _snapshot()
    for user in (w["tuni_officer"], w["host_officer"], UserFactory()):
        response = _client(user).post(_detail(app), {"action": "endorse"})
        assert response.status_code == 404
        response = _client(user).post(HOME_Q, {"selected": [app.pk], "bulk_action": "endorse"})
        assert response.status_code in (302, 403)
    assert _snapshot() == before


def test_the_other_queues_do_not_list_the_application(w: dict[str, Any]) -> None:
    app = endorsed(w)
    assert app.number not in _client(w["tuni_officer"]).get(HOME_Q).content.decode()
    assert app.number not in _client(w["tuni_officer"]).get(HOST_Q).content.decode()
    assert app.number not in _client(w["host_officer"]).get(HOME_Q).content.decode()
    assert app.number not in _client(w["home_officer"]).get(HOST_Q).content.decode()


# --- R-JOO-1: the home queue and endorsement -----------------------------------------------------------

def test_r_joo_1_host_sees_nothing_before_endorsement(w: dict[str, Any]) -> None:
    app = submitted(w)
    host = _client(w["host_officer"])
    assert app.number not in host.get(HOST_Q).content.decode()
    assert host.get(_detail(app)).status_code == 404
    assert host.post(_detail(app), {"action": "decide"}).status_code == 404
    page = _client(w["home_officer"]).get(HOME_Q).content.decode()
    assert f'href="/applications/office/{app.pk}/">{app.number}</a>' in page
    app = endorsed_now(w, app)
    assert f'href="/applications/office/{app.pk}/">{app.number}</a>' in host.get(HOST_Q).content.decode()
    assert host.get(_detail(app)).status_code == 200


def endorsed_now(w: dict[str, Any], app: Application) -> Application:
    from joopas.applications import services

    return services.endorse(actor=w["home_officer"], application_id=app.pk, endorse=True)


def test_home_queue_lists_with_counts_search_and_writes_a_list_read_row(w: dict[str, Any]) -> None:
    app = submitted(w)
    person = w["person"]
    c = _client(w["home_officer"])
    page = c.get(HOME_Q + "?status=submitted").content.decode()
    assert f"{person.last_name}, {person.first_names}" in page
    assert w["module_a"].code in page and w["module_b"].code in page
    assert "1 application" in page
    assert '<span class="badge badge-progress">waiting for endorsement</span> 1' in page
    assert 'name="select_all"' in page and f'name="page_ids" value="{app.pk}"' in page
    assert "commits to pay for the studies the host grants" in page
    row = AuditEvent.objects.get(event="applications.list_read")
    assert row.person_oid == person.learner_oid
    assert row.after == {"person_oids": [person.learner_oid], "organisation_id": w["hy"].pk, "queue": "home",
                         "rows": 1, "page": 1}
    assert "1 application" in c.get(HOME_Q + f"?q={person.last_name}").content.decode()
    assert "1 application" in c.get(HOME_Q + f"?q={app.number}").content.decode()
    assert "No application matches the filters." in c.get(HOME_Q + "?q=Nobodyhere").content.decode()
    assert "No application matches the filters." in c.get(HOME_Q + "?status=decided").content.decode()
    assert c.get(HOME_Q + "?status=bogus&page=abc&overdue=x").status_code == 200


def test_r_joo_1_endorse_on_the_detail_page_commits_to_pay(w: dict[str, Any]) -> None:
    app = submitted(w)
    c = _client(w["home_officer"])
    page = c.get(_detail(app)).content.decode()
    assert "By endorsing, your university commits to pay for the studies the host grants" in page
    assert "Endorse the application" in page and "Do not endorse" in page
    read = AuditEvent.objects.get(event="applications.read")
    assert (read.subject_id, read.person_oid) == (str(app.pk), w["person"].learner_oid)
    response = c.post(_detail(app), {"action": "endorse", "endorse-note": "Sopii HOPSiin."})
    assert response.status_code == 302 and response["Location"] == _detail(app)
    app.refresh_from_db()
    assert (app.status, app.payment_committed, app.home_reason) == ("endorsed", True, "Sopii HOPSiin.")
    assert app.decision_due == rules.add_months(w["round"].closes_on, 1)
    page = c.get(_detail(app)).content.decode()
    assert "The application was endorsed. It is now with the host." in page
    assert "The home university endorsed the application. Note: Sopii HOPSiin." in page
    assert "Endorse the application" not in page


def test_r_joo_1_decline_needs_a_reason_and_changes_nothing_without_one(w: dict[str, Any]) -> None:
    app = submitted(w)
    c = _client(w["home_officer"])
    before = _snapshot()
    response = c.post(_detail(app), {"action": "decline", "decline-reason": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and "Give the reason. The student sees it." in page
    assert _snapshot() == before
    response = c.post(_detail(app), {"action": "decline", "decline-reason": "Opinto-oikeus päättyy."})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.home_reason, app.payment_committed) == ("declined", "Opinto-oikeus päättyy.", False)
    page = c.get(_detail(app)).content.decode()
    assert "The home university did not endorse the application. Reason: Opinto-oikeus päättyy." in page
    assert _client(w["host_officer"]).get(_detail(app)).status_code == 404  # R-JOO-1: declined never reaches it


def test_detail_post_with_an_unknown_action_is_404_and_markup_is_refused(w: dict[str, Any]) -> None:
    app = submitted(w)
    c = _client(w["home_officer"])
    before = _snapshot()
    assert c.post(_detail(app), {"action": "explode"}).status_code == 404
    response = c.post(_detail(app), {"action": "decline", "decline-reason": "<script>x</script>"})
    assert response.status_code == 200
    assert "Plain text only" in response.content.decode()
    assert _snapshot() == before


def test_r_joo_1_bulk_endorse_and_bulk_decline(w: dict[str, Any]) -> None:
    a1 = submitted(w)
    a2 = submitted(w, ("study_module", w["module_b"]))
    a3 = submitted(w, ("course_unit", w["single"]))
    c = _client(w["home_officer"])
    response = c.post(HOME_Q, {"selected": [a1.pk, a2.pk], "bulk_action": "endorse", "qs": "status=submitted"})
    assert response.status_code == 302 and response["Location"] == HOME_Q + "?status=submitted"
    assert list(Application.objects.filter(pk__in=[a1.pk, a2.pk, a3.pk]).order_by("pk")
                .values_list("status", flat=True)) == ["endorsed", "endorsed", "submitted"]
    assert "2 endorsed." in c.get(HOME_Q).content.decode()
    # decline: one reason for all; an already endorsed row is refused with its reason, the others declined
    response = c.post(HOME_Q, {"selected": [a1.pk, a3.pk], "bulk_action": "decline", "reason": "Ei resursseja."},
                      follow=True)
    page = response.content.decode()
    assert "1 declined, 1 refused:" in page
    assert f"({a1.number}): It is no longer waiting for endorsement (now: waiting for the host&#x27;s decision)." in page
    a1.refresh_from_db()
    a3.refresh_from_db()
    assert (a1.status, a3.status, a3.home_reason) == ("endorsed", "declined", "Ei resursseja.")


def test_bulk_decline_without_a_reason_changes_nothing(w: dict[str, Any]) -> None:
    app = submitted(w)
    c = _client(w["home_officer"])
    before = _snapshot()
    page = c.post(HOME_Q, {"selected": [app.pk], "bulk_action": "decline", "reason": " "}, follow=True) \
        .content.decode()
    assert "Give the reason for not endorsing. The students see it." in page
    page = c.post(HOME_Q, {"bulk_action": "endorse"}, follow=True).content.decode()
    assert "Choose at least one application first." in page
    page = c.post(HOME_Q, {"selected": [app.pk], "bulk_action": "nuke"}, follow=True).content.decode()
    assert "Select a valid choice." in page
    assert _snapshot() == before


def test_bulk_by_another_office_is_refused_and_changes_nothing(w: dict[str, Any]) -> None:
    app = submitted(w)
    before = _snapshot()
    page = _client(w["tuni_officer"]).post(HOME_Q, {"selected": [app.pk], "bulk_action": "endorse"},
                                           follow=True).content.decode()
    assert "0 endorsed, 1 refused:" in page and "It is not an application of your institution&#x27;s student." in page
    assert _snapshot() == before


def test_bulk_select_all_on_the_page(w: dict[str, Any]) -> None:
    a1 = submitted(w)
    a2 = submitted(w, ("course_unit", w["single"]))
    _client(w["home_officer"]).post(HOME_Q, {"select_all": "1", "page_ids": [a1.pk, a2.pk], "bulk_action": "endorse"})
    assert set(Application.objects.values_list("status", flat=True)) == {"endorsed"}


# --- R-JOO-2: the host queue and decision ---------------------------------------------------------------

def test_r_joo_2_host_detail_shows_transcript_justification_and_decision_form(w: dict[str, Any]) -> None:
    app = endorsed(w)
    page = _client(w["host_officer"]).get(_detail(app)).content.decode()
    assert "HOPS: sivuaine" in page
    assert "Made from the home university&#x27;s records on" in page or "which had no completed studies" in page
    assert "Save the decision" in page and "Send the request to the student" in page
    for e in app.entities.all():
        assert f'name="decide-d{e.pk}"' in page and f'name="decide-r{e.pk}"' in page
    assert "Endorse the application" not in page


def test_r_joo_2_decision_grant_one_reject_one_creates_the_joo_right(w: dict[str, Any]) -> None:
    app = endorsed(w)
    a, b = list(app.entities.order_by("position"))
    c = _client(w["host_officer"])
    response = c.post(_detail(app), {"action": "decide", f"decide-d{a.pk}": "granted",
                                     f"decide-d{b.pk}": "rejected", f"decide-r{b.pk}": "Ryhmä on täynnä."})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "decided" and app.joo_right_id is not None
    assert list(app.entities.order_by("position").values_list("decision", "reason")) == [
        ("granted", ""), ("rejected", "Ryhmä on täynnä.")]
    joo = rights_api.get_joo_right(app.joo_right_id)
    assert joo is not None and [g.entity_id for g in joo.granted] == [w["module_a"].pk]
    page = c.get(_detail(app)).content.decode()
    assert "The decision was saved." in page
    assert f"<dt>Identifier</dt><dd>{joo.identifier}</dd>" in page
    assert "Save the decision" not in page
    assert "The host decided on the application." in page
    home_page = _client(w["home_officer"]).get(_detail(app)).content.decode()
    assert joo.identifier in home_page and "Ryhmä on täynnä." in home_page


def test_r_joo_2_reject_without_a_reason_or_undecided_entity_changes_nothing(w: dict[str, Any]) -> None:
    app = endorsed(w)
    a, b = list(app.entities.order_by("position"))
    c = _client(w["host_officer"])
    before = _snapshot()
    response = c.post(_detail(app), {"action": "decide", f"decide-d{a.pk}": "granted",
                                     f"decide-d{b.pk}": "rejected", f"decide-r{b.pk}": "  "})
    assert response.status_code == 200
    assert "Give the reason. The student sees it." in response.content.decode()
    response = c.post(_detail(app), {"action": "decide", f"decide-d{a.pk}": "granted"})
    assert response.status_code == 200 and "Choose “Grant” or “Reject”." in response.content.decode()
    response = c.post(_detail(app), {"action": "decide", f"decide-d{a.pk}": "maybe", f"decide-d{b.pk}": "granted"})
    assert response.status_code == 200 and "Select a valid choice." in response.content.decode()
    assert _snapshot() == before


def test_r_joo_2_decision_by_the_home_office_or_another_office_is_refused(w: dict[str, Any]) -> None:
    app = endorsed(w)
    a, b = list(app.entities.order_by("position"))
    data = {"action": "decide", f"decide-d{a.pk}": "granted", f"decide-d{b.pk}": "granted"}
    before = _snapshot()
    assert _client(w["home_officer"]).post(_detail(app), data).status_code == 403
    assert _client(w["tuni_officer"]).post(_detail(app), data).status_code == 404
    assert _snapshot() == before


def test_r_joo_2_supplement_request_via_the_page(w: dict[str, Any]) -> None:
    app = endorsed(w)
    c = _client(w["host_officer"])
    response = c.post(_detail(app), {"action": "supplement", "supplement-text": " "})
    assert response.status_code == 200 and "Tell the student what to supplement." in response.content.decode()
    app.refresh_from_db()
    assert app.status == "endorsed"
    response = c.post(_detail(app), {"action": "supplement", "supplement-text": "Lisää HOPS liitteeksi."})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.status, app.supplement_request) == ("supplement", "Lisää HOPS liitteeksi.")
    page = c.get(_detail(app)).content.decode()
    assert "The host asked for a supplement: Lisää HOPS liitteeksi." in page
    assert "Send the request to the student" not in page  # one request at a time
    assert "Save the decision" in page  # the host may still decide


def test_r_joo_2_overdue_flag_and_filter(w: dict[str, Any]) -> None:
    late = endorsed(w)
    fresh = endorsed(w, ("course_unit", w["single"]))
    Application.objects.filter(pk=late.pk).update(decision_due=today() - dt.timedelta(days=1))
    Application.objects.filter(pk=fresh.pk).update(decision_due=today() + dt.timedelta(days=10))
    c = _client(w["host_officer"])
    page = c.get(HOST_Q).content.decode()
    assert page.count('<span class="badge badge-error">Overdue</span>') == 1
    assert page.index(late.number) < page.index(fresh.number)  # earliest due first
    overdue = c.get(HOST_Q + "?overdue=1").content.decode()
    assert "1 application" in overdue and late.number in overdue and fresh.number not in overdue
    assert 'id="aoverdue" name="overdue" value="1" checked' in overdue
    waiting = c.get(HOST_Q + "?status=endorsed").content.decode()
    assert "2 applications" in waiting
    assert '<span class="badge badge-error">Overdue</span>' in c.get(_detail(late)).content.decode()
    assert '<span class="badge badge-error">Overdue</span>' not in c.get(_detail(fresh)).content.decode()


# --- CSV exports -----------------------------------------------------------------------------------------

def test_csv_exports_of_the_queues_are_the_filtered_lists(w: dict[str, Any]) -> None:
    app = endorsed(w)
    other = submitted(w, ("course_unit", w["single"]))
    person = w["person"]
    rows = _csv_rows(_client(w["home_officer"]).get(HOME_Q + "?status=submitted&format=csv"))
    assert rows[0] == ["Application number", "Student", "Home student number", "Host institution",
                       "Requested studies", "Submitted", "Status"]
    assert len(rows) == 2 and rows[1][0] == other.number
    assert rows[1][1:4] == [f"{person.last_name}, {person.first_names}", person.student_number,
                            w["aalto"].name_en]
    assert rows[1][4] == w["single"].code and rows[1][6] == "waiting for endorsement"
    Application.objects.filter(pk=app.pk).update(decision_due=today() - dt.timedelta(days=3))
    rows = _csv_rows(_client(w["host_officer"]).get(HOST_Q + "?format=csv"))
    assert rows[0][-2:] == ["Decision due", "Overdue"]
    assert len(rows) == 2 and rows[1][0] == app.number and rows[1][-1] == "yes"
    assert rows[1][4] == f"{w['module_a'].code}, {w['module_b'].code}"
    assert AuditEvent.objects.filter(event="applications.list_read", after__export="csv").count() == 2


# --- R-JOO-6: the host's JOO students -------------------------------------------------------------------

def test_r_joo_6_joo_students_lists_the_granted_student_and_exports_csv(w: dict[str, Any]) -> None:
    app = granted(w)
    joo = rights_api.get_joo_right(app.joo_right_id or 0)
    assert joo is not None
    c = _client(w["host_officer"])
    page = c.get(STUDENTS).content.decode()
    assert "1 JOO student" in page
    assert f"{joo.last_name}, {joo.first_names}" in page and joo.identifier in page and joo.learner_oid in page
    assert w["module_a"].code in page
    row = AuditEvent.objects.get(event="applications.list_read")
    assert row.after["person_oids"] == [joo.learner_oid] and row.after["list"] == "joo_students"
    rows = _csv_rows(c.get(STUDENTS + "?format=csv"))
    assert rows[0] == ["Last name", "First names", "Learner number (OID)", "Email", "Student number at the host",
                       "Home institution", "JOO study right", "Valid from", "Valid until", "Granted studies"]
    assert len(rows) == 2
    assert rows[1][0:3] == [joo.last_name, joo.first_names, joo.learner_oid]
    assert rows[1][6:10] == [joo.identifier, joo.start_date.isoformat(),
                             joo.end_date.isoformat() if joo.end_date else "", w["module_a"].code]
    assert "No JOO student has a study right in force" in _client(w["tuni_officer"]).get(STUDENTS).content.decode()
    assert joo.identifier not in _client(w["home_officer"]).get(STUDENTS).content.decode()


# --- the dashboard ------------------------------------------------------------------------------------------

def test_r_joo_2_overview_counts_per_institution(w: dict[str, Any]) -> None:
    late = endorsed(w)
    submitted(w, ("course_unit", w["single"]))
    Application.objects.filter(pk=late.pk).update(decision_due=today() - dt.timedelta(days=1))
    page = _client(w["tuni_officer"]).get(OVERVIEW).content.decode()
    hy, aalto = w["hy"].name_en, w["aalto"].name_en
    assert f'<tr><th scope="row">{aalto}</th><td>0</td><td>1</td><td><span class="badge badge-error">1</span></td>' \
           f"<td>0</td></tr>" in page
    assert f'<tr><th scope="row">{hy}</th><td>1</td><td>0</td><td>0</td><td>0</td></tr>' in page
    assert w["person"].last_name not in page  # aggregates only
    assert _client(UserFactory()).get(OVERVIEW).status_code == 403


# --- R-JOO-8: terms and rounds --------------------------------------------------------------------------

def test_r_joo_8_terms_are_saved(w: dict[str, Any]) -> None:
    c = _client(w["host_officer"])
    data = {"action": "terms", "terms-reminder_days": "7", "terms-guidance_fi": "Hae ajoissa.",
            "terms-admission_en": "Enrol in Sisu.", "terms-services_sv": "Bibliotek och IT."}
    response = c.post(TERMS, data)
    assert response.status_code == 302
    terms = HostTerms.objects.get(organisation_id=w["aalto"].pk)
    assert (terms.reminder_days, terms.guidance_fi, terms.admission_en, terms.services_sv) == (
        7, "Hae ajoissa.", "Enrol in Sisu.", "Bibliotek och IT.")
    page = c.get(TERMS).content.decode()
    assert "The JOO terms were saved." in page and "Hae ajoissa.</textarea>" in page
    response = c.post(TERMS, {**data, "terms-reminder_days": "0", "terms-guidance_fi": "Muutettu"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert HostTerms.objects.get(organisation_id=w["aalto"].pk).guidance_fi == "Hae ajoissa."
    assert c.post(TERMS, {"action": "bogus"}).status_code == 404


def test_rounds_add_edit_and_refuse_bad_dates(w: dict[str, Any]) -> None:
    c = _client(w["host_officer"])
    n = Round.objects.count()
    response = c.post(TERMS, {"action": "round", "round-kind": "fixed", "round-opens_on": "2031-03-01",
                              "round-closes_on": "2031-02-01", "round-studies_start": "2031-08-01"})
    assert response.status_code == 200 and "A round cannot close before it opens." in response.content.decode()
    response = c.post(TERMS, {"action": "round", "round-kind": "fixed", "round-opens_on": "2031-03-01",
                              "round-closes_on": "2031-03-31", "round-studies_start": "2031-03-15"})
    assert response.status_code == 200
    assert "The granted studies start after the application period closes." in response.content.decode()
    response = c.post(TERMS, {"action": "round", "round-kind": "fixed", "round-opens_on": "2031-03-01",
                              "round-closes_on": "", "round-studies_start": "2031-08-01"})
    assert "An application period needs a closing date." in response.content.decode()
    assert Round.objects.count() == n
    response = c.post(TERMS, {"action": "round", "round-kind": "continuous", "round-opens_on": "2031-03-01",
                              "round-closes_on": "", "round-studies_start": "2031-08-01"})
    assert response.status_code == 302
    rnd = Round.objects.get(organisation_id=w["aalto"].pk, opens_on=dt.date(2031, 3, 1))
    assert (rnd.kind, rnd.closes_on, rnd.academic_year) == ("continuous", None, 2030)
    assert f'href="/applications/office/rounds/{rnd.pk}/"' in c.get(TERMS).content.decode()
    edit = f"/applications/office/rounds/{rnd.pk}/"
    assert c.get(edit).status_code == 200
    response = c.post(edit, {"round-kind": "continuous", "round-opens_on": "2031-03-01",
                             "round-closes_on": "2031-06-30", "round-studies_start": "2031-08-01"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.closes_on == dt.date(2031, 6, 30)
    # another institution's officer: the round does not exist for them; nothing changed
    assert _client(w["tuni_officer"]).get(edit).status_code == 404
    assert _client(w["tuni_officer"]).post(edit, {"round-kind": "fixed", "round-opens_on": "2031-03-01",
                                                  "round-closes_on": "2031-03-31",
                                                  "round-studies_start": "2031-08-01"}).status_code == 404
    rnd.refresh_from_db()
    assert (rnd.kind, rnd.closes_on) == ("continuous", dt.date(2031, 6, 30))
    assert _client(UserFactory()).get(edit).status_code == 403


def test_default_rounds_end_31_10_and_30_4(w: dict[str, Any]) -> None:
    c = _client(w["tuni_officer"])
    year = academic_year_of(today()) + 1
    page = c.get(TERMS).content.decode()
    assert f"Add the agreement's periods for academic year {academic_year_label(year)}" in page
    response = c.post(TERMS, {"action": "defaults", "academic_year": str(year)}, follow=True)
    assert "2 application periods were added" in response.content.decode()
    rounds = list(Round.objects.filter(organisation_id=w["tuni"].pk).order_by("opens_on")
                  .values_list("kind", "opens_on", "closes_on", "studies_start"))
    assert rounds == [("fixed", dt.date(year, 10, 1), dt.date(year, 10, 31), dt.date(year + 1, 1, 1)),
                      ("fixed", dt.date(year + 1, 4, 1), dt.date(year + 1, 4, 30), dt.date(year + 1, 8, 1))]
    response = c.post(TERMS, {"action": "defaults", "academic_year": str(year)}, follow=True)
    assert "already exist" in response.content.decode()
    assert Round.objects.filter(organisation_id=w["tuni"].pk).count() == 2
    response = c.post(TERMS, {"action": "defaults", "academic_year": "1999"}, follow=True)
    assert "Choose one of the academic years offered." in response.content.decode()
    assert Round.objects.filter(organisation_id=w["tuni"].pk).count() == 2


def test_desk_links_filter_the_queues(w: dict[str, Any]) -> None:
    app = submitted(w)
    other = endorsed(w, ("course_unit", w["single"]))
    page = _client(w["home_officer"]).get(HOME_Q + "?status=submitted").content.decode()
    assert app.number in page and other.number not in page
    make_round(w["aalto"], kind="continuous")
    page = _client(w["host_officer"]).get(HOST_Q + "?status=endorsed").content.decode()
    assert other.number in page and app.number not in page
